// Building blocks for the second held-out corpus: tagged templates that record where each labelled
// span lands, and card / IBAN values whose check digits are searched for rather than computed, so
// this generator shares no arithmetic with the detector or with the first held-out corpus.
import { createHash } from 'node:crypto';
import type { EntityType } from '../../../src/index';

export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ja'] as const;
export type Lang = (typeof LANGS)[number];

export interface Span {
  type: EntityType;
  value: string;
  start: number;
  end: number;
}

export interface Line {
  lang: Lang;
  text: string;
  spans: Span[];
  /** WhatsApp style (no capitals, typos, emojis, abbreviations); only counted in the README. */
  chat: boolean;
}

type Piece = Omit<Span, 'start' | 'end'>;
type Template = (strings: TemplateStringsArray, ...pieces: Piece[]) => Line;

function template(lang: Lang, chat: boolean): Template {
  return (strings, ...pieces) => {
    const spans: Span[] = [];
    let text = strings[0] ?? '';
    for (const [i, piece] of pieces.entries()) {
      spans.push({ ...piece, start: text.length, end: text.length + piece.value.length });
      text += piece.value + (strings[i + 1] ?? '');
    }
    return { lang, text, spans, chat };
  };
}

/** `t.fr\`…\`` is a formal French line, `w.fr\`…\`` a WhatsApp-style one. */
export const t = Object.fromEntries(LANGS.map((l) => [l, template(l, false)])) as Record<Lang, Template>;
export const w = Object.fromEntries(LANGS.map((l) => [l, template(l, true)])) as Record<Lang, Template>;

const of =
  (type: EntityType) =>
  (value: string): Piece => ({ type, value });

export const MAIL = of('EMAIL');
export const TEL = of('PHONE');
export const NAME = of('PERSON');
export const ROOM = of('ROOM_NUMBER');
export const ID = of('ID_NUMBER');
export const IP = of('IP_ADDRESS');
export const DOB = of('DATE_OF_BIRTH');

/** A seeded digit source (SHA-256 of the seed, then a 32-bit LCG), so rebuilds are byte-identical. */
function digitSource(seed: string): (count: number) => string {
  let state = createHash('sha256').update(`heldout-v2/${seed}`).digest().readUInt32LE(0);
  return (count) => {
    let out = '';
    while (out.length < count) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      out += String((state >>> 16) % 10);
    }
    return out;
  };
}

/** Luhn by its definition: double every second digit from the right, the total ends in 0. */
export function luhn(number: string): boolean {
  const sum = [...number].reverse().reduce((acc, ch, i) => {
    const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
    return acc + (d > 9 ? d - 9 : d);
  }, 0);
  return sum % 10 === 0;
}

/** Cards: issuer prefix and grouping of the printed number. */
const ISSUERS = {
  visa: ['4', [4, 4, 4, 4]],
  mastercard: ['51', [4, 4, 4, 4]],
  mastercard2: ['2720', [4, 4, 4, 4]],
  amex: ['34', [4, 6, 5]],
  discover: ['65', [4, 4, 4, 4]],
  jcb: ['3566', [4, 4, 4, 4]],
  diners: ['30', [4, 6, 4]],
  unionpay: ['62', [4, 4, 4, 4]],
  maestro: ['6304', [4, 4, 4, 4]],
  visa19: ['4', [4, 4, 4, 4, 3]],
} as const satisfies Record<string, readonly [string, readonly number[]]>;

export type Issuer = keyof typeof ISSUERS;
/** How a guest separates groups; 'mixed' cycles through space, dash and dot, 'none' runs them together. */
export type CardSep = ' ' | '-' | '.' | '  ' | ' - ' | '/' | 'mixed' | 'none';

let cards = 0;

export function CARD(issuer: Issuer, sep: CardSep): Piece {
  const [prefix, groups] = ISSUERS[issuer];
  const length = groups.reduce((a, b) => a + b, 0);
  const body = prefix + digitSource(`card/${cards++}`)(length - prefix.length - 1);
  const check = [...'0123456789'].find((d) => luhn(body + d)) ?? '';
  const number = body + check;
  const parts: string[] = [];
  groups.reduce((at, size) => (parts.push(number.slice(at, at + size)), at + size), 0);
  const cycle = [' ', '-', '.'];
  const value =
    sep === 'none' ? number : parts.reduce((acc, part, i) => acc + (sep === 'mixed' ? cycle[(i - 1) % 3] : sep) + part);
  return { type: 'CREDIT_CARD', value };
}

/** IBAN validity by ISO 13616: country and check moved to the end, letters as 10..35, mod 97 is 1. */
export function ibanValid(compact: string): boolean {
  const moved = compact.slice(4) + compact.slice(0, 4);
  const numeric = [...moved].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  return /^\d+$/.test(numeric) && BigInt(numeric) % 97n === 1n;
}

/** Real-looking bank identifiers and the length of the rest of each country's BBAN. */
const BBAN = {
  DE: [['20050550', '76026022', '43060967'], 10],
  FR: [['1751200001', '3000300620', '1820600025'], 13],
  ES: [['01825322', '14650100', '00810216'], 12],
  IT: [['Y0538712900', 'M0326822300', 'Q0200805364'], 12],
  PT: [['00180003', '00100000', '00360039'], 13],
  NL: [['TRIO', 'SNSB', 'KNAB'], 10],
  GB: [['HBUK400515', 'MIDL402718', 'NWBK560003'], 8],
} as const satisfies Record<string, readonly [readonly string[], number]>;

export type Country = keyof typeof BBAN;
/** compact, groups of four, lower case grouped or compact, dashes between groups, or bank code apart. */
export type IbanForm = 'compact' | 'fours' | 'lower' | 'lower-compact' | 'dashes' | 'bank-apart';

let ibans = 0;

export function IBAN(country: Country, form: IbanForm): Piece {
  const n = ibans++;
  const [banks, rest] = BBAN[country];
  const bank = banks[n % banks.length] ?? '';
  const bban = bank + digitSource(`iban/${n}`)(rest);
  const check = Array.from({ length: 97 }, (_, i) => String(i + 2).padStart(2, '0')).find((c) =>
    ibanValid(`${country}${c}${bban}`),
  );
  const compact = `${country}${check ?? ''}${bban}`;
  const fours = compact.match(/.{1,4}/g) ?? [];
  const value = {
    compact,
    fours: fours.join(' '),
    lower: fours.join(' ').toLowerCase(),
    'lower-compact': compact.toLowerCase(),
    dashes: fours.join('-'),
    'bank-apart': `${compact.slice(0, 4)} ${bank} ${bban.slice(bank.length)}`,
  }[form];
  return { type: 'IBAN', value };
}
