import { IBAN_LENGTHS, isIbanValid } from '../checksums';
import type { EntitySpan } from '../entity-types';

// Country code + check digits at a token start; the rest is read char by char below.
const IBAN_START = /(?<![\p{L}\p{N}])([A-Za-z]{2})(\d{2})/gu;
const ALNUM = /[A-Za-z0-9]/;
const SEPARATOR = /[ \u00A0\u202F.-]/;

/**
 * IBANs are typed compact, in blocks of four, in lower case, or mixed. We read exactly as many
 * alphanumerics as the country's registered length, skipping single separators (space, dash, dot), then demand a
 * token boundary and mod-97 = 1. Reading a fixed length (rather than "everything that looks
 * alphanumeric") is what keeps a following word such as "please" out of the span.
 */
export function detectIbans(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const m of text.matchAll(IBAN_START)) {
    const country = (m[1] ?? '').toUpperCase();
    const length = IBAN_LENGTHS[country];
    if (length === undefined) continue;
    const start = m.index;
    let compact = m[0].toUpperCase();
    let i = start + m[0].length;
    while (compact.length < length && i < text.length) {
      const ch = text[i] ?? '';
      if (ALNUM.test(ch)) {
        compact += ch.toUpperCase();
        i++;
      } else if (SEPARATOR.test(ch) && ALNUM.test(text[i + 1] ?? '')) {
        i++;
      } else {
        break;
      }
    }
    if (compact.length !== length) continue;
    if (/[\p{L}\p{N}]/u.test(text[i] ?? '')) continue;
    if (isIbanValid(compact)) spans.push({ type: 'IBAN', start, end: i });
  }
  return spans;
}
