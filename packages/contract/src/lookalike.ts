import { isIP } from 'node:net';
import { isIbanValid, isLuhnValid } from './checksums';

/*
 * Does a short code (an identifier or a label) look like personal data? Free text is redacted
 * span by span; a code is stored verbatim, so the only safe answer to a code that looks like an
 * email, a phone or card number, an IBAN, an IP address or a name is to refuse the event.
 *
 * Ids are often `prefix_body` (`guest_a890c2…`, `sr-5001`): the checks look at the whole value
 * and at the body after an alphabetic prefix, so `guest_4111111111111111` is caught too. They
 * never look for digit runs inside an opaque body: a random hex id holds seven decimal digits in
 * a row often enough that a substring rule would refuse legitimate ids.
 */

export const LOOKALIKE_KINDS = ['email', 'phone', 'card', 'iban', 'ip', 'name'] as const;
export type LookalikeKind = (typeof LOOKALIKE_KINDS)[number];

/** How names are recognised: a person's name has different shapes in an id and in a label. */
export type NameRule = 'words' | 'dotted_words';

const SEPARATORS = /[\s._:()-]/g;
const DIGITS_AND_SEPARATORS = /^\+?[\d\s._:()-]+$/;
const ALPHA_PREFIX = /^[A-Za-z]+[_.:-](?=.)/;
// A calendar date or month (2026-01, 2026-01-31, 20260131) is a version or a day, not a phone.
const CALENDAR = /^(19|20)\d\d([-.]?(0[1-9]|1[0-2])([-.]?(0[1-9]|[12]\d|3[01]))?)$/;
// Real BBANs carry letters only in a leading bank code (GB, NL, IT) or a trailing suffix (BR).
// Requiring that shape keeps a random hex body (`guest_ad12…`, mod-97 = 1 once in 97) from
// passing for an IBAN; free-text redaction keeps the looser check.
const IBAN_CODE_SHAPE = /^[A-Z]{2}\d{2}[A-Z]{0,4}\d{7,}[A-Z0-9]{0,2}$/;
// `First.Last`, `first_last`, `guest_mary-jane.smith`: two to four alphabetic words, no digit,
// the first and last of two letters or more (so `g-live-test` is a code, not a name). Only the
// whole value is tested: a prefix is a word of the name pattern already.
const NAME_WORDS = /^[A-Za-z]{2,}([._-][A-Za-z]+){0,2}[._-][A-Za-z]{2,}$/;
// In a label `_` and `-` join the words of a code (`spa_booking`): only a dot marks a name.
const NAME_DOTTED = /^[a-z]{2,}(\.[a-z]+)?\.[a-z]{2,}$/i;

function kindOf(candidate: string, names: NameRule | null): LookalikeKind | null {
  if (candidate.includes('@')) return 'email';
  if (isIP(candidate) !== 0) return 'ip';
  if (DIGITS_AND_SEPARATORS.test(candidate)) {
    const digits = candidate.replace(/\D/g, '');
    if (digits.length >= 12 && digits.length <= 19 && isLuhnValid(digits)) return 'card';
    if (digits.length >= 7 && digits.length <= 15 && !CALENDAR.test(candidate)) return 'phone';
  }
  const compact = candidate.replace(SEPARATORS, '').toUpperCase();
  if (IBAN_CODE_SHAPE.test(compact) && isIbanValid(compact)) return 'iban';
  if (names === 'words' && NAME_WORDS.test(candidate)) return 'name';
  if (names === 'dotted_words' && candidate.split(/[_:-]/).some((w) => NAME_DOTTED.test(w))) return 'name';
  return null;
}

/** The kind of personal data `value` looks like, or null. */
export function lookalikeOf(value: string, names: NameRule): LookalikeKind | null {
  const whole = kindOf(value, names);
  if (whole) return whole;
  const body = value.replace(ALPHA_PREFIX, '');
  return body === value ? null : kindOf(body, null);
}
