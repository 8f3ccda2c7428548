// Building blocks for test data that must pass (or deliberately fail) a checksum.
import { ibanMod97 } from '../../src/checksums';

/** Appends the Luhn check digit to a digit string. */
export function withLuhnCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = payload + String(d);
    if (luhnSum(candidate) % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function luhnSum(digits: string): number {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double = !double;
  }
  return sum;
}

export interface CardBrand {
  name: string;
  prefixes: readonly string[];
  lengths: readonly number[];
  /** How the brand prints its number, by group sizes; missing ⇒ groups of four. */
  grouping?: readonly number[];
}

export const CARD_BRANDS: readonly CardBrand[] = [
  { name: 'visa', prefixes: ['4'], lengths: [13, 16, 19] },
  { name: 'mastercard', prefixes: ['51', '52', '53', '54', '55', '2221', '2720'], lengths: [16] },
  { name: 'amex', prefixes: ['34', '37'], lengths: [15], grouping: [4, 6, 5] },
  { name: 'diners', prefixes: ['36', '38'], lengths: [14], grouping: [4, 6, 4] },
  { name: 'discover', prefixes: ['6011', '65', '644'], lengths: [16, 19] },
  { name: 'jcb', prefixes: ['3528', '3589'], lengths: [16] },
  { name: 'unionpay', prefixes: ['62'], lengths: [16, 17, 18, 19] },
  { name: 'maestro', prefixes: ['50', '56', '58', '6304', '67'], lengths: [12, 13, 15, 16, 19] },
];

/** A Luhn-valid card number; `randomDigit` supplies the payload so callers choose the randomness. */
export function makeCard(prefix: string, length: number, randomDigit: () => number): string {
  let payload = prefix;
  while (payload.length < length - 1) payload += String(randomDigit());
  return withLuhnCheckDigit(payload);
}

/** Country BBAN shapes: n = digits, a = upper-case letters, c = either. */
export const BBAN_SHAPES: Readonly<Record<string, ReadonlyArray<[number, 'n' | 'a' | 'c']>>> = {
  DE: [[18, 'n']],
  FR: [[10, 'n'], [11, 'c'], [2, 'n']],
  ES: [[20, 'n']],
  IT: [[1, 'a'], [10, 'n'], [12, 'c']],
  NL: [[4, 'a'], [10, 'n']],
  BE: [[12, 'n']],
  AT: [[16, 'n']],
  CH: [[5, 'n'], [12, 'c']],
  GB: [[4, 'a'], [14, 'n']],
  PT: [[21, 'n']],
  IE: [[4, 'a'], [14, 'n']],
  LU: [[3, 'n'], [13, 'c']],
  PL: [[24, 'n']],
  SE: [[20, 'n']],
  DK: [[14, 'n']],
  NO: [[11, 'n']],
  FI: [[14, 'n']],
  MT: [[4, 'a'], [5, 'n'], [18, 'c']],
  GR: [[7, 'n'], [16, 'c']],
  HR: [[17, 'n']],
  MC: [[10, 'n'], [11, 'c'], [2, 'n']],
};

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A valid compact IBAN for `country`; `random(n)` returns an integer in [0, n). */
export function makeIban(country: string, random: (n: number) => number): string {
  const shape = BBAN_SHAPES[country];
  if (!shape) throw new Error(`no BBAN shape for ${country}`);
  let bban = '';
  for (const [count, kind] of shape) {
    for (let i = 0; i < count; i++) {
      const pick = kind === 'c' ? (random(2) === 0 ? 'n' : 'a') : kind;
      bban += pick === 'n' ? String(random(10)) : LETTERS[random(26)];
    }
  }
  const check = 98 - ibanMod97(`${country}00${bban}`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

/** Groups a compact number for display: by `sizes`, or in fours. */
export function group(compact: string, sizes: readonly number[] | undefined, separator: string): string {
  const parts: string[] = [];
  let i = 0;
  for (const size of sizes ?? []) {
    parts.push(compact.slice(i, i + size));
    i += size;
  }
  while (i < compact.length) {
    parts.push(compact.slice(i, i + 4));
    i += 4;
  }
  return parts.filter((p) => p !== '').join(separator);
}
