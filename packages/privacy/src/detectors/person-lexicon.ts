import type { EntitySpan } from '../entity-types';
import { GENERATED_GIVEN_NAMES, GENERATED_SURNAMES } from './person-lexicon-data';
import { AMBIGUOUS_NAMES, GIVEN_NAMES, SURNAMES } from './person-names';
import { EVERYDAY, NAME_LIKE_WORDS, NOT_A_NAME, ORDER_WORDS, PLACE_PREFIXES, ROLE_WORD, THING_NOUNS } from './person-stop-words';

/*
 * Names mentioned without an introduction ("Could Dimitri call me?", "Femke van der Hoeven
 * arrives at 6", "Takahashi Mio desu"): a lexicon of common given names and surnames across the
 * guests' cultures, in either order, with particles. One tokenising pass and a set lookup per
 * word, so the cost is linear and small (the benchmark reports it per KB).
 *
 * What counts:
 * - a capitalised lexicon name that is not also an everyday word or place ("Will", "May",
 *   "Hamilton", "Bermuda", "Rosa", "Koch" are only names next to another name);
 * - two adjacent lexicon names, in either order, even in lower case ("jennifer smith");
 * - "X van der Y", "X von Y", "X ten Y": a capitalised word, a Germanic particle, a capitalised word;
 * - a word with a Japanese honorific suffix ("Tanaka-san", "Mio-chan"), suffix excluded.
 * A found name grows rightwards over particles and a following capitalised word (the surname
 * after a given name need not be in the lexicon), and leftwards over adjacent lexicon names.
 */

// Most words are ASCII: skip the (costly) Unicode normalisation for them.
const NON_ASCII = /[^ -~]/;
const fold = (word: string): string =>
  NON_ASCII.test(word) ? word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() : word.toLowerCase();
const wordsOf = (lists: Readonly<Record<string, string>> | string): string[] =>
  (typeof lists === 'string' ? lists : Object.values(lists).join(' ')).trim().split(/\s+/);
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'des', 'la', 'le', 'dos', 'das', 'zu', 'ten', 'ter', 'vom', 'het', 'lo', 'y', 'e']);
// Multi-word surnames ("Le Gall", "Da Silva", "De Luca") are listed word by word; their particles
// and two-letter words ("Sá") would match "Le" and "Sa" everywhere, so only the core word counts.
const lexicon = (words: string[]): Set<string> => new Set(words.map(fold).filter((w) => w.length >= 3 && !PARTICLES.has(w)));
const HAND_GIVEN = lexicon(wordsOf(GIVEN_NAMES));
const HAND_SURNAME = lexicon(wordsOf(SURNAMES));
const GIVEN = new Set([...HAND_GIVEN, ...lexicon(wordsOf(GENERATED_GIVEN_NAMES))]);
const SURNAME = new Set([...HAND_SURNAME, ...lexicon(wordsOf(GENERATED_SURNAMES))]);
/*
 * Everyday words never count alone: the hand-written ambiguous names, the words the generated
 * lexicon shares with everyday speech, and the surnames only the generated lexicon knows (its
 * thousands of German, Italian and Spanish surnames are also nouns: "Becker", "Fontana", "Mesa").
 */
const EVERYDAY_WORD = new Set([...NAME_LIKE_WORDS, ...EVERYDAY, ...[...NOT_A_NAME].map(fold)]);
const AMBIGUOUS = new Set([
  ...wordsOf(AMBIGUOUS_NAMES).map(fold),
  ...EVERYDAY_WORD,
  ...[...SURNAME].filter((w) => !HAND_SURNAME.has(w) && !GIVEN.has(w)),
]);

// Compound given names are written with a hyphen: "Anna-Lena", "Jean-Luc", "Maria-João".
const isGivenName = (key: string): boolean =>
  GIVEN.has(key) || (key.includes('-') && key.split('-').every((part) => GIVEN.has(part)));
/** A given name or surname of either lexicon, whether or not it is also an everyday word. */
const isLexiconName = (word: string): boolean => isGivenName(fold(word)) || SURNAME.has(fold(word));
/** A lexicon name that counts on its own: not an everyday word, place or generated-only surname. */
export const isPlainName = (word: string): boolean => isLexiconName(word) && !AMBIGUOUS.has(fold(word));
/** A word the lexicons list as everyday (a month, a drink, a colour…) or that is not a name at all. */
export const isEverydayWord = (word: string): boolean => EVERYDAY_WORD.has(fold(word)) || NOT_A_NAME.has(word);

const TOKEN = /[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*/gu;
// Particles that, between two capitalised words, make a name on their own (no place uses them).
const GERMANIC_PARTICLE = /^(?:van|von|ten|ter|vom)$/;
const SURNAME_SHAPE = /^(?:O['’]|Mc|Mac(?=\p{Lu}))\p{Lu}\p{Ll}+$/u;
const HONORIFIC_SUFFIX = /^([\p{L}\p{M}]+)-(?:san|sama|kun|chan|sensei|dono)$/iu;
const CAPITALISED = /^\p{Lu}(?:\p{Ll}|['’]\p{Lu})/u;
// Lower case only: "San Diego" is a place.
const SPACED_HONORIFIC = /^(?:san|sama|kun|chan|sensei|dono)$/;
const ADJACENT_GAP = /^[ \u00A0]{1,2}$/;
const MAX_WORDS = 5;

interface Token {
  start: number;
  end: number;
  word: string;
  key: string;
  cap: boolean;
  given: boolean;
  surname: boolean;
  ambiguous: boolean;
  /** An everyday word (month, colour, drink…) that the lexicon also lists as a name. */
  everyday: boolean;
  particle: boolean;
  stop: boolean;
  /** Whitespace only between this token and the previous one. */
  adjacent: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0];
    const key = fold(word);
    const cap = CAPITALISED.test(word);
    tokens.push({
      start: m.index,
      end: m.index + word.length,
      word,
      key,
      cap,
      given: isGivenName(key),
      surname: SURNAME.has(key) || SURNAME_SHAPE.test(word),
      ambiguous: AMBIGUOUS.has(key),
      everyday: EVERYDAY_WORD.has(key),
      particle: PARTICLES.has(key),
      stop: NOT_A_NAME.has(word),
      adjacent: previousEnd >= 0 && ADJACENT_GAP.test(text.slice(previousEnd, m.index)),
    });
    previousEnd = m.index + word.length;
  }
  return tokens;
}

const isName = (t: Token): boolean => (t.given || t.surname) && !t.stop;
const isCapName = (t: Token): boolean => t.cap && isName(t);
const isSurnameCandidate = (t: Token): boolean => t.cap && !t.stop && !t.particle;
/** A capitalised word that may be part of a name before a Japanese honorific. */
const isNameWord = (t: Token): boolean => isSurnameCandidate(t) && !t.everyday;

/** Index of the next capitalised word after up to two particles, or -1. */
function afterParticles(tokens: readonly Token[], i: number): number {
  let j = i + 1;
  let particles = 0;
  // Capitalised particles too, inside a name: "Gaëtan Le Bihan", "Tancredi Lo Bianco".
  while (tokens[j]?.adjacent && tokens[j]?.particle && (!tokens[j]?.cap || isName(tokens[i] as Token)) && particles < 2) {
    j += 1;
    particles += 1;
  }
  const next = tokens[j];
  return next?.adjacent && isSurnameCandidate(next) ? j : -1;
}

function seedAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  // "Santa Lucía", "San Diego": the generated lexicon lists Santa and Santo as given names.
  if (!t || PLACE_PREFIXES.has(t.key)) return false;
  if (isCapName(t) && !t.ambiguous) return true;
  const next = tokens[i + 1];
  const previous = tokens[i - 1];
  // An ambiguous name counts beside another name: "Will Turner", "Lewis Hamilton", "Takahashi Mio";
  // two everyday words do not ("Pink Pearl", "Costa Nova", "Stella Marina").
  const besideName = (other: Token | undefined): boolean => other !== undefined && isCapName(other) && !(t.everyday && other.everyday);
  if (isCapName(t) && ((next?.adjacent && besideName(next)) || (t.adjacent && besideName(previous)))) return true;
  // Lower case needs two lexicon names in a row, neither an everyday word.
  if (!t.cap && isName(t) && !t.ambiguous && next?.adjacent && !next.cap && isName(next) && !next.ambiguous) {
    return (t.given && next.surname) || (t.surname && next.given);
  }
  if (t.cap && !t.stop && next?.adjacent && GERMANIC_PARTICLE.test(next.key)) return afterParticles(tokens, i) >= 0;
  return false;
}

/** A capitalised everyday word in mid-sentence ("Blue", "Sea"): what follows is a name of a thing. */
const SENTENCE_END = /(?:^|[.!?:\n]\s*|["“«(]\s*)$/u;
const isTitleWord = (text: string, t: Token): boolean =>
  t.cap && !isName(t) && !t.stop && !t.particle && !SENTENCE_END.test(text.slice(Math.max(0, t.start - 3), t.start));
// Japanese topic and object particles: "bīru wa Asahi" (as for beer, Asahi).
const JA_PARTICLES = new Set(['wa', 'ga', 'no', 'wo', 'mo']);
// English and Romance "of": "a bottle of Louis Roederer", "Ritual de Arena Rosa". Not German and Dutch "von", "van": their nouns are
// capitalised, so "das Zimmer von Anna Schmidt" must stay a person.
const OF = new Set(['of', 'de', 'del', 'della', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'lo']);

/**
 * Whether the words before a name make it a thing: a boat, dish, wine or beer word ("the velero
 * Estrella del Mar", "una botella de Marqués de Cáceres", "bīru wa Asahi"), São/San/Saint, a
 * capitalised non-name word in mid-sentence ("die Blue Marlin", "el Ritual de Arena Rosa"), or an
 * indefinite article or number ("ein Hugo"). Up to two Romance or Japanese particles are read through. A staff role is
 * capitalised in German but names a person: "Der Tennistrainer Maximilian Oberhuber".
 */
function namedThing(text: string, tokens: readonly Token[], first: number): boolean {
  let k = first - 1;
  let japanese = false;
  while (k > first - 3 && tokens[k + 1]?.adjacent && (OF.has(tokens[k]?.key ?? '') || JA_PARTICLES.has(tokens[k]?.key ?? ''))) {
    japanese ||= JA_PARTICLES.has(tokens[k]?.key ?? '');
    k -= 1;
  }
  const before = tokens[k];
  // "St. George", "Ste. Anne": the abbreviated saint is a place too.
  if (k === first - 1 && /(?<![\p{L}])S(?:t|te|ta|to)\.\s$/u.test(text.slice(Math.max(0, (tokens[first]?.start ?? 0) - 5), tokens[first]?.start))) return true;
  if (!before || !tokens[k + 1]?.adjacent) return false;
  if (THING_NOUNS.has(before.key)) return true;
  if (japanese) return false;
  if (k === first - 1 && (PLACE_PREFIXES.has(before.key) || ORDER_WORDS.has(before.key))) return true;
  return isTitleWord(text, before) && !ROLE_WORD.test(before.word);
}

export function detectLexiconNames(text: string): EntitySpan[] {
  const tokens = tokenize(text);
  const spans: EntitySpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (!t) break;
    const honorific = HONORIFIC_SUFFIX.exec(t.word);
    if (honorific) {
      const nameEnd = t.start + (honorific[1] ?? '').length;
      // "Ōtsuka Hiroshi-sensei": a capitalised word before is the rest of the name, lexicon or not.
      const previous = tokens[i - 1];
      const start = t.adjacent && t.cap && previous && isNameWord(previous) ? previous.start : t.start;
      spans.push({ type: 'PERSON', start, end: nameEnd });
      i += 1;
      continue;
    }
    // The honorific written apart: "Kurogane Akemi san ni denwa shite", "Ishida sama".
    const next = tokens[i + 1];
    if (isNameWord(t) && next?.adjacent && SPACED_HONORIFIC.test(next.word)) {
      const previous = tokens[i - 1];
      const start = t.adjacent && previous && isNameWord(previous) ? previous.start : t.start;
      spans.push({ type: 'PERSON', start, end: t.end });
      i += 2;
      continue;
    }
    if (!seedAt(tokens, i)) {
      i += 1;
      continue;
    }
    let first = i;
    // Not over São/San/Santa: "Santa Lucía" is a boat or a place (namedThing).
    while (first > 0 && first > i - 2 && tokens[first]?.adjacent && isCapName(tokens[first - 1] as Token) && !PLACE_PREFIXES.has(tokens[first - 1]?.key ?? '')) first -= 1;
    let last = i;
    const lowerPair = !t.cap;
    while (last - first + 1 < MAX_WORDS) {
      const next = tokens[last + 1];
      if (lowerPair) {
        if (next?.adjacent && !next.cap && isName(next) && !next.ambiguous) last += 1;
        break;
      }
      const j = afterParticles(tokens, last);
      if (j < 0) break;
      // A given name may be followed by any capitalised surname; after a surname only more lexicon names.
      const current = tokens[last] as Token;
      const candidate = tokens[j] as Token;
      if (!(current.given || isName(candidate) || j > last + 1)) break;
      last = j;
    }
    // "the Tucker party", "the Hilton": one name after "the" names a group or a place, not a person.
    const before = tokens[first - 1];
    const afterBefore = tokens[first]?.adjacent === true && before !== undefined;
    const afterThe = first === last && afterBefore && before.key === 'the';
    const named = namedThing(text, tokens, first);
    if (!afterThe && !named) spans.push({ type: 'PERSON', start: tokens[first]?.start ?? t.start, end: tokens[last]?.end ?? t.end });
    i = last + 1;
  }
  return spans;
}

/*
 * Names written as one handle: "Maartje.Hoogendoorn", "Iris.vanderMeulen", "john_smith". Two or
 * three letter-only parts joined by "." or "_", taken as a name when the parts are capitalised
 * like a name (the first, and a capital later on: "Merel.deWetering") or when the first part is a
 * lexicon given name that is not an everyday word ("maria.garcia"). File names ("menu.pdf"),
 * domains ("coralbeachclub.example") and codes ("spa_booking") have neither shape. The regex
 * reads each candidate once, with no nested repetition: linear in the text.
 */
const HANDLE = /(?<![\p{L}\p{N}@._-])(\p{L}{2,30})([._])(\p{L}{2,30})(?:[._](\p{L}{2,30}))?(?![\p{L}\p{N}@]|[._-][\p{L}\p{N}])/gu;
const UPPER = /\p{Lu}/u;
// Abbreviations written without their space: "St.George" is a place, "No.12" a number.
const NOT_A_FIRST_NAME = new Set(['st', 'mt', 'ft', 'no', 'nr', 'vol', 'ch']);

export function detectNameHandles(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(HANDLE)) {
    const [whole, first = '', , second = '', third] = m;
    const last = third ?? second;
    if (NOT_A_FIRST_NAME.has(fold(first))) continue;
    const nameCased = CAPITALISED.test(first) && UPPER.test(second + (third ?? ''));
    const key = fold(first);
    const givenName = GIVEN.has(key) && !AMBIGUOUS.has(key) && last.length >= 2;
    if (nameCased || givenName) spans.push({ type: 'PERSON', start: m.index, end: m.index + whole.length });
  }
  return spans;
}
