import { isLuhnValid } from '../checksums';
import type { EntitySpan } from '../entity-types';

const MIN_DIGITS = 12;
const MAX_DIGITS = 19;

// Digit groups joined by a separator, as people type cards: "4111 1111-1111 1111", "5147.8283.0816.4000",
// "5582-7696 0262.0838", "4111 - 1111 - 1111 - 1111", "5114/0045/4538/7262", and runs of up to three
// spaces or a tab ("4794  2150  5311  0975": padded copies from forms and PDFs). Linear: the
// separator is at most seven characters and each repetition must be followed by a digit.
const SPACE = String.raw`[ \t\u00A0\u202F]`;
// Any dash (hyphen, en and em dash, minus: word processors turn "-" into "–"), underscores
// ("4962_3422_6835_1057") and a comma with a space ("4943, 3319, 2149, 5231"); a
// comma without one is a thousands separator and never joins groups.
const DIGIT_RUN = new RegExp(String.raw`\d+(?:(?:${SPACE}{0,3}[./_\u2010-\u2015\u2212-]${SPACE}{0,3}|,${SPACE}{1,3}|${SPACE}{1,3})\d+)*`, 'g');
// A dotted quad of 1–3 digit groups is an IPv4 address (the IP detector's), not a card.
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const GROUP = /\d+/g;

interface Group {
  start: number;
  end: number;
  digits: string;
}

/**
 * Recall first: any 12–19 digit window that passes Luhn is redacted, whatever else it might be.
 * Any separator people type counts (spaces, dash, dot, slash, mixed). Windows are aligned on the typed groups, so a card glued to other numbers by a separator
 * ("2x 4111 1111 1111 1111 12/26") is still found. Overlapping valid windows are merged rather
 * than chosen between, so no digit of a possible card survives.
 *
 * The one exception: a window starting with 0. No payment card starts with 0 (ISO/IEC 7812
 * assigns MII 0 to no card scheme), while "0044 20 7946 0958" style phone numbers do.
 */
export function detectCreditCards(text: string): EntitySpan[] {
  const spans: EntitySpan[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const runText = run[0];
    if (runText.length < MIN_DIGITS || DOTTED_QUAD.test(runText)) continue;
    const groups: Group[] = [];
    for (const g of runText.matchAll(GROUP)) {
      groups.push({ start: run.index + g.index, end: run.index + g.index + g[0].length, digits: g[0] });
    }
    let merged: EntitySpan | null = null;
    for (const window of validWindows(groups)) {
      if (merged && window.start < merged.end) {
        merged.end = Math.max(merged.end, window.end);
      } else {
        if (merged) spans.push(merged);
        merged = { type: 'CREDIT_CARD', start: window.start, end: window.end };
      }
    }
    if (merged) spans.push(merged);
  }
  return spans;
}

/** Luhn-valid group-aligned windows, in order of start offset. */
function* validWindows(groups: readonly Group[]): Generator<{ start: number; end: number }> {
  for (let i = 0; i < groups.length; i++) {
    const first = groups[i];
    if (!first || first.digits.startsWith('0')) continue;
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      const g = groups[j];
      if (!g) break;
      digits += g.digits;
      if (digits.length > MAX_DIGITS) break;
      if (digits.length >= MIN_DIGITS && isLuhnValid(digits)) {
        yield { start: first.start, end: g.end };
      }
    }
  }
}
