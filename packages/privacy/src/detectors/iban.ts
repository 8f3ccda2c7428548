import { IBAN_LENGTHS, isIbanValid } from '../checksums';
import type { EntitySpan } from '../entity-types';

// Country code + check digits at a token start; the rest is read char by char below.
// A single separator may follow the country code ("NL 20 RABO …").
const IBAN_START = /(?<![\p{L}\p{N}])([A-Za-z]{2})[ .-]?(\d{2})/gu;
// Separators between blocks: up to three ("BE62  5392  2480  6287", padded copies from forms).
const MAX_GAP = 3;
const ALNUM = /[A-Za-z0-9]/;
const SEPARATOR = /[ \u00A0\u202F.\u2010-\u2015\u2212-]/;

/**
 * IBANs are typed compact, in blocks of four, in lower case, or mixed. We read exactly as many
 * alphanumerics as the country's registered length, skipping separators (up to three spaces, dashes or dots), then demand a
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
    let compact = country + (m[2] ?? '');
    let i = start + m[0].length;
    while (compact.length < length && i < text.length) {
      const ch = text[i] ?? '';
      if (ALNUM.test(ch)) {
        compact += ch.toUpperCase();
        i++;
      } else if (SEPARATOR.test(ch)) {
        let j = i + 1;
        while (j < i + MAX_GAP && SEPARATOR.test(text[j] ?? '')) j++;
        if (!ALNUM.test(text[j] ?? '')) break;
        i = j;
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
