// Building blocks for the third held-out corpus. The tagged templates and the two checksum
// definitions are the second corpus's (they hold no corpus data); the card and IBAN values are new:
// other issuers, separators, countries and a different seeded digit source, so no value repeats.
import { createHash } from 'node:crypto';
import { ibanValid, luhn, t, w } from '../blind-dev-2/labels';

export { DOB, ID, IP, LANGS, type Lang, type Line, MAIL, NAME, ROOM } from '../blind-dev-2/labels';
export { ibanValid, luhn, t, w };

/** Every phone label with the region its context names, so the test can check it is a real number. */
export const phoneRegions = new Map<string, string>();

/** A phone label; `region` is the ISO country whose numbering plan the number follows. */
export function TEL(value: string, region: string): { type: 'PHONE'; value: string } {
  phoneRegions.set(value, region);
  return { type: 'PHONE', value };
}

/** Digits from a SHA-256 chain over the seed, so a rebuild is byte-identical. */
function digits(seed: string, count: number): string {
  let out = '';
  for (let block = createHash('sha256').update(`heldout-v3/${seed}`).digest(); out.length < count; ) {
    out += [...block].map((b) => String(b % 10)).join('');
    block = createHash('sha256').update(block).digest();
  }
  return out.slice(0, count);
}

/** Issuer prefix and how the printed number is grouped. */
const ISSUERS = {
  visa: ['49', [4, 4, 4, 4]],
  visa13: ['4', [4, 4, 5]],
  mastercard: ['53', [4, 4, 4, 4]],
  mastercard2: ['2221', [4, 4, 4, 4]],
  amex: ['37', [4, 6, 5]],
  discover: ['6011', [4, 4, 4, 4]],
  jcb: ['3528', [4, 4, 4, 4]],
  diners: ['36', [4, 6, 4]],
  unionpay: ['6212', [6, 13]],
  maestro: ['6759', [4, 4, 4, 4, 3]],
  elo: ['6362', [4, 4, 4, 4]],
} as const satisfies Record<string, readonly [string, readonly number[]]>;

export type Issuer = keyof typeof ISSUERS;
/** Separators guests type between groups; 'none' runs the digits together. */
export type CardSep = ' ' | '-' | '.' | '  ' | ' / ' | '_' | ', ' | 'none';

let cards = 0;

export function CARD(issuer: Issuer, sep: CardSep): { type: 'CREDIT_CARD'; value: string } {
  const [prefix, groups] = ISSUERS[issuer];
  const length = groups.reduce((a, b) => a + b, 0);
  const body = prefix + digits(`card/${cards++}`, length - prefix.length - 1);
  const number = body + ([...'0123456789'].find((d) => luhn(body + d)) ?? '');
  let at = 0;
  const parts = groups.map((size) => number.slice(at, (at += size)));
  return { type: 'CREDIT_CARD', value: parts.join(sep === 'none' ? '' : sep) };
}

/** Bank identifier and how many account digits follow it, per country. */
const BBAN = {
  DE: ['37040044', 10],
  AT: ['20111', 11],
  FR: ['3000400003', 13],
  BE: ['539', 9],
  ES: ['21000418', 12],
  LU: ['001', 13],
  IT: ['X0306909606', 12],
  CH: ['00762', 12],
  PT: ['00350697', 13],
  NL: ['RABO', 10],
  GB: ['BARC200415', 8],
  IE: ['AIBK931152', 8],
} as const satisfies Record<string, readonly [string, number]>;

export type Country = keyof typeof BBAN;
/**
 * fours: groups of four; compact; lower: grouped in lower case; double: two spaces between groups;
 * dots: groups joined by dots; split-check: country and check digits apart (`NL 12 RABO …`).
 */
export type IbanForm = 'fours' | 'compact' | 'lower' | 'double' | 'dots' | 'split-check';

let ibans = 0;

export function IBAN(country: Country, form: IbanForm): { type: 'IBAN'; value: string } {
  const [bank, rest] = BBAN[country];
  const bban = bank + digits(`iban/${ibans++}`, rest);
  const check = Array.from({ length: 97 }, (_, i) => String(i + 2).padStart(2, '0')).find((c) => ibanValid(`${country}${c}${bban}`));
  const compact = `${country}${check ?? ''}${bban}`;
  const fours = compact.match(/.{1,4}/g) ?? [];
  const value = {
    fours: fours.join(' '),
    compact,
    lower: fours.join(' ').toLowerCase(),
    double: fours.join('  '),
    dots: fours.join('.'),
    'split-check': `${country} ${check ?? ''} ${(bban.match(/.{1,4}/g) ?? []).join(' ')}`,
  }[form];
  return { type: 'IBAN', value };
}
