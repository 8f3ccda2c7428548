import type { EntitySpan } from '../entity-types';
import { isNickname } from './person-stop-words';

/*
 * Chat-style self-introductions, where the name is a lower-case nickname no lexicon can hold:
 * "its ollie from the tennis clinic", "hier ist matze aus dem bungalow", "c clem de la villa",
 * "soy paco el de la villa", "sono ale della villa", "aqui é a duda do bangalô", "met roos uit
 * het huisje", "yui desu, …". Three guards keep ordinary chat out ("its raining", "ich bin müde",
 * "c'est bon", "sono stanco"):
 * - the introduction opens the message or a sentence (after an optional greeting);
 * - the word after it is not an everyday word of that language (EVERYDAY in person-stop-words.ts, and English
 *   "-ing"/"-ed"/"-ly" words);
 * - the word is followed by the end of the sentence, an emoji, or where the guest is from
 *   ("from", "aus", "de", "della", "do", "uit", "desu"…).
 * One regex pass per rule, each match a bounded word after a bounded prefix: linear in the text.
 */

// Chat stretches greetings: "holaa", "oii", "heyyy".
const GREETING = String.raw`(?:(?:hi+|hey+|hel+o+|hiya+|yo|hal+o+|hoi+|moin|servus|salut|coucou|cc|bonjour|hola+|buenas|ciao+|ol[áa]+|oi+|konnichiwa|ohay[oō]u?|konbanwa|good\s+(?:morning|afternoon|evening))[\s,!.]*(?:\p{Extended_Pictographic}\s*)*)`;
const OPENING = String.raw`(?:^|[.!?]\s+)\s*${GREETING}?`;
const INTRO = [
  String.raw`it['’]?s`, String.raw`th(?:is|si)\s+is`, String.raw`i['’]?m`,
  String.raw`hier(?:\s+(?:ist|spricht))?`, String.raw`ich\s+bin`,
  String.raw`c['’]est`, String.raw`c`, String.raw`ici`, String.raw`moi\s+c['’]est`, String.raw`je\s+suis`,
  String.raw`soy`, String.raw`aqu[ií]\s+(?:es|habla)`,
  String.raw`sono`, String.raw`qui\s+[èe]`,
  String.raw`sou(?:\s+[oa])?`, String.raw`aqui\s+[ée](?:\s+[oa])?`,
  String.raw`met`, String.raw`hier\s+is`, String.raw`ik\s+ben`, String.raw`dit\s+is`,
].join('|');
const NICKNAME = String.raw`(\p{L}[\p{L}\p{M}]{1,15})`;
// Where the guest is from, or the room they are in ("c mimi chambre 108", "sono gegè camera 226").
const ROOM_WORD = String.raw`rm|room|villa|suite|bungalow|cottage|zimmer|zi|chambre|ch|habitaci[oó]n|hab|camera|stanza|quarto|kamer|heya`;
// The nickname ends where its word ends: "its Beach" is not "Bea" before "ch".
const AFTER_NAME = String.raw`(?![\p{L}\p{M}])(?=\s*(?:$|[,.!?;:…)]|\p{Extended_Pictographic}|(?:from|frm|of|here|again|btw|${ROOM_WORD}|aus|vom|von|im|de|du|des|d['’]|del|della|dello|dalla|dal|da|do|dos|das|na|van|uit|el|la|desu)(?![\p{L}])))`;
const CHAT_INTRODUCTION = new RegExp(String.raw`${OPENING}(?:${INTRO})\s+${NICKNAME}${AFTER_NAME}`, 'dgiu');
// "heyy jojo here lol", "hallo mats hier 👋": after a greeting, a nickname and "here" closing the clause.
const HERE_INTRODUCTION = new RegExp(
  String.raw`(?:^|[.!?]\s+)\s*${GREETING}(?<![\p{L}])${NICKNAME}\s+(?:here|hier)(?=\s*(?:$|[,.!?;:…]|\p{Extended_Pictographic}|(?:lol|haha|from|frm|aus|van|uit|${ROOM_WORD})(?![\p{L}])))`,
  'dgiu',
);
// "yui desu, …", "aoi desu 👋", "Takahashi Mizuki desu.": the name comes first in Japanese; two
// words only when both are capitalised (a full name, surname first).
// "yuki dayo~": the casual form ends with a tilde.
const DESU_INTRODUCTION = new RegExp(
  String.raw`${OPENING}(?:(?:watashi|boku|atashi)\s+wa\s+)?(\p{L}[\p{L}\p{M}]{1,15}|\p{Lu}[\p{Ll}\p{M}]{1,15}[^\S\n]\p{Lu}[\p{Ll}\p{M}]{1,15})\s+(?:desu|dayo|da\s+yo)(?=\s*(?:$|[,.!?…~]|\p{Extended_Pictographic}|\d{3}(?!\d)))`,
  'dgiu',
);
// "501-goshitsu no Kurogane Akemi desu" (Kurogane Akemi of room 501): a full name after "no".
const NO_FULL_NAME_DESU = new RegExp(
  String.raw`(?<![\p{L}])no\s+(\p{Lu}[\p{Ll}\p{M}]{1,15}[^\S\n]\p{Lu}[\p{Ll}\p{M}]{1,15})\s+desu(?![\p{L}])`,
  'dgu',
);
// "Watashi wa Rina Fujiwara to moushimasu": the one or two words before "to mōshimasu"/"to iimasu".
const JA_PARTICLE = String.raw`(?!(?:wa|ga|no|wo|ni|de|mo|watashi|boku|atashi|namae)\s)`;
const TO_MOUSHIMASU = new RegExp(
  String.raw`(?<![\p{L}])(${JA_PARTICLE}\p{L}{2,20}(?:\s${JA_PARTICLE}\p{L}{2,20})?)\s+to\s+(?:m[oō]u?shimasu|iimasu)(?![\p{L}])`,
  'dgiu',
);

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

/*
 * Messages passed on to someone, typed in lower case: "sag jannik bitte dass…", "dile a pili que…",
 * "dites a mathéo qu'on…", "dite a robi che…", "fala pro tuca q…", "zeg tegen fleur dat…",
 * "tell jules that…". The word after the verb must not be an everyday word and must be followed by
 * the start of what is passed on ("that", "dass", "que", "che", "dat"…).
 */
const TELL = [
  String.raw`tell`, String.raw`sag(?:t|en\s+sie)?`, String.raw`(?:dis|dites)\s+[àa]`, String.raw`(?:dile|dec[ií]le|d[ií]gale|decidle|avis[aá]le|pregunt[aá]le|cont[aá]le)\s+a`,
  String.raw`(?:di|dite|dica)\s+a`, String.raw`(?:fala|diz|diga|avisa)\s+(?:pro|pra|para\s+[oa]|ao|à|a|o)`, String.raw`zeg\s+(?:tegen|maar\s+tegen)`,
].join('|');
// "sagt bitte gundi dass…": a please may come before the name as well as after it. Chat drops the
// apostrophe: "dis a doudou qu on arrive".
const PLEASE = String.raw`(?:bitte|mal|svp|stp|pls|please|por\s+favor|per\s+favore|even|maar)`;
const PASSED_ON = String.raw`(?:qu['’]|ch['’]|(?:that|dass|das|que|qu|q|che|dat|to|we|wir|on)(?![\p{L}]))`;
const TOLD = new RegExp(
  String.raw`(?<![\p{L}])(?:${TELL})\s+(?:${PLEASE}\s+)?(?!${PASSED_ON})(\p{Ll}[\p{Ll}\p{M}]{1,15})(?=\s+(?:${PLEASE}\s+)?${PASSED_ON})`,
  'dgu',
);

// "my name is zorv quil 😊", "me llamo pili y…": a lower-case name after an introduction that
// always precedes one, closing the clause. Not "call me", which is also "call me later".
const NAMED_LOWER = new RegExp(
  String.raw`(?<![\p{L}])(?:my\s+name\s+is|my\s+name['’]?s|me\s+llamo|je\s+m['’]?appelle|ich\s+hei(?:ß|ss)e|mi\s+chiamo|me\s+chamo|ik\s+heet|namae\s+wa)\s+(\p{Ll}[\p{Ll}\p{M}]{1,15}(?:[^\S\n]\p{Ll}[\p{Ll}\p{M}]{1,15})?)(?![\p{L}\p{M}])(?=\s*(?:$|[,.!?;:…)]|\p{Extended_Pictographic}|(?:and|y|et|und|e|en|from|frm|aus|de|da|van|desu|${ROOM_WORD})(?![\p{L}])))`,
  'dgu',
);

export function detectChatNicknames(text: string): EntitySpan[] {
  return [
    ...firstGroupSpans(text, CHAT_INTRODUCTION),
    ...firstGroupSpans(text, HERE_INTRODUCTION),
    ...firstGroupSpans(text, TOLD),
    ...firstGroupSpans(text, NAMED_LOWER),
  ];
}

// "yuuto ni puuru ni iru tte tsutaete ne": the one told opens the sentence, before "ni", and the
// sentence ends with "tsutaete" (tell). The gap is bounded, so each match stays linear.
const TSUTAETE = new RegExp(
  String.raw`(?:^|[.!?]\s+)${JA_PARTICLE}(\p{L}{2,15})(?:-(?:san|kun|chan))?\s+ni\s+[^.!?\n]{0,80}?\btsutae(?:te|temasu|mashita|teoite|te\s+kudasai)(?![\p{L}])`,
  'dgiu',
);

export function detectJapaneseSelfIntroductions(text: string): EntitySpan[] {
  return [...firstGroupSpans(text, DESU_INTRODUCTION), ...firstGroupSpans(text, NO_FULL_NAME_DESU), ...firstGroupSpans(text, TO_MOUSHIMASU), ...firstGroupSpans(text, TSUTAETE)];
}
