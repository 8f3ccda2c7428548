// Building blocks for the fourth held-out corpus. The tagged templates, the label helpers and the two
// checksum definitions are the second corpus's (they hold no corpus data). Card and IBAN values are
// this corpus's own: other issuer prefixes, groupings, banks and countries, and a different digit
// source (an xorshift stream seeded from SHA-256), so none can repeat another corpus's value.
import { createHash } from 'node:crypto';
import { ibanValid, luhn } from '../blind-dev-2/labels';

export { DOB, ID, IP, LANGS, type Lang, type Line, MAIL, NAME, ROOM, t, w } from '../blind-dev-2/labels';
export { phoneRegions, TEL } from '../blind-dev-3/labels';
export { ibanValid, luhn };

/** `count` decimal digits drawn from an xorshift32 stream keyed by `seed`; rebuilds are byte-identical. */
function seededDigits(seed: string, count: number): string {
  let x = createHash('sha256').update(`heldout-v4:${seed}`).digest().readUInt32BE(4) || 1;
  return Array.from({ length: count }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return String((x >>> 0) % 10);
  }).join('');
}

/** The first check digit in 0..9 (card) or 02..98 (IBAN) that makes the value valid. */
const firstValid = (candidates: string[], valid: (c: string) => boolean): string => candidates.find(valid) ?? '';

/** Issuer prefix and printed grouping. */
const CARD_KINDS = {
  visa: ['41', [4, 4, 4, 4]],
  'visa-halves': ['45', [8, 8]],
  mastercard: ['55', [4, 4, 4, 4]],
  'mastercard-2': ['2300', [4, 4, 4, 4]],
  amex: ['34', [4, 6, 5]],
  discover: ['644', [4, 4, 4, 4]],
  jcb: ['3540', [4, 4, 4, 4]],
  diners: ['38', [4, 6, 4]],
  hipercard: ['6062', [4, 4, 4, 4]],
  cartebancaire: ['4970', [4, 4, 4, 4]],
} as const satisfies Record<string, readonly [string, readonly number[]]>;

export type CardKind = keyof typeof CARD_KINDS;

let cardSeq = 0;

/** A Luhn-valid card of `kind`, its groups joined by `sep` ('' runs them together). */
export function CARD(kind: CardKind, sep: string): { type: 'CREDIT_CARD'; value: string } {
  const [prefix, groups] = CARD_KINDS[kind];
  const total = groups.reduce((a, b) => a + b, 0);
  const body = prefix + seededDigits(`card-${cardSeq++}-${kind}`, total - prefix.length - 1);
  const full = body + firstValid([...'0123456789'], (d) => luhn(body + d));
  const printed: string[] = [];
  for (let at = 0, g = 0; g < groups.length; at += groups[g] ?? 0, g++) printed.push(full.slice(at, at + (groups[g] ?? 0)));
  return { type: 'CREDIT_CARD', value: printed.join(sep) };
}

/** National bank code and how many account characters follow, for each IBAN country used. */
const BANKS: Record<string, [bank: string, rest: number]> = {
  DE: ['50010517', 10],
  AT: ['14000', 11],
  CH: ['00235', 12],
  FR: ['2004101005', 13],
  BE: ['310', 9],
  ES: ['00491500', 12],
  IT: ['K0200811770', 12],
  PT: ['00330000', 13],
  NL: ['INGB', 10],
  GB: ['NWBK601613', 8],
  LU: ['019', 13],
  NO: ['8601', 7],
};

let ibanSeq = 0;

/**
 * An ISO 13616-valid IBAN for `country`, printed as guests type them: 'fours' grouped by spaces,
 * 'compact', 'dashes' grouped by hyphens, 'lower' grouped in lower case, 'nbsp' grouped by no-break
 * spaces (pasted from a banking app), 'mixed-case' compact with a lower-case country code.
 */
export function IBAN(country: string, form: 'fours' | 'compact' | 'dashes' | 'lower' | 'nbsp' | 'mixed-case') {
  const [bank, rest] = BANKS[country] ?? ['', 0];
  const bban = bank + seededDigits(`iban-${ibanSeq++}-${country}`, rest);
  const checks = Array.from({ length: 97 }, (_, i) => String(i + 2).padStart(2, '0'));
  const compact = country + firstValid(checks, (c) => ibanValid(country + c + bban)) + bban;
  const groups = compact.match(/.{1,4}/g) ?? [];
  const printed = {
    fours: groups.join(' '),
    compact,
    dashes: groups.join('-'),
    lower: groups.join(' ').toLowerCase(),
    nbsp: groups.join('\u00a0'),
    'mixed-case': country.toLowerCase() + compact.slice(2),
  }[form];
  return { type: 'IBAN' as const, value: printed };
}
