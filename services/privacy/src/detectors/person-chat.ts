import type { EntitySpan } from '../entity-types';
import { NOT_A_NAME } from './person-stop-words';

/*
 * Chat-style self-introductions, where the name is a lower-case nickname no lexicon can hold:
 * "its ollie from the tennis clinic", "hier ist matze aus dem bungalow", "c clem de la villa",
 * "soy paco el de la villa", "sono ale della villa", "aqui é a duda do bangalô", "met roos uit
 * het huisje", "yui desu, …". Three guards keep ordinary chat out ("its raining", "ich bin müde",
 * "c'est bon", "sono stanco"):
 * - the introduction opens the message or a sentence (after an optional greeting);
 * - the word after it is not an everyday word of that language (EVERYDAY below, and English
 *   "-ing"/"-ed"/"-ly" words);
 * - the word is followed by the end of the sentence, an emoji, or where the guest is from
 *   ("from", "aus", "de", "della", "do", "uit", "desu"…).
 * One regex pass per rule, each match a bounded word after a bounded prefix: linear in the text.
 */

const GREETING = String.raw`(?:(?:hi|hey|hello|hiya|yo|hallo|hoi|moin|servus|salut|coucou|bonjour|hola|buenas|ciao|ol[áa]|oi|konnichiwa|ohay[oō]u?|konbanwa|good\s+(?:morning|afternoon|evening))[\s,!.]*(?:\p{Extended_Pictographic}\s*)*)`;
const OPENING = String.raw`(?:^|[.!?]\s+)\s*${GREETING}?`;
const INTRO = [
  String.raw`it['’]?s`, String.raw`this\s+is`, String.raw`i['’]?m`,
  String.raw`hier\s+(?:ist|spricht)`, String.raw`ich\s+bin`,
  String.raw`c['’]est`, String.raw`c`, String.raw`ici`, String.raw`moi\s+c['’]est`, String.raw`je\s+suis`,
  String.raw`soy`, String.raw`aqu[ií]\s+(?:es|habla)`,
  String.raw`sono`, String.raw`qui\s+[èe]`,
  String.raw`sou(?:\s+[oa])?`, String.raw`aqui\s+[ée](?:\s+[oa])?`,
  String.raw`met`, String.raw`hier\s+is`, String.raw`ik\s+ben`, String.raw`dit\s+is`,
].join('|');
const NICKNAME = String.raw`(\p{L}[\p{L}\p{M}]{1,15})`;
const AFTER_NAME = String.raw`(?=\s*(?:$|[,.!?;:…)]|\p{Extended_Pictographic}|(?:from|of|here|btw|aus|vom|von|im|de|du|des|d['’]|del|della|dello|dalla|dal|da|do|dos|das|na|van|uit|el|la|desu)(?![\p{L}])))`;
const CHAT_INTRODUCTION = new RegExp(String.raw`${OPENING}(?:${INTRO})\s+${NICKNAME}${AFTER_NAME}`, 'dgiu');
// "yui desu, …", "aoi desu 👋": the name comes first in Japanese.
const DESU_INTRODUCTION = new RegExp(
  String.raw`${OPENING}(?:(?:watashi|boku|atashi)\s+wa\s+)?${NICKNAME}\s+desu(?=\s*(?:$|[,.!?…]|\p{Extended_Pictographic}))`,
  'dgiu',
);
// "Watashi wa Rina Fujiwara to moushimasu": the one or two words before "to mōshimasu"/"to iimasu".
const JA_PARTICLE = String.raw`(?!(?:wa|ga|no|wo|ni|de|mo|watashi|boku|atashi|namae)\s)`;
const TO_MOUSHIMASU = new RegExp(
  String.raw`(?<![\p{L}])(${JA_PARTICLE}\p{L}{2,20}(?:\s${JA_PARTICLE}\p{L}{2,20})?)\s+to\s+(?:m[oō]u?shimasu|iimasu)(?![\p{L}])`,
  'dgiu',
);

// Everyday words that follow "it's", "ich bin", "c'est", "soy", "sono", "sou", "met", "desu" at the
// start of a message, per language. Folded to lower case.
const EVERYDAY = new Set(
  `me you us him her them we i it here there back home out in on off up down ok okay fine good great bad sorry late early
  ready done sure busy free lost sick ill tired hungry thirsty cold hot warm closed open broken urgent true right wrong fun over
  gone away all everyone nothing just so too very really still also not now today tonight tomorrow yesterday again myself the
  a an my your our his their about for to at with no yes yeah nope what who how why when where this that hard easy weird fair
  possible impossible perfect lovely amazing awesome nice cool bored wet noisy loud quiet dark empty full missing new old
  lit dope chill mad crazy
  hier da dort es ich wir er sie auch schon noch gleich bald spät spaet müde muede krank fertig zurück zurueck wieder nicht nur
  gut sicher unterwegs drin dran angekommen weg alles das der die dem den ein eine mal jetzt heute morgen wach mir uns euch
  leider super toll schlimm dringend kaputt zu offen besetzt frei neu voll leer
  moi toi nous vous lui elle eux ça ca bon bien mal nul fini fermé ferme ouvert cassé casse parfait noté note gentil pas plus
  trop très tres vrai sûr sur la le les un une encore normal super top génial genial dommage quoi où ou qui l d ici là moche
  pareil possible complet occupé occupe libre prêt pret arrivé arrive arrivée fatigué fatigue malade désolé desole désolée
  yo tú tu él ella nosotros aquí aqui allí alli de del el un una alérgico alergico alérgica alergica vegano vegana vegetariano
  vegetariana celíaco celiaco celíaca bien muy también tambien listo lista cliente huésped huesped socio socia español española
  nuevo nueva solo sola yo mismo misma
  io noi voi lei qui qua là li già gia bene male stanco stanca stanchi arrivato arrivata arrivati pronto pronta pronti
  allergico allergica in a da di della il lo gli uno sicuro sicura contento contenta felice così cosi vegana ancora appena
  ospite italiano italiana tornato tornata tornati usciti uscito uscita sveglio sveglia fuori dentro
  eu você voce vc nós nos ele ela lá o os as um uma do bem ok novo nova alérgico hóspede hospede brasileiro brasileira
  português portugues portuguesa só tudo isso sócio socio
  ik jij je wij we hij zij ze u mij hier daar het een goed klaar moe ziek terug er nog al alleen weer even net te dat dit
  wie wat spoed plezier dank korting kinderen vrienden familie vriendelijke groet groeten blij
  hai iie sou daijoubu daijobu kekkou arigatou arigato onegai onegaishimasu sumimasen gomen ii dame muri heya nan nani doko
  itsu dare ikura kore sore are watashi boku ore otto tsuma kodomo musuko musume yoyaku genki hontou junbi shitsurei
  vegetarier vegetarierin veganer veganerin allergiker allergikerin allergisch vegetarisch végétarien vegetarien végétarienne
  végétalien vegetalien vegetariër vegetarier veganist allergisch tedesco tedesca inglese francese olandese svizzero svizzera
  alemán aleman alemana francés frances francesa holandés holandesa inglés alemão alemao alemã inglês ingles francês
  duits duitse engels engelse nederlander nederlandse belg belgisch engländer engländerin franzose französin italiener
  italienerin spanier spanierin niederländer österreicher österreicherin schweizer schweizerin amerikaner amerikanerin brite britin`
    .trim()
    .split(/\s+/),
);
// English "-ing/-ed/-ly" words ("its raining") and Japanese nationalities ("doitsujin desu").
const INFLECTED = /^\p{L}{3,}(?:ing|ed|ly|jin)$/u;
const isNickname = (word: string): boolean => {
  const key = word.toLowerCase();
  const capitalised = key.charAt(0).toUpperCase() + key.slice(1);
  return !EVERYDAY.has(key) && !NOT_A_NAME.has(capitalised) && !INFLECTED.test(key);
};

function firstGroupSpans(text: string, pattern: RegExp): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(pattern)) {
    const name = m[1];
    if (name === undefined || !name.split(/\s+/).every(isNickname)) continue;
    const [start, end] = m.indices?.[1] ?? [];
    if (start !== undefined && end !== undefined) spans.push({ type: 'PERSON', start, end });
  }
  return spans;
}

export function detectChatNicknames(text: string): EntitySpan[] {
  return firstGroupSpans(text, CHAT_INTRODUCTION);
}

export function detectJapaneseSelfIntroductions(text: string): EntitySpan[] {
  return [...firstGroupSpans(text, DESU_INTRODUCTION), ...firstGroupSpans(text, TO_MOUSHIMASU)];
}
