import type { EntitySpan } from '../entity-types';
import { detectLexiconNames, detectNameHandles, isEverydayWord, isPlainName } from './person-lexicon';
import { detectChatNicknames, detectJapaneseSelfIntroductions } from './person-chat';
import { detectThirdParties } from './person-kin';
import { DISH_AFTER, EPONYMS, NOT_A_NAME, PLACE_AFTER, ROLE } from './person-stop-words';

/*
 * Names are found through the words around them (an introduction, a title, a sign-off) and,
 * without them, through a lexicon of common names (person-lexicon.ts). This is the weakest class:
 * a rare name with no introduction, or one typed in lower case without a surname, is missed, and
 * the corpus test reports the real recall rather than hiding it.
 */

// One capitalised name word: Anna, Jean-Luc, O'Brien, McDonald, Müller, Núñez.
// Korean given names join a lower-case syllable with a hyphen: "Park Ji-hoon", "Kim Soo-yeon".
const WORD = String.raw`(?:\p{Lu}[\p{Ll}\p{M}]*(?:['’-]|(?=\p{Lu})))?\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Ll}{2,6}(?![\p{L}-]))?`;
const PARTICLE = String.raw`(?:von|van|der|den|de|del|della|di|da|du|des|la|le|lo|dos|das|y|zu|ten|ter|bin|al|el)`;
// Italian, Belgian, Breton and Portuguese surnames capitalise their particle: "Di Stefano",
// "Lo Bianco", "De Smedt", "Le Bihan", "Da Silva"; Irish "Ó Súilleabháin", "Ní Bhriain", "Mac Giolla".
const CAP_PARTICLE = String.raw`(?:Van|Von|Der|Den|De|Del|Della|Di|Da|Du|Des|La|Le|Lo|Dos|Das|Ten|Ter|Ó|Ní|Nic|Uí|Mac)`;
const INITIAL = String.raw`\p{Lu}\.`;
// Words of one name are on one line: a signature's name is followed by a line "Móvil …".
const GAP = String.raw`[^\S\n]`;
// 1–3 name words, with particles between them ("María del Carmen", "Ludwig van Beethoven").
const NAME = new RegExp(
  String.raw`(?:${INITIAL}${GAP})?(?:${CAP_PARTICLE}${GAP}(?=\p{Lu}))?${WORD}(?:${GAP}(?:(?:${PARTICLE}|${CAP_PARTICLE})${GAP}){0,2}(?:${INITIAL}${GAP})?${WORD}){0,2}(?![\p{L}\p{N}])`,
  'uy',
);

// Introductions that almost always precede a name.
const STRONG = [
  String.raw`my\s+name\s+is`, String.raw`my\s+name['’]s`, String.raw`(?:his|her|their|our|the|wife['’]s|husband['’]s|partner['’]s|son['’]s|daughter['’]s)\s+names?\s+(?:is|are)`,
  String.raw`call\s+me`, String.raw`under\s+the\s+names?(?:\s+of)?`, String.raw`in\s+the\s+names?\s+of`,
  String.raw`booked\s+(?:by|under)`, String.raw`(?:booking|reservation|table)\s+(?:is\s+)?under(?:\s+the\s+name)?`,
  String.raw`reserved\s+(?:by|under)`, String.raw`(?:guest|full|first|last|sur|family)\s*name\s*:`, String.raw`name\s*:`,
  // "account name Ewa Kowalska", "surname Okafor", "my maiden name, Whitcombe".
  String.raw`(?:account|maiden|sur|family|last|first|full|given)\s*name(?:\s+is)?,?`,
  String.raw`ich\s+hei(?:ß|ss)e`, String.raw`mein\s+name\s+(?:ist|lautet)`, String.raw`(?:auf|unter)\s+(?:den|dem)\s+namen`,
  // Not "reserviert auf den Namen X": that introduction must stay whole for the rule above.
  String.raw`gebucht\s+(?:von|auf)(?!\s+(?:den|dem)\s+namen)`, String.raw`reserviert\s+(?:von|auf)(?!\s+(?:den|dem)\s+namen)`, String.raw`(?:vor|nach)name\s*:`,
  String.raw`je\s+m['’]appelle`, String.raw`mon\s+nom\s+(?:est|c['’]est)`, String.raw`au\s+nom\s+d[e']\s?`,
  String.raw`r[ée]serv[ée]e?\s+par`, String.raw`(?:pr[ée])?nom\s*:`,
  String.raw`me\s+llamo`, String.raw`mi\s+nombre\s+es`, String.raw`a\s+nombre\s+de`, String.raw`reservad[oa]\s+(?:por|a\s+nombre\s+de)`,
  String.raw`(?:nombre|apellidos?)\s*:`,
  // "Name on the dive form: Grace Holloway", "name on the card: …".
  String.raw`names?\s+on\s+(?:the|my|our|his|her)\s+(?:\p{L}+\s+){0,2}\p{L}+\s*:`, String.raw`names?\s+on\s+(?:the\s+)?card`,
  String.raw`mi\s+chiamo`, String.raw`il\s+mio\s+nome\s+[èe]`, String.raw`a\s+nome(?:\s+di)?`, String.raw`intestat[oa]\s+a`,
  String.raw`me\s+chamo`, String.raw`chamo-me`, String.raw`(?:o\s+)?meu\s+nome\s+[ée]`, String.raw`(?:em|no)\s+nome\s+d[eo]`,
  String.raw`ik\s+heet`, String.raw`mijn\s+naam\s+is`, String.raw`op\s+(?:de\s+)?naam\s+van`,
  String.raw`(?:watashi\s+no\s+)?namae\s+wa`,
  // "account holder", "cardholder", "Karteninhaber", "Kontoinhaberin".
  String.raw`(?:account\s+|card\s*)?holder`, String.raw`(?:karten|konto)?inhaber(?:in)?`, String.raw`titulaire`, String.raw`titular`,
  String.raw`(?:rekening|kaart)houder`, String.raw`ten\s+name\s+van`, String.raw`intestatari[oa]`,
  // Japanese "kōza meigi" (account name), "meiginin" (holder).
  String.raw`(?:k[oō]u?za\s+)?meigi(?:nin)?(?:\s+wa)?`,
].join('|');
// Treatments, lessons and bookings that are given by a member of staff (German compounds end in one).
const SERVICE = String.raw`(?:massage|treatment|facial|session|lesson|class|slot|appointment|tee\s+time|behandlung|stunde|termin|kurs|training|sitzung|unterricht|masaje|tratamiento|sesi[oó]n|clase|cita|turno|lecci[oó]n|soin|s[ée]ance|cours|le[çc]on|rendez-vous|cr[ée]neau|massaggio|trattamento|sessione|lezione|appuntamento|corso|seduta|massagem|tratamento|sess[ãa]o|aula|marca[çc][ãa]o)`;
// Introductions that also precede ordinary capitalised words ("I'm German", "this is Room 12").
const WEAK = [
  String.raw`i\s+am`, String.raw`i['’]m`, String.raw`this\s+is`, String.raw`it['’]s`,
  String.raw`(?:booking|reservation|table)\s+for`, String.raw`booked\s+for`, String.raw`je\s+suis`, String.raw`soy`,
  String.raw`c['’]est`, String.raw`ici`, String.raw`hier\s+(?:ist|spricht)`,
  // "my wife Anna", "meine Frau Katrin", "mon mari Philippe", "mi hermano Diego".
  String.raw`(?:my|our|his|her|their)\s+(?:wife|husband|partner|business\s+partner|associate|fianc[ée]e?|friend|son|daughter|mother|mom|mum|father|dad|sister|brother|colleague|boss|assistant|nanny|guests?|grand(?:son|daughter|mother|father|ma|pa)|(?:mother|father|sister|brother|son|daughter)-in-law|uncle|aunt|cousin|nephew|niece|boyfriend|girlfriend|bf|gf)`,
  String.raw`(?:mein|meine|meinen|meiner|meinem|unser|unsere|unseren|unserer|unserem)\s+(?:Frau|Mann|Partner|Partnerin|Geschäftspartner(?:in)?|Freund|Freundin|Sohn|Tochter|Mutter|Vater|Schwester|Bruder|Kollege|Kollegin|Chef|Chefin|Enkel|Enkelin|Enkelsohn|Enkeltochter|Schwiegermutter|Schwiegervater|Schwiegersohn|Schwiegertochter|Schwägerin|Schwager|Onkel|Tante|Cousine?|Neffe|Nichte|Oma|Opa)`,
  String.raw`(?:mon|ma|notre|son|sa)\s+(?:mari|femme|compagnon|compagne|associ[ée]e?|ami|amie|fils|fille|m[èe]re|p[èe]re|s[œo]e?ur|fr[èe]re|coll[èe]gue|petit-fils|petite-fille|grand-m[èe]re|grand-p[èe]re|belle-m[èe]re|beau-p[èe]re|belle-s[œo]e?ur|beau-fr[èe]re|oncle|tante|cousine?|neveu|ni[èe]ce)`,
  String.raw`(?:mi|nuestr[oa]|su)\s+(?:marido|mujer|esposa|esposo|pareja|novi[oa]|amig[oa]|hij[oa]|madre|padre|herman[oa]|compañer[oa]|soci[oa]|niet[oa]|abuel[oa]|suegr[oa]|cuñad[oa]|t[ií][oa]|prim[oa]|sobrin[oa])`,
  String.raw`(?:(?:il|la)\s+)?(?:mia|mio|nostr[oa]|su[oa])\s+(?:moglie|marito|compagn[oa]|fidanzat[oa]|amic[oa]|figli[oa]|madre|padre|sorella|fratello|collega|soci[oa]|nipote|nonn[oa]|suocer[oa]|cognat[oa]|zi[oa]|cugin[oa])`,
  String.raw`(?:(?:[oa])\s+)?(?:minha|meu|noss[oa])\s+(?:mulher|esposa|marido|namorad[oa]|amig[oa]|filh[oa]|m[ãa]e|pai|irm[ãa]|irm[ãa]o|colega|s[óo]ci[oa]|net[oa]|av[óô]|sogr[oa]|cunhad[oa]|ti[oa]|prim[oa]|sobrinh[oa])`,
  String.raw`(?:mijn|onze)\s+(?:vrouw|man|partner|vriend(?:in)?|zoon|dochter|moeder|vader|zus|broer|collega|compagnon|kleinzoon|kleindochter|schoon(?:zus|broer|moeder|vader|zoon|dochter)|zwager|oom|tante|neef|nicht|oma|opa)`,
  // Japanese: "shujin no Kenji" (my husband), "musume no Hana" (my daughter).
  String.raw`(?:shujin|otto|tsuma|kanai|musume|musuko|haha|chichi)\s+no`,
  // "Familie Gruber", "la famiglia Esposito".
  String.raw`(?:familie|famille|familia|famiglia|fam[ií]lia|gezin)`,
  // Messages to staff about a person: "tell Carlos", "dile a Ana", "dites à Marie".
  String.raw`(?:tell|ask(?!\s+for\s)|inform|thank)(?:\s+(?:chef|the\s+chef|our\s+(?:chef|waiter|waitress|guide|instructor)))?`,
  // Thanks to a member of staff: "Merci à Gaëtan Le Bihan", "Grazie mille a Nunzia", "Obrigada ao Valdemar".
  String.raw`(?:merci(?:\s+beaucoup)?\s+[àa]|(?:muchas\s+)?gracias\s+a|grazie(?:\s+mille)?\s+a|obrigad[oa]\s+(?:ao|[àa])|thanks\s+to|dank(?:\s+je(?:wel)?)?\s+aan)`, String.raw`(?:dile|dec[ií]le|d[ií]gale|pregunta|pregúntale|avisa|avise)\s+a`, String.raw`(?:dites|demandez|pr[ée]venez)\s+[àa]`,
].join('|');
// "Le chauffeur s'appelle …", "El instructor se llama …": only after a role, since boats,
// restaurants and cocktails are called something too.
const CALLED = String.raw`s['’]appelle|se\s+llama|si\s+chiama|hei(?:ß|ss)t|(?:se\s+)?chama(?:-se)?|heet|is\s+(?:called|named)`;
/*
 * A member of staff named by the role ("our instructor Pete", "Der Tennistrainer Maximilian
 * Oberhuber", "Il maestro di golf …", "El instructor de tenis, …"): a single word must not be an
 * everyday word.
 */
const ROLE_INTRO = String.raw`\p{L}*${ROLE}(?:\s+(?:de|di|da|do|of|f[üu]r|voor)\s+\p{L}+)?,?(?:\s+(?:wa|${CALLED}))?`;
/*
 * A member of staff named by the treatment or lesson they give ("the deep-tissue slot with
 * Shaniqua", "un masaje con Xiomara", "eine Tennisstunde mit Jonas"). Spa and sports menus
 * capitalise their products ("a massage with Hot Stones", "a lesson with Ocean View"), so a name
 * of two or more words also needs a lexicon name; German capitalises every noun ("Massage mit
 * Blick aufs Meer"), so after "mit" or "bei" a single word needs one too, or the clause to end.
 */
const STAFF = [
  // "le soin visage avec …", "a massagem com a …", "die Hot-Stone-Massage bei …".
  String.raw`\p{L}*${SERVICE}(?:\s+[\p{Ll}-]{2,20})?\s+(?:with|con|mit|bei|avec|com)(?:\s+(?:[oa]|la|el|il|lo|the)(?![\p{L}]))?`,
  String.raw`(?:les|massage|behandeling|afspraak|sessie|training)(?:\s+\p{Ll}{2,20})?\s+(?:met|bij)`,
  // A reservation in a name: "Reserva para …", "Prenotazione per …", "Buchung für …", "Yoyaku wa …"
  // ("Tisch für Sonntag Abend", "Reserva para Dos Personas" are not names).
  String.raw`(?:reserva(?:ci[oó]n)?|reservar|mesa|r[ée]servation|r[ée]server|table|prenotazione|prenotare|tavolo|reservering|reserveren|tafel|buchung|reservierung|tisch)(?:\s+(?:de|di|d['’]|van|von)?\s*\p{L}+)?\s+(?:para|pour|per|voor|f[üu]r)`,
  String.raw`yoyaku(?:\s+wa|\s*:)`,
].join('|');
/*
 * Words after which two or three capitalised words are a full name, but one capitalised word may
 * be anything ("under Moira Kincaid" but "under Construction"; "Sono Gianmarco Pellegrini" but
 * "Sono Italiano"): role words and verbs of calling and telling in each language.
 */
const FULL_NAME_ONLY = [
  String.raw`under`, String.raw`(?:call|phone|ring|text|contact|notify|remind|page|let)`,
  // Not German "bitte" or "können Sie": German capitalises every noun ("bitte Kaffee Crema").
  String.raw`(?:ruf|rufen\s+Sie|sag|sagen\s+Sie|frag|fragen\s+Sie|informieren\s+Sie)`,
  String.raw`(?:ich\s+bin|je\s+suis|sono|sn|sou(?:\s+[oa](?![\p{L}]))?|ik\s+ben|watashi\s+wa|boku\s+wa|its)`,
  String.raw`(?:appeler|appelez|rappeler|rappelez|pr[ée]venir|pr[ée]venez|contacter|contactez|informer|informez|remercier|dire\s+[àa]|demander\s+[àa])`,
  String.raw`(?:llam(?:ar|e|en|ad)|avis(?:ar|e|en|ad)|contact(?:ar|e|en)|decir(?:le)?|preguntar(?:le)?)\s+a`,
  // Not "si chiama" (is called): a restaurant or a boat is called something too.
  String.raw`(?:(?<!si\s)chiam(?:are|ate|a)|richiam(?:are|ate|a)|avvis(?:are|ate|a)|contatt(?:are|ate|a)|dire\s+a|dite\s+a|chied(?:ere|ete|i)\s+ad?)`,
  // Portuguese puts an article before a name: "ligar para a Inês Magalhães Cordeiro".
  String.raw`lig(?:ar|ue|uem|a)\s+(?:para|pra|ao|à|a)(?:\s+[oa](?![\p{L}]))?`, String.raw`fal(?:ar|e|em)\s+com(?:\s+[oa](?![\p{L}]))?`,
  String.raw`(?:avis(?:ar|e|em)|dizer|diga)(?:\s+(?:a|ao|à|o)(?![\p{L}]))?`,
  String.raw`(?:bel|bellen|laat|vraag|zeg\s+tegen|namens)`,
  // Portuguese on the phone: "Boa tarde, fala Leonor Vasconcelos Pimentel".
  String.raw`(?:aqui\s+)?fala`,
  // "Refund … name Fionnuala Ó Súilleabháin", "ask for Keisha Simmons", "per conto di Sean Ó Murchú".
  String.raw`name`, String.raw`(?:ask|asking)\s+for`, String.raw`(?:preguntar|pregunten|pregunte|perguntar|perguntem|pergunte)\s+(?:por|pela|pelo)`,
  String.raw`(?:chiedete|chiedere|chiedi)\s+di`, String.raw`(?:frag|fragen\s+Sie)\s+nach`, String.raw`vraag\s+naar`, String.raw`demandez`,
  String.raw`on\s+behalf\s+of`, String.raw`per\s+conto\s+di`, String.raw`de\s+la\s+part\s+de`, String.raw`en\s+nombre\s+de`, String.raw`im\s+(?:Auftrag|Namen)\s+von`,
  String.raw`(?:attention|attn\.?|z\.\s?Hd\.?)`,
  // Whose birth date, number or card: "Date de naissance de …", "Contacto do …", "Il numero di …".
  String.raw`(?:date\s+de\s+naissance|data\s+de\s+nascimento|data\s+di\s+nascita|fecha\s+de\s+nacimiento|geburtsdatum|geboortedatum|date\s+of\s+birth|contacto|contatto|contact|numero|número|num[ée]ro|nummer|telefoon|telefone|tel[ée]fono|handy|carta|carte|cart[ãa]o|tarjeta|kaart|karte|passaporto|pasaporte|passeport|passaporte|paspoort|passport)\s+(?:di|de|do|da|del|della|van|von|des|du|of)`,
].join('|');
const TRIGGER = new RegExp(
  String.raw`(?<![\p{L}])(?:(${STRONG})|(${WEAK})|(${FULL_NAME_ONLY})|(${ROLE_INTRO})|(${STAFF}))(?![\p{L}])[ \t]*:?[ \t]*`,
  'giu',
);
// "Mon mari, Philippe, aimerait…", "O meu marido, Zorvath, gostava…": a relation, then the name
// between commas.
const APPOSITION = new RegExp(String.raw`(?<![\p{L}])(?:${WEAK})[ \t]*,[ \t]*`, 'giu');
// German and Dutch put the verb last: "soll bitte Henrike Albers anrufen", "kun je Sanne de Vries bellen".
const NAME_BEFORE_VERB = new RegExp(
  String.raw`(?<![\p{L}])(${WORD}(?:\s(?:${PARTICLE}\s)?${WORD}){1,2})\s+(?:(?:bitte|mal|kurz|gleich|even|eens|nog)\s+)?(?:an(?:zu)?rufen|zur[üu]ck(?:zu)?rufen|kontaktieren|informieren|benachrichtigen|Bescheid|(?:terug)?bellen|laten\s+weten|no\s+namae|ni\s+(?:denwa|renraku))(?![\p{L}])`,
  'gu',
);

const TITLE = new RegExp(
  // Titles are case-sensitive ("miss" is a word) except the English abbreviations, which chat
  // users often type in lower case ("mr Chen"), and the Romance and Dutch titles, which running
  // text writes in lower case ("la señora Mercedes Alcántara Ruiz", "il dottor Ferri", "o senhor
  // Abreu", "meneer Jansen"); the name after any title must still be capitalised.
  String.raw`(?<![\p{L}])(?:(?:[Mm]rs?|[Mm]s|Mx|Miss|Dr|Dra|Prof|Herr|Herrn|Frau|[Mm]onsieur|[Mm]adame|[Mm]ademoiselle|Mme|Mlle|M\.|[Ss]eñor|[Ss]eñora|[Ss]eñorita|Senor|Senora|Sr|Sra|Srta|[Dd]on|[Dd]oña|Dña|Sir|Sig\.ra|Sig\.na|[Ss]ig|[Ss]ignor|[Ss]ignora|[Ss]ignorina|[Dd]ott|[Dd]ottor|[Dd]ott\.ssa|[Dd]ottoressa|[Ss]enhor|[Ss]enhora|[Dd]outor|[Dd]outora|[Dd]octora|[Dd]octeur|Doktor|[Dd]ona|Dhr|Mevr|Mw|Mej|[Mm]eneer|[Mm]evrouw)(?:\.(?=\s))?\s+)+`,
  'gu',
);

const TITLE_PARTICLE = /(?:van|von|de|der|den|ter|ten|zu|du|da|di|del|della|le|la)(?:\s+(?:de[nr]?|la|le))?\s+(?=\p{Lu})/uy;
// "We're the Andersson family", "the Okafors' family".
const FAMILY = new RegExp(String.raw`(?<![\p{L}])[Tt]he\s+(${WORD})\s+family(?![\p{L}])`, 'dgu');

// "Anna Müller here, room 214" and "Hi, it's Tom here" at the start of a message.
const HERE = new RegExp(
  String.raw`(?:^|[.!?]\s+)(?:(?:hi|hello|hey|good\s+(?:morning|afternoon|evening)|hallo|hoi|moin|bonjour|hola|ciao|ol[áa]|oi)[,!]?\s+)?(?=\p{Lu})`,
  'giu',
);
// "Emily and I would love…", "Tom und ich", "Marie et moi", "Ana y yo".
const AND_I = /^\s+(?:and\s+I|&\s+I|und\s+ich|et\s+moi|y\s+yo|e\s+eu|e\s+io|en\s+ik)(?![\p{L}])/iu;
const SENTENCE_START = new RegExp(String.raw`(?:^|[.!?]\s+)(?=\p{Lu})`, 'gu');
const HERE_AFTER = /^\s+(?:here|hier)(?![\p{L}])/iu;
// A sign-off closing the message: "thanks, Noah", "Cheers - Tom", "Gracias, Ana".
const SIGN_OFF = new RegExp(
  String.raw`(?<![\p{L}])(?:thanks|thank\s+you|many\s+thanks|thx|cheers|best|best\s+wishes|regards|best\s+regards|kind\s+regards|warm(?:est|ly)?(?:\s+regards)?|yours(?:\s+sincerely|\s+truly)?|sincerely|merci|merci\s+beaucoup|bien\s+[àa]\s+vous|(?:bien\s+)?cordialement|gracias|muchas\s+gracias|danke(?:\s+sch[öo]n)?|vielen\s+dank|grazie(?:\s+mille)?|obrigad[oa]|dank\s+je(?:wel)?|bedankt|arigat[oō]u?(?:\s+gozaimas(?:u|hita))?|viele\s+gr[üu](?:ß|ss)e|(?:mit\s+)?freundlichen\s+gr[üu](?:ß|ss)en|(?:liebe\s+)?gr[üu](?:ß|ss)e|lg|saludos|un\s+saludo(?:\s+cordial)?|saludos\s+cordiales|atentamente|cordiali\s+saluti|(?:un\s+caro\s+)?salut[io]|distinti\s+saluti|(?:um\s+)?abra[çc]os?|atenciosamente|cumprimentos|(?:met\s+)?vriendelijke\s+groet(?:en)?|groet(?:en|jes)?|yoroshiku(?:\s+onegai(?:\s+itashi|\s+)?(?:shi)?masu)?|bises|besos|xo)[,!.]?[^\S\n]*(?:\n[^\S\n]*)?[-–—]?[^\S\n]*(?=\p{Lu})`,
  'giu',
);
const LINE_END = /^[^\S\n]*(?:\n|$)/;
// A signature without a sign-off: a line holding only a full name, then a line of contact details.
const NAME_LINE = /(?:^|\n)[^\S\n]*(?=\p{Lu})/gu;
const CONTACT_LINE = /^[^\S\n]*\n[^\S\n]*(?:tel|phone|mob(?:ile?)?|m[óo]vil|cel(?:l|ular)?|handy|t[ée]l[ée]?fono|t[ée]l|m\.|t\.|\+\d|\d|[^\s@]+@)/i;
// "…for the lovely cake. Adaeze Okonkwo": a full name closing the message after a sentence.
const LAST_SENTENCE = /[.!?][^\S\n]+(?=\p{Lu})/gu;
// A form filled in as text: "Boat manifest details: Liang Wei, passport …", "Segelclub: Ingeborg
// Thyssen, Geburtsdatum …". Only a full name, ending its clause.
const FORM_FIELD = /:[^\S\n]+(?=\p{Lu})/gu;
const CLAUSE_AFTER = /^[^\S\n]*(?:[,;(]|[.!]?[^\S\n]*$)/u;
// A name found in the middle of a full name grows to the end of its clause: "Rodrigo Anaya
// Zubiría.", "Sean Ó Murchú, che…", "Maarten IJzerman." (the lexicon knows only the first words).
const GROW = new RegExp(String.raw`^[^\S\n](?:${CAP_PARTICLE}[^\S\n])?${WORD}(?=[^\S\n]*(?:[,;.!?)]|$))`, 'u');
// A member of staff named with their place of work: "Lupita en recepción", "A Graça do spa",
// "Groetjes aan Zorvath van housekeeping", "Ist Jana vom Concierge da?". Never the first word of a
// sentence ("Sunset at the beach") nor after a capitalised word mid-sentence ("Oude Genever aan de bar").
const DEPARTMENT = String.raw`(?:spa|bar|pool\s*bar|beach\s*bar|strandbar|r[ée]ception|recepci[oó]n|rece[çp][çp]?[ãa]o|receção|recepção|rezeption|receptie|ricevimento|reception|housekeeping|concierge|conciergerie|front\s+desk|piscina|pool|kids\s+club|dive\s+shop|boutique|gym|marina|valet|restaurant|ristorante|restaurante)`;
const DEPARTMENT_HINT = new RegExp(DEPARTMENT, 'iu');
const JOINER_HINT = /\p{Ll}[^\S\n]+(?:and|und|et|y|e|en|&)[^\S\n]+\p{Lu}/u;
const AFTER_CAPITALISED = /[\p{L}][^\S\n]+\p{Lu}[\p{L}]*[^\S\n]+$/u;
const STAFF_OF = new RegExp(
  String.raw`(?<=[\p{L},][^\S\n]+|^[¿¡][^\S\n]*|[\p{L}][^\S\n]*[¿¡])(${WORD})[^\S\n]+(?:from|at|of|in|vom|von|im|am|an|de|del|della|dello|dal|al|alla|en|do|da|na|no|ao|van|bij|op|aan)[^\S\n]+(?:(?:the|la|el|le|l['’]|der|dem|de|het|o|a|il)[^\S\n]*)?${DEPARTMENT}(?![\p{L}])`,
  'dgu',
);
// "for Sigrún Jónsdóttir und Zorvath Quillane": two full names joined, whatever comes before them.
// Not Japanese "to", which also joins places ("Somerset Bridge to John Smith’s Bay").
const FULL = String.raw`${WORD}[^\S\n]${WORD}(?:[^\S\n]${WORD})?`;
const TWO_FULL_NAMES = new RegExp(String.raw`(?<![\p{L}])(${FULL})[^\S\n]+(?:and|und|et|y|e|en|&)[^\S\n]+(${FULL})(?![\p{L}])`, 'dgu');
// Italian possessives are also given names: "Mia suocera, …", "Mia figlia vuole…".
const POSSESSIVE_NAME = /^(?:Mia|Mio|Sua|Suo|Tua|Tuo)$/;
// "Mark and Julia Bauer": a second name joined to one we found.
const AND_NEXT = /^\s+(?:and|und|et|y|e|en|&)\s+/i;

const LEADING_WORD = /^(\S+)\s+(?:\p{Ll}+\s+)*/u;
const TRAILING_WORD = /\s+(?:\p{Ll}+\s+)*(\S+)$/u;

/*
 * A name read after a context word (TRIGGER, APPOSITION) starts where the word's match ends, so
 * after the text's first character, and NAME starts with an upper-case letter (INITIAL,
 * CAP_PARTICLE and WORD all do). Text with no upper-case letter after its first character (most
 * titles, hosts, lower-case chat) cannot give those two loops a name: their regexes, the
 * costliest here (a hundred alternatives tried at every position), are skipped.
 * test/redact-fast-path.test.ts holds this to running them always.
 */
const UPPER_CASE = /\p{Lu}/u;

export function detectPersons(text: string): EntitySpan[] {
  return personSpans(text, UPPER_CASE.test(text.slice(1)));
}

/** `detectPersons`, told whether to read names after context words; exported for the test. */
export function personSpans(text: string, afterContext: boolean): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of afterContext ? text.matchAll(TRIGGER) : []) {
    const weak = m[1] === undefined;
    const span = nameAt(text, m.index + m[0].length, weak);
    if (!span || (m[3] !== undefined && !isFullName(text, span))) continue;
    // A role before a full name needs nothing more; one word after it, or any name after a
    // treatment or "is called", must look like a name (isStaffName).
    const guarded = m[5] !== undefined || (m[4] !== undefined && !isFullName(text, span));
    const german = m[5] !== undefined && GERMAN_WITH.test(m[5]) && !CLAUSE_END.test(text.slice(span.end, span.end + 3));
    if (!guarded || isStaffName(text.slice(span.start, span.end), german)) spans.push(span);
  }
  for (const m of afterContext ? text.matchAll(APPOSITION) : []) {
    const span = nameAt(text, m.index + m[0].length, true);
    if (span && /^[^\S\n]*,/.test(text.slice(span.end))) spans.push(span);
  }
  // Cheap keyword tests first: most messages name no department and join no names.
  for (const m of DEPARTMENT_HINT.test(text) ? text.matchAll(STAFF_OF) : []) {
    const [start, end] = m.indices?.[1] ?? [];
    if (start !== undefined && end !== undefined && !isEverydayWord(m[1] ?? '') && !AFTER_CAPITALISED.test(text.slice(Math.max(0, start - AFTER_SPAN), start))) {
      spans.push({ type: 'PERSON', start, end });
    }
  }
  for (const m of JOINER_HINT.test(text) ? text.matchAll(TWO_FULL_NAMES) : []) {
    for (const group of [1, 2]) {
      const [start, end] = m.indices?.[group] ?? [];
      if (start !== undefined && end !== undefined && isNamed(m[group] ?? '')) spans.push({ type: 'PERSON', start, end });
    }
  }
  for (const m of text.matchAll(NAME_BEFORE_VERB)) {
    const span = nameAt(text, m.index, true);
    if (span && isFullName(text, span)) spans.push(span);
  }
  for (const m of text.matchAll(TITLE)) {
    const at = m.index + m[0].length;
    // "Mevr. de Vries", "meneer van den Berg", "Herr von Arnim": the particle is part of the name.
    TITLE_PARTICLE.lastIndex = at;
    const particle = TITLE_PARTICLE.exec(text);
    const span = nameAt(text, at + (particle?.[0].length ?? 0), false);
    if (span) spans.push(particle ? { ...span, start: at } : span);
  }
  for (const m of text.matchAll(FAMILY)) {
    const [start, end] = m.indices?.[1] ?? [];
    if (start !== undefined && end !== undefined && !NOT_A_NAME.has(m[1] ?? '')) spans.push({ type: 'PERSON', start, end });
  }
  for (const m of text.matchAll(HERE)) {
    const span = nameAt(text, m.index + m[0].length, true);
    if (span && HERE_AFTER.test(text.slice(span.end))) spans.push(span);
  }
  for (const m of text.matchAll(SENTENCE_START)) {
    const span = nameAt(text, m.index + m[0].length, true);
    if (span && AND_I.test(text.slice(span.end))) spans.push(span);
  }
  for (const m of text.matchAll(SIGN_OFF)) {
    const span = nameAt(text, m.index + m[0].length, true);
    // The name ends the message, or its line in a signature ("Warmly,\nRosalind Pennefather\nm. +44…").
    if (span && (/^[\s.!]*$/.test(text.slice(span.end)) || (m[0].includes('\n') && LINE_END.test(text.slice(span.end))))) spans.push(span);
  }
  for (const m of text.matchAll(NAME_LINE)) {
    const span = nameAt(text, m.index + m[0].length, true);
    if (span && isFullName(text, span) && CONTACT_LINE.test(text.slice(span.end))) spans.push(span);
  }
  for (const m of text.matchAll(LAST_SENTENCE)) {
    const span = nameAt(text, m.index + m[0].length, true);
    if (span && isFullName(text, span) && /^[\s.!]*$/.test(text.slice(span.end))) spans.push(span);
  }
  for (const m of text.matchAll(FORM_FIELD)) {
    const span = nameAt(text, m.index + m[0].length, true);
    if (span && isFullName(text, span) && CLAUSE_AFTER.test(text.slice(span.end, span.end + AFTER_SPAN)) && isNamed(text.slice(span.start, span.end))) spans.push(span);
  }
  spans.push(...detectLexiconNames(text).filter((s) => !possessive(text, s)));
  spans.push(...detectNameHandles(text), ...detectChatNicknames(text), ...detectJapaneseSelfIntroductions(text), ...detectThirdParties(text));
  return mergeOverlapping(withConjoinedNames(text, spans))
    .map((s) => grown(text, s))
    .filter((s) => !EPONYMS.has(foldName(text.slice(s.start, s.end))) && !namesAThing(text, s));
}

const possessive = (text: string, s: EntitySpan): boolean =>
  POSSESSIVE_NAME.test(text.slice(s.start, s.end)) && /^\s+\p{Ll}/u.test(text.slice(s.end, s.end + 3));

/** Every word capitalised as a name and none an everyday word: "Liang Wei", not "Grilled Fish". */
const isNamed = (name: string): boolean => name.split(/\s+/).every((w) => !isEverydayWord(w));

function grown(text: string, span: EntitySpan): EntitySpan {
  const m = GROW.exec(text.slice(span.end, span.end + AFTER_SPAN));
  if (!m || !isNamed(m[0].trim()) || text.slice(span.start, span.end).split(/\s+/).length >= 3) return span;
  return { ...span, end: span.end + m[0].length };
}

// "Shelly Bay", "John Smith’s Bay", "Crystal Cave": a name before a place word is a place.
const PLACE_NEXT = new RegExp(String.raw`^(?:['’]s)?[^\S\n]+(?:${PLACE_AFTER})(?![\p{L}])`, 'u');
const PLACE_LAST = new RegExp(String.raw`[^\S\n](?:${PLACE_AFTER})$`, 'u');
// "Napoleon pai", "Victoria sponge", "Hugo Spritz": a name before a dish word is a dish.
const DISH_NEXT = new RegExp(String.raw`^[^\S\n]+(?:${DISH_AFTER})s?(?![\p{L}])`, 'iu');
const DISH_LAST = new RegExp(String.raw`[^\S\n](?:${DISH_AFTER})s?$`, 'iu');
// The words after a span are read on a bounded slice, so the check stays linear.
const AFTER_SPAN = 40;

function namesAThing(text: string, span: EntitySpan): boolean {
  const after = text.slice(span.end, span.end + AFTER_SPAN);
  const name = text.slice(span.start, span.end);
  return PLACE_NEXT.test(after) || DISH_NEXT.test(after) || PLACE_LAST.test(name) || DISH_LAST.test(name);
}

const foldName = (name: string): string => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** One span per name: an introduction and the lexicon often find the same name, or parts of it. */
function mergeOverlapping(spans: EntitySpan[]): EntitySpan[] {
  const merged: EntitySpan[] = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

// "Zorvath Quillane e Anna Moretti", "Lucía Gómez y …": a name joined before one we found. The words
// before are read on a bounded slice.
const AND_BEFORE = new RegExp(String.raw`(?<![\p{L}])${WORD}(?:[^\S\n]${WORD}){0,2}[^\S\n]+(?:and|und|et|y|e|en|&)[^\S\n]+$`, 'u');
const BEFORE_SPAN = 80;

function withConjoinedNames(text: string, spans: EntitySpan[]): EntitySpan[] {
  const all = [...spans];
  for (const span of spans) {
    const from = Math.max(0, span.start - BEFORE_SPAN);
    const before = AND_BEFORE.exec(text.slice(from, span.start));
    const left = before ? nameAt(text, from + before.index, true) : null;
    // Only a full name: one word before "and" is as often a drink or a place ("Aperol and Hugo").
    if (left && isFullName(text, left) && /^[^\S\n]+\S+[^\S\n]+$/u.test(text.slice(left.end, span.start))) all.push(left);
    let current: EntitySpan | null = span;
    while (current) {
      const joiner = AND_NEXT.exec(text.slice(current.end));
      current = joiner ? nameAt(text, current.end + joiner[0].length, true) : null;
      if (current) all.push(current);
    }
  }
  return all;
}

const isFullName = (text: string, span: EntitySpan): boolean => /\s/.test(text.slice(span.start, span.end));

const GERMAN_WITH = /(?:mit|bei)$/i;
const CLAUSE_END = /^\s*(?:$|[,.!?;:])/;

function isStaffName(name: string, needsLexicon: boolean): boolean {
  const words = name.split(/\s+/);
  if (words.length === 1 && !needsLexicon) return !isEverydayWord(name);
  return words.some(isPlainName);
}

function nameAt(text: string, at: number, weak: boolean): EntitySpan | null {
  NAME.lastIndex = at;
  const m = NAME.exec(text);
  if (!m) return null;
  let value = m[0];
  let start = at;
  // Trim words that are not names from both ends: "Inhaber Familie Gruber" keeps "Gruber",
  // "my name is Anna Tomorrow…" keeps "Anna".
  for (let lead = LEADING_WORD.exec(value); lead && NOT_A_NAME.has(lead[1] ?? ''); lead = LEADING_WORD.exec(value)) {
    start += lead[0].length;
    value = value.slice(lead[0].length);
  }
  for (let tail = TRAILING_WORD.exec(value); tail; tail = TRAILING_WORD.exec(value)) {
    if (!NOT_A_NAME.has(tail[1] ?? '')) break;
    value = value.slice(0, tail.index);
  }
  if (value === '' || NOT_A_NAME.has(value)) return null;
  if (weak && start !== at) return null;
  return { type: 'PERSON', start, end: start + value.length };
}
