import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPersons, personSpans } from '../src/detectors/person';
import { MAX_REDACT_INPUT_CHARS, cannotContainPii, redact, redactFully } from '../src/redact';
import { adversarialInputs } from './support/adversarial';
import { conciergeText } from './support/arbitraries';
import { blindDevCorpora, hardNegatives, heldOut, positives } from './support/corpus';

/*
 * `redact` skips the detectors for text that passes `cannotContainPii`, and `detectPersons` skips
 * its context-word rules for text with no upper-case letter after the first character. Neither
 * skip may change anything: here each fast path and its full path (`redactFully`, `personSpans`
 * with every rule) must give identical output on every corpus the package has and on generated text. Whole corpus lines rarely pass the
 * pre-check, so each line is also cut the ways a path, a query or a careless pre-check would see
 * it: every word, lower-cased, and its letters run together ("annaatgmaildotcom"), which is where
 * a wrong pre-check would hide a spelled-out address or a name.
 */

// Tens of thousands of full redactions: a deadline for a loaded 2-core machine, not a measurement.
const DEADLINE_MS = 180_000;

const corpusTexts = (): string[] => {
  const h = heldOut();
  return [
    ...positives().map((e) => e.text),
    ...hardNegatives().map((n) => n.text),
    ...blindDevCorpora().flatMap((c) => [...c.positives.map((e) => e.text), ...c.negatives.map((n) => n.text)]),
    ...h.positives.map((e) => e.text),
    ...h.negatives.map((n) => n.text),
    // Hostile inputs at a size the full path redacts in milliseconds (redact caps at 8,000 anyway).
    ...adversarialInputs(2_000).map((a) => a.text),
    // Around the cap: text beyond it is dropped, so the pre-check must not pass it through whole.
    ...[MAX_REDACT_INPUT_CHARS - 1, MAX_REDACT_INPUT_CHARS, MAX_REDACT_INPUT_CHARS + 1].map((n) => 'spa'.repeat(n).slice(0, n)),
  ];
};

/** The text and the pieces a path-by-part redaction or a careless pre-check would meet. */
function variants(text: string): string[] {
  const lower = text.toLowerCase();
  const words = text.split(/[\s/?&=#,;:!.()[\]{}<>"'’]+/u);
  return [
    text,
    lower,
    lower.replace(/[^a-z]/g, ''),
    lower.replace(/[^a-z ]/g, ''),
    ...words,
    ...words.map((w) => w.toLowerCase()),
  ];
}

/** Compares both fast paths with their full paths; says which fast paths the input took. */
function expectSame(input: string): { skipped: boolean; noContext: boolean } {
  expect(redact(input), JSON.stringify(input)).toEqual(redactFully(input));
  expect(detectPersons(input), JSON.stringify(input)).toEqual(personSpans(input, true));
  return { skipped: cannotContainPii(input), noContext: !/\p{Lu}/u.test(input.slice(1)) };
}

describe('the redaction pre-check changes no output', () => {
  const texts = corpusTexts();

  it('on every corpus line and the words and letters cut from it', () => {
    const taken = { skipped: 0, noContext: 0, full: 0 };
    for (const input of new Set(texts.flatMap(variants))) {
      const { skipped, noContext } = expectSame(input);
      if (skipped) taken.skipped += 1;
      else if (noContext) taken.noContext += 1;
      else taken.full += 1;
    }
    // The comparison means something only if every path was taken often.
    expect(Math.min(taken.skipped, taken.noContext, taken.full)).toBeGreaterThan(1_000);
  }, DEADLINE_MS);

  it('on generated text: letters around at-words, dots, names and digits, and arbitrary Unicode', () => {
    const corpusWords = [...new Set(texts.flatMap((t) => t.toLowerCase().split(/[^a-z]+/)).filter((w) => w !== ''))];
    const runTogether = fc.array(fc.constantFrom(...corpusWords), { minLength: 1, maxLength: 6 }).chain((ws) =>
      fc.constantFrom('', ' ', '.', '_', '-', '@').map((sep) => ws.join(sep)),
    );
    const nearLetters = fc.string({ unit: fc.constantFrom(...'aeinorstudlmkh@._- [](0123456789AMT\n:Äé＠'), maxLength: 40 });
    const arbitrary = fc.oneof(
      fc.stringMatching(/^[a-z]{0,40}$/),
      runTogether,
      nearLetters,
      conciergeText,
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
    );
    fc.assert(
      fc.property(arbitrary, (s) => {
        expectSame(s);
      }),
      { numRuns: 3_000 },
    );
  }, DEADLINE_MS);
});
