// Building blocks for the fifth held-out corpus. The tagged templates, the label helpers and the two
// checksum definitions are the second corpus's (they hold no corpus data). The phone helper, the card
// and IBAN values are this corpus's own: other issuer prefixes, separators, banks and printed forms,
// and a different digit source (a 64-bit linear congruential stream keyed by SHA-256), so no value can
// repeat another corpus's.
import { createHash } from 'node:crypto';
import { ibanValid, luhn } from '../blind-dev-2/labels';

export { DOB, ID, IP, LANGS, type Lang, type Line, MAIL, NAME, ROOM, t, w } from '../blind-dev-2/labels';
export { ibanValid, luhn };

/** Every phone label with the region whose numbering plan it follows, so the test can validate it there. */
export const phoneRegions = new Map<string, string>();

export function TEL(value: string, region: string): { type: 'PHONE'; value: string } {
  phoneRegions.set(value, region);
  return { type: 'PHONE', value };
}

/** `count` decimal digits from a 64-bit LCG seeded by SHA-256 of `seed`; rebuilds are byte-identical. */
function streamDigits(seed: string, count: number): string {
  let x = createHash('sha256').update(`heldout-v5|${seed}`).digest().readBigUInt64BE(8);
  let out = '';
  while (out.length < count) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    out += String(Number(x >> 40n) % 10);
  }
  return out;
}

const firstValid = (candidates: string[], valid: (c: string) => boolean): string => candidates.find(valid) ?? '';

/** Issuer prefix and printed grouping. */
const CARD_KINDS = {
  visa: ['49', [4, 4, 4, 4]],
  mastercard: ['53', [4, 4, 4, 4]],
  'mastercard-2': ['2221', [4, 4, 4, 4]],
  amex: ['37', [4, 6, 5]],
  discover: ['6011', [4, 4, 4, 4]],
  jcb: ['3528', [4, 4, 4, 4]],
  diners: ['36', [4, 6, 4]],
  unionpay: ['621', [4, 4, 4, 4]],
  elo: ['5067', [4, 4, 4, 4]],
  'visa-13': ['4', [4, 4, 5]],
} as const satisfies Record<string, readonly [string, readonly number[]]>;

export type CardKind = keyof typeof CARD_KINDS;

let cardSeq = 0;

/** A Luhn-valid card of `kind`, its groups joined by `sep` ('' runs them together, '–' is an en dash). */
export function CARD(kind: CardKind, sep: ' ' | '' | '-' | '–' | '   ' | ' . '): { type: 'CREDIT_CARD'; value: string } {
  const [prefix, groups] = CARD_KINDS[kind];
  const total = groups.reduce((a, b) => a + b, 0);
  const body = prefix + streamDigits(`card#${cardSeq++}#${kind}`, total - prefix.length - 1);
  const full = body + firstValid([...'0123456789'], (d) => luhn(body + d));
  const printed: string[] = [];
  groups.reduce((at, size) => (printed.push(full.slice(at, at + size)), at + size), 0);
  return { type: 'CREDIT_CARD', value: printed.join(sep) };
}

/** National bank code and how many account characters follow, for each IBAN country used. */
const BANKS: Record<string, [bank: string, rest: number]> = {
  DE: ['10010010', 10],
  FR: ['1027800650', 13],
  ES: ['21000418', 12],
  IT: ['X0306909606', 12],
  PT: ['00070000', 13],
  NL: ['RABO', 10],
  GB: ['BARC200000', 8],
  BE: ['539', 9],
  IE: ['AIBK931152', 8],
  DK: ['0040', 10],
};

let ibanSeq = 0;

/**
 * An ISO 13616-valid IBAN for `country`, printed as guests type them: 'fours' grouped by spaces,
 * 'compact', 'lower-fours' grouped in lower case, 'country-apart' with the country and check digits
 * split from the rest ("NL 12 RABO…"), 'dots' grouped by full stops.
 */
export function IBAN(country: string, form: 'fours' | 'compact' | 'lower-fours' | 'country-apart' | 'dots') {
  const [bank, rest] = BANKS[country] ?? ['', 0];
  const bban = bank + streamDigits(`iban#${ibanSeq++}#${country}`, rest);
  const checks = Array.from({ length: 97 }, (_, i) => String(i + 2).padStart(2, '0'));
  const compact = country + firstValid(checks, (c) => ibanValid(country + c + bban)) + bban;
  const groups = compact.match(/.{1,4}/g) ?? [];
  const printed = {
    fours: groups.join(' '),
    compact,
    'lower-fours': groups.join(' ').toLowerCase(),
    'country-apart': `${compact.slice(0, 2)} ${compact.slice(2, 4)} ${bban}`,
    dots: groups.join('.'),
  }[form];
  return { type: 'IBAN' as const, value: printed };
}
