import type { EntitySpan } from '../entity-types';
import { isPlainName } from './person-lexicon';
import { isNickname } from './person-stop-words';

/*
 * Third parties typed in lower case, where no capital and no lexicon marks the name: the words
 * around it do. Each class is a relation that only a person stands in:
 * - a kinship or pet-name word before the name ("nana bea", "zio nando", "tonton guy", "opa kees",
 *   "my bf dougie mcphail", "meiner frau wiebke");
 * - an owner after a document, card or phone word ("la carte de karim", "cpf da nanda", "bsn van
 *   noortje", "passaporto di marti", "la de manolo 4149…", "nao no pasupooto");
 * - the one called, asked or told, before where or how to reach them ("ruf fiete an", "llamen a
 *   chencho al 699…", "tell oluwaseun at the dive shop", "bel bas ff op +31…");
 * - names joined to "and I" or to each other ("moritz und ich", "fenna en wout willen");
 * - a name signing off a message after thanks ("thx!! kavita 💕") or a booking under a nickname
 *   ("under jj lol").
 * Every candidate must pass isNickname (not an everyday word of the eight languages) and must not
 * be a function word. Each rule is one regex pass over the text with bounded words: linear.
 */

const NICK = String.raw`(\p{L}[\p{L}\p{M}]{1,15}(?:-\p{Ll}{2,8})?)`;
const END = String.raw`(?![\p{L}\p{M}])`;
// Articles, prepositions and pronouns that follow the same relation words ("nonna di", "opa is").
const FUNCTION_WORDS = new Set(
  `de la le les el los las il lo gli di da do das dos du des del della van von der den het een ein eine einer einem und and et y e en to o a
  al au na no op an on at in im am zu mit with con com avec met for para per pour für voor que che dass dat is ist est es era è é wa ga ni
  mo me mi my mon ma mes mijn mein meine meiner meinem meinen mio mia minha meu his her su sua seu zijn haar sein seine ihr ihre
  who which dont donde dove waar wo onde was unter bei über sur chez
  hat hatte ist sind kann muss wird has had heeft tem tiene ha hanno ont
  einfach mich mir uns dich doch schnell nochmal kurz mal ff even pls plz please svp stp porfa asap us him them
  bcp beaucoup mille mil muito muchas tanto tante vielmals wel again lots heaps gozaimasu gozaimashita`.split(/\s+/),
);
// Nouns that follow the same "of" as an owner does: "número de tarjeta", "carta di credito".
const NOT_OWNER = new Set(
  `credito crédito crédit credit debito débito débit cidadão cidadao identidad identité identità identidade identiteit conducir conduire
  guida condução empresa firma company entreprise società societa azienda bedrijf banco banque bank banca habitación habitacion chambre
  camera quarto kamer zimmer room reserva réservation prenotazione reservering buchung booking vuelta volta viaje voyage viaggio viagem
  reis reise membre socio sócio club hotel spa golf emergencia urgence emergenza emergência contacto contact contatto contato
  cellulare celular móvil movil portable handy mobile teléfono telefono telefone telefoon phone carte carta cartão cartao tarjeta kaart
  karte card passaporte passaporto pasaporte passeport paspoort passport viaggio regalo cadeau gift geschenk presente cadeau`.split(/\s+/),
);
const isOwner = (word: string): boolean => isName(word) && !NOT_OWNER.has(word.toLowerCase()) && !RELATION_WORD.test(word) && !KIN_WORD.test(word);
const isName = (word: string): boolean => word.split('-').every((w) => isNickname(w)) && !FUNCTION_WORDS.has(word.toLowerCase());

// Kinship and pet names typed before a name in chat, lower case or not.
const KIN = [
  String.raw`nana|nan|nanna|granny|gran|grandma|grandpa|grandad|granddad|auntie|aunty|aunt|uncle|bro|sis|bf|gf|hubby|wifey|cousin`,
  String.raw`oma|opa|omi|opi|onkel|tante|cousine|schwager|schwägerin|schwiegermutter|schwiegervater|enkel|enkelin|neffe|nichte`,
  String.raw`papi|papy|papie|mamie|mémé|pépé|tonton|tata|tatie|tati|cousin|cousine|beau-frère|belle-sœur|belle-soeur|belle-mère|beau-père`,
  String.raw`abuela|abuelo|abue|yaya|tío|tía|tio|tia|cuñad[oa]|suegr[oa]|niet[oa]|sobrin[oa]`,
  String.raw`nonna|nonno|zio|zia|cugin[oa]|suocer[oa]|cognat[oa]|nipote`,
  String.raw`vovó|vovô|vó|vô|avó|avô|titia|titio|cunhad[oa]|sogr[oa]|net[oa]`,
  String.raw`ome|oom|tante|neef|schoonzus|zwager|schoonmoeder|schoonvader|kleinzoon|kleindochter`,
].join('|');
// "my bf", "meine frau", "mon mari", "mi hermano": a relation after a possessive, typed in lower case.
const POSSESSIVE = String.raw`(?:my|our|mein(?:e[mnr]?)?|unser(?:e[mnr]?)?|mon|ma|notre|mi|nuestr[oa]|(?:il\s+|la\s+)?(?:mio|mia|nostr[oa])|(?:[oa]\s+)?(?:meu|minha|noss[oa])|mijn|onze)`;
const RELATION = String.raw`wife|husband|partner|fianc[ée]e?|friend|bestie|son|daughter|mother|mom|mum|father|dad|sister|brother|boyfriend|girlfriend|frau|mann|freund(?:in)?|sohn|tochter|mutter|vater|schwester|bruder|mari|femme|ami|amie|copain|copine|fils|fille|m[èe]re|p[èe]re|s[œo]e?ur|fr[èe]re|marido|mujer|espos[oa]|novi[oa]|amig[oa]|hij[oa]|madre|padre|herman[oa]|moglie|marito|fidanzat[oa]|amic[oa]|figli[oa]|sorella|fratello|mulher|namorad[oa]|filh[oa]|m[ãa]e|pai|irm[ãa]o?|vrouw|man|vriend(?:in)?|zoon|dochter|moeder|vader|zus|broer`;
const RELATION_WORD = new RegExp(String.raw`^(?:${RELATION})$`, 'iu');
const KIN_WORD = new RegExp(String.raw`^(?:${KIN})$`, 'iu');
// After a relation, where a verb may stand as well as a name ("mio marito vorrebbe", "mein mann hat"),
// a word the lexicon does not know counts only when the clause pauses after it or a number follows.
const PAUSE_AFTER = new RegExp(String.raw`^\s*(?:$|[,.!?;:…)]|\p{Extended_Pictographic}|\p{L}{0,3}\d|(?:is|ist|est|es|è|é|era|war|was|lol|a\s+perdu|nacio|nació|nasceu|veut|wants|will|quiere|vuole|quer|wil|instead|too|auch|aussi|también|anche|também|ook)(?![\p{L}]))`, 'u');
const KIN_NAME = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:${KIN})|${POSSESSIVE}\s+(?:${RELATION}|${KIN}))\s+${NICK}${END}(?:\s+(\p{Ll}[\p{Ll}\p{M}'’]{1,15})${END})?`,
  'dgiu',
);

// A document, card or contact word and whose it is: "la carta di zio nando", "cpf da nanda".
const OWNED = String.raw`card|carta|carte|kaart|karte|cart[ãa]o|cartao|tarjeta|passport|passaporto|pasaporte|passeport|paspoort|pass|ausweis|dni|nie|cpf|bsn|nif|rg|rijbewijs|f[üu]hrerschein|patente|permis|licen[cs]e|licencia|handy|telefoon|phone|tel|wallet|portemonnaie|portefeuille|cartera|portafoglio|carteira|schl[üu]ssel|cl[ée]s?|llaves?|chiavi|chaves?|sleutels?|bag|tas|tasche|sac|bolsa|borsa`;
const OF = String.raw`(?:of|di|de|da|do|del|della|dello|dal|van|von|des|du)`;
// Whose card it is, when the card itself is left out: "ya pague con la de manolo", "el de charo".
const ELIDED = String.raw`(?:con\s+la|la|el|lo|con\s+el)\s+de`;
const OWNER = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:${OWNED})\s+${OF}|${ELIDED})\s+(?:(?:la|le|el|il|lo|o|a|meiner|meinem|mijn|my|mon|ma|mi|mia|mio|minha|meu)\s+)?(?:(?:${KIN})\s+)?${NICK}${END}` +
    // What follows the owner: a number, the end, or a copula ("… è", "… is", "… no me lo sé").
    String.raw`(?=\s*(?:$|[,.!?;:…)]|\p{Extended_Pictographic}|[\p{L}]{0,3}\d|(?:is|ist|est|es|è|é|era|war|was|no|pro|para|per|pour|for|f[üu]r|voor|falls|xk|lol|ok|tu|usate|use)${END}))`,
  'dgiu',
);
// Japanese "nao no pasupooto", "miho-nee no kaado": the owner opens the sentence.
const JA_OWNER = new RegExp(
  String.raw`(?:^|[.!?]\s+)(\p{Ll}[\p{Ll}\p{M}]{1,15})(?:-(?:san|chan|kun|nee|nii|sama))?\s+no\s+(?:pasup[oō]+u?to|kaado|denwa|keitai|mai\s*nanb[aā]+|menkyosh[oō]+u?|ryoken|saifu|kagi)${END}`,
  'dgu',
);

// The one called or told, before where to reach them: "ruf fiete an", "chiama pippo al +39…".
const CALL = String.raw`call|ring|text|phone|tell|ask|ruf(?:t|en\s+sie)?|appelle[zr]?|llam(?:a|e|en|ad)\s+a|chiam(?:a|ate|are)|richiam(?:a|ate|are)|lig(?:a|ue|uem|ar)\s+(?:pro|pra|para\s+[oa]|ao|à|a|o)|bel(?:len)?`;
const REACH = String.raw`(?:(?:ff|even|mal|kurz|bitte|pls|plz|please|porfa|svp|stp|asap)\s+)?(?:an(?![\p{L}])|at\s+the|al\s+\+?\d|au\s+\+?\d|on\s+\+?\d|no\s+\+|op\s+\+?\d|auf\s+\+?\d|[:(]?\s*\+?\d)`;
const CALLED = new RegExp(String.raw`(?<![\p{L}])(?:${CALL})\s+(?:(?:${KIN})\s+)?${NICK}${END}(?=\s*${REACH})`, 'dgiu');

// "moritz und ich", "lulu e eu", "fenna en wout willen", "shouta to yuuka …": at the start of a sentence.
const OPENING = String.raw`(?:^|[.!?]\s+)`;
const AND_I = new RegExp(String.raw`${OPENING}${NICK}\s+(?:and\s+i|und\s+ich|et\s+moi|y\s+yo|e\s+eu|e\s+io|en\s+ik|to\s+watashi)${END}`, 'dgiu');
const PAIR = new RegExp(String.raw`${OPENING}(\p{Ll}[\p{Ll}\p{M}]{1,15})\s+(?:and|und|et|y|e|en|&)\s+(\p{Ll}[\p{Ll}\p{M}]{1,15})${END}`, 'dgu');

// "thx!! kavita 💕", "merci, zoé": a lower-case name after thanks, closing the message.
const THANKS_LOWER = new RegExp(
  String.raw`(?<![\p{L}])(?:thx|thanks|ty|merci|danke|gracias|grazie|obrigad[oa]|bedankt|dankjewel|arigatou)[!.,\s]+(\p{Ll}[\p{Ll}\p{M}]{1,15})${END}(?=[\s!.xX]*(?:\p{Extended_Pictographic}[\s\uFE0F\u200D]*)*$)`,
  'dgu',
);
// "under jj lol", "a nombre de pili": a booking under a nickname closing the clause.
const UNDER_LOWER = new RegExp(
  String.raw`(?<![\p{L}])(?:under|a\s+nombre\s+de|au\s+nom\s+de|a\s+nome\s+di|em\s+nome\s+d[eoa]|op\s+naam\s+van|auf\s+den\s+namen)\s+(\p{Ll}[\p{Ll}\p{M}]{1,15})${END}(?=\s*(?:$|lol|pls|plz|thx|ty|[,.!?]|\p{Extended_Pictographic}))`,
  'dgu',
);

function groupSpans(text: string, pattern: RegExp, groups: number[], accept: (words: string[]) => boolean = () => true): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(pattern)) {
    const words = groups.map((g) => m[g]).filter((w): w is string => w !== undefined);
    if (words.length === 0 || !words.every(isName) || !accept(words)) continue;
    for (const g of groups) {
      const [start, end] = m.indices?.[g] ?? [];
      if (start !== undefined && end !== undefined) spans.push({ type: 'PERSON', start, end });
    }
  }
  return spans;
}

export function detectThirdParties(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(KIN_NAME)) {
    const first = m[1];
    const [start = 0, firstEnd = 0] = m.indices?.[1] ?? [];
    if (first === undefined || !isOwner(first)) continue;
    if (!isPlainName(first) && !PAUSE_AFTER.test(text.slice(firstEnd, firstEnd + 20)) && !/^\s+ma?c\p{Ll}/u.test(text.slice(firstEnd, firstEnd + 4))) continue;
    // A second lower-case word is the surname only when the lexicon says so ("dougie mcphail").
    const second = m[2];
    const end = second !== undefined && isName(second) && (isPlainName(second) || /^ma?c\p{Ll}/u.test(second)) ? (m.indices?.[2]?.[1] ?? firstEnd) : firstEnd;
    spans.push({ type: 'PERSON', start, end });
  }
  spans.push(
    ...groupSpans(text, OWNER, [1], (words) => words.every(isOwner)),
    ...groupSpans(text, JA_OWNER, [1]),
    ...groupSpans(text, CALLED, [1]),
    ...groupSpans(text, AND_I, [1]),
    // Two words joined at the start of a sentence are a pair of names only when one is a known name
    // ("pasta e fagioli" is not).
    ...groupSpans(text, PAIR, [1, 2], (words) => words.some(isPlainName)),
    ...groupSpans(text, THANKS_LOWER, [1]),
    ...groupSpans(text, UNDER_LOWER, [1]),
  );
  return spans;
}
