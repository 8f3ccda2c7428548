// Checksum-true personal values for the later blind corpora. Each corpus gives its own digit seed,
// card issuer prefixes and bank codes; the national check-digit rules are the same everywhere, so they
// live here once. A corpus calls `nationalValues` once at module load: the per-value counters inside
// make every rebuild byte-identical.
import { createHash } from 'node:crypto';

/** Issuer prefix and printed grouping, per card kind. */
export interface CardKinds {
  visa: readonly [string, readonly number[]];
  'visa-19': readonly [string, readonly number[]];
  mastercard: readonly [string, readonly number[]];
  'mastercard-2': readonly [string, readonly number[]];
  amex: readonly [string, readonly number[]];
  discover: readonly [string, readonly number[]];
  jcb: readonly [string, readonly number[]];
  diners: readonly [string, readonly number[]];
  unionpay: readonly [string, readonly number[]];
  maestro: readonly [string, readonly number[]];
  elo: readonly [string, readonly number[]];
}
export type CardKind = keyof CardKinds;

/** Bank (and branch) codes each country's BBAN starts with; the Dutch entry is the bank's four letters. */
export interface BankCodes {
  DE: string;
  GB: string;
  IE: string;
  CH: string;
  AT: string;
  LU: string;
  BE: string;
  FR: readonly [bank: string, branch: string];
  ES: readonly [bank: string, branch: string];
  IT: string;
  PT: string;
  NL: string;
}

/** How a guest separates the groups; 'mixed' alternates a space and a dash. */
export type CardSep = ' ' | '' | '-' | '.' | '  ' | ' - ' | '/' | 'mixed';
/** Printed forms: 'fours' spaced, 'compact', 'lower' spaced in lower case, 'dashes', 'two-spaces'. */
export type IbanForm = 'fours' | 'compact' | 'lower' | 'dashes' | 'two-spaces';

const mod = (numeric: string, m: bigint): number => Number(BigInt(numeric) % m);
const letterValue = (ch: string): string => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch);

/** Spanish CCC control digit over ten digits (weights 1, 2, 4, 8, 5, 10, 9, 7, 3, 6). */
function cccDigit(ten: string): string {
  const sum = [...ten].reduce((acc, d, i) => acc + Number(d) * ([1, 2, 4, 8, 5, 10, 9, 7, 3, 6][i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return String(c === 11 ? 0 : c === 10 ? 1 : c);
}

/** Italian CIN (and codice fiscale) check letter: odd positions through a table, even ones by value. */
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function italianCheck(s: string): string {
  const index = (ch: string) => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65);
  const sum = [...s].reduce((acc, ch, i) => acc + (i % 2 === 0 ? (ODD[index(ch)] ?? 0) : index(ch)), 0);
  return String.fromCharCode(65 + (sum % 26));
}

/** Luhn over a digit string; the card maker searches its check digit with it. */
type Luhn = (digits: string) => boolean;

/**
 * The phone, card, IBAN and identity-number makers of one corpus: a xorshift64* digit stream keyed by
 * SHA-512 of `seed` and a per-value key, the corpus's issuers and banks, and national check digits
 * computed so every value would also pass its own country's rules, as real ones do.
 */
export function nationalValues(seed: string, cardKinds: CardKinds, banks: BankCodes, luhn: Luhn) {
  /** Every phone label with the region whose numbering plan it follows, so the test can validate it there. */
  const phoneRegions = new Map<string, string>();

  function TEL(value: string, region: string): { type: 'PHONE'; value: string } {
    phoneRegions.set(value, region);
    return { type: 'PHONE', value };
  }

  /** `count` decimal digits from xorshift64* seeded by SHA-512 of `key`; a rebuild is byte-identical. */
  function digits(key: string, count: number): string {
    let x = createHash('sha512').update(`${seed}:${key}`).digest().readBigUInt64LE(16) | 1n;
    let out = '';
    while (out.length < count) {
      x ^= x >> 12n;
      x ^= (x << 25n) & 0xffffffffffffffffn;
      x ^= x >> 27n;
      const y = (x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
      out += String(Number(y >> 32n) % 10);
    }
    return out;
  }

  let cardSeq = 0;

  /** A Luhn-valid card of `kind`; the check digit is searched for, not computed. */
  function CARD(kind: CardKind, sep: CardSep): { type: 'CREDIT_CARD'; value: string } {
    const [prefix, groups] = cardKinds[kind];
    const total = groups.reduce((a, b) => a + b, 0);
    const body = prefix + digits(`card-${cardSeq++}-${kind}`, total - prefix.length - 1);
    const full = body + ([...'0123456789'].find((d) => luhn(body + d)) ?? '');
    const parts: string[] = [];
    groups.reduce((at, size) => (parts.push(full.slice(at, at + size)), at + size), 0);
    const value = parts.reduce((acc, part, i) => acc + (sep === 'mixed' ? (i % 2 === 1 ? ' ' : '-') : sep) + part);
    return { type: 'CREDIT_CARD', value };
  }

  /**
   * Each country's BBAN from a bank code and generated account digits, with the national check digits
   * a real account carries (Belgium, France, Spain, Italy, Portugal, the Netherlands' eleven-test).
   */
  const bbans: Record<string, (n: string) => string> = {
    DE: (n) => `${banks.DE}${n.slice(0, 10)}`,
    GB: (n) => `${banks.GB}${n.slice(0, 8)}`,
    IE: (n) => `${banks.IE}${n.slice(0, 8)}`,
    CH: (n) => `${banks.CH}${n.slice(0, 12)}`,
    AT: (n) => `${banks.AT}${n.slice(0, 11)}`,
    LU: (n) => `${banks.LU}${n.slice(0, 13)}`,
    BE: (n) => {
      const ten = `${banks.BE}${n.slice(0, 7)}`;
      const c = mod(ten, 97n) || 97;
      return ten + String(c).padStart(2, '0');
    },
    FR: (n) => {
      const [bank, branch, account] = [...banks.FR, n.slice(0, 11)];
      const key = 97 - mod(String(89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)), 97n);
      return bank + branch + account + String(key).padStart(2, '0');
    },
    ES: (n) => {
      const [bank, branch, account] = [...banks.ES, n.slice(0, 10)];
      return bank + branch + cccDigit(`00${bank}${branch}`) + cccDigit(account) + account;
    },
    IT: (n) => {
      const rest = `${banks.IT}${n.slice(0, 12)}`;
      return italianCheck(rest) + rest;
    },
    PT: (n) => {
      const nineteen = `${banks.PT}${n.slice(0, 11)}`;
      return nineteen + String(98 - mod(`${nineteen}00`, 97n)).padStart(2, '0');
    },
    NL: (n) => {
      // Search forward from the generated account for one that passes the Dutch eleven-test.
      for (let start = 0; ; start++) {
        const account = (n + n).slice(start, start + 10);
        if ([...account].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0) % 11 === 0) return `${banks.NL}${account}`;
      }
    },
  };

  let ibanSeq = 0;

  function IBAN(country: string, form: IbanForm): { type: 'IBAN'; value: string } {
    const bban = (bbans[country] ?? (() => ''))(digits(`iban-${ibanSeq++}-${country}`, 40));
    const numeric = [...`${bban}${country}00`].map(letterValue).join('');
    const compact = `${country}${String(98 - mod(numeric, 97n)).padStart(2, '0')}${bban}`;
    const groups = compact.match(/.{1,4}/g) ?? [];
    const value = {
      fours: groups.join(' '),
      compact,
      lower: groups.join(' ').toLowerCase(),
      dashes: groups.join('-'),
      'two-spaces': groups.join('  '),
    }[form];
    return { type: 'IBAN', value };
  }

  /** Identity numbers with their national check characters, so a checksum-aware detector is tested fairly. */
  const idValue = {
    /** Spanish DNI: eight digits and the mod-23 letter. */
    dni: (eight: string) => eight + ('TRWAGMYFPDXBNJZSQVHLCKE'[Number(eight) % 23] ?? ''),
    /** Spanish NIE: X/Y/Z read as 0/1/2 for the letter. */
    nie: (lead: 'X' | 'Y' | 'Z', seven: string) =>
      lead + seven + ('TRWAGMYFPDXBNJZSQVHLCKE'[Number(String('XYZ'.indexOf(lead)) + seven) % 23] ?? ''),
    /** Brazilian CPF printed 000.000.000-00. */
    cpf: (nine: string) => {
      const check = (s: string) => {
        const sum = [...s].reduce((acc, d, i) => acc + Number(d) * (s.length + 1 - i), 0);
        const r = (sum * 10) % 11;
        return String(r === 10 ? 0 : r);
      };
      const ten = nine + check(nine);
      const all = ten + check(ten);
      return `${all.slice(0, 3)}.${all.slice(3, 6)}.${all.slice(6, 9)}-${all.slice(9)}`;
    },
    /** Dutch BSN: nine digits passing the eleven-test (last weight −1); searches the last digit. */
    bsn: (eight: string) =>
      eight + ([...'0123456789'].find((d) => [...(eight + d)].reduce((acc, c, i) => acc + Number(c) * (i === 8 ? -1 : 9 - i), 0) % 11 === 0) ?? ''),
    /** Portuguese NIF: eight digits and the mod-11 check digit. */
    nif: (eight: string) => {
      const r = 11 - ([...eight].reduce((acc, d, i) => acc + Number(d) * (9 - i), 0) % 11);
      return eight + String(r >= 10 ? 0 : r);
    },
    /** Italian codice fiscale: fifteen characters and the check letter. */
    codiceFiscale: (fifteen: string) => fifteen + italianCheck(fifteen),
    /** Japanese My Number: eleven digits and the check digit, printed in fours. */
    myNumber: (eleven: string) => {
      const sum = [...eleven].reverse().reduce((acc, d, i) => acc + Number(d) * (i < 6 ? i + 2 : i - 4), 0);
      const r = sum % 11;
      const all = eleven + String(r <= 1 ? 0 : 11 - r);
      return `${all.slice(0, 4)} ${all.slice(4, 8)} ${all.slice(8)}`;
    },
  };

  const ID = (value: string): { type: 'ID_NUMBER'; value: string } => ({ type: 'ID_NUMBER', value });

  return { phoneRegions, TEL, CARD, IBAN, idValue, ID };
}
