import { describe, expect, it } from 'vitest';
import { detectLexiconNames } from '../src/detectors/person-lexicon';
import { redact, type LabelledExample } from '../src/index';
import { blindDevCorpora, positives } from './support/corpus';

/*
 * How much of PERSON recall comes from the words around a name rather than the name lexicon: every
 * PERSON label of the dev and blind-dev corpora is replaced by a made-up name no lexicon holds,
 * keeping its word count, case and particles, and the redactor must still cover it. A rule that
 * only works for names the lexicon knows does not generalise to the next guest's name.
 */
const CAPITALISED = ['Zorvath', 'Quillane', 'Brastow', 'Keltrim', 'Vandrel'];
const LOWER = ['zorv', 'quil', 'brast'];
const PARTICLE = /^(?:van|von|de|der|den|del|della|di|da|do|dos|das|du|des|la|le|ter|ten|y|e)$/;
// Measured 0.78 before the context rules for relations, reservations, roles, honorifics and joined
// names, 0.93 after.
const FLOOR = 0.9;

function madeUp(name: string): string {
  return name
    .split(/\s+/)
    .map((word, i) => (PARTICLE.test(word) ? word : /^\p{Lu}/u.test(word) ? CAPITALISED[i % 5] : LOWER[i % 3]))
    .join(' ');
}

function swapped(examples: LabelledExample[]): Array<{ text: string; start: number; end: number }> {
  return examples.flatMap((example) =>
    example.entities
      .filter((label) => label.type === 'PERSON')
      .map((label) => {
        const name = madeUp(label.value);
        const text = example.text.replace(label.value, name);
        const start = text.indexOf(name);
        return { text, start, end: start + name.length };
      }),
  );
}

describe('PERSON context rules on names outside the lexicon', () => {
  it('uses made-up names the lexicon does not hold', () => {
    expect(detectLexiconNames([...CAPITALISED, ...LOWER].join(' '))).toEqual([]);
  });

  it(`still finds ≥ ${FLOOR} of the labelled names with each replaced by a made-up one`, () => {
    const cases = swapped([...positives(), ...blindDevCorpora().flatMap((c) => c.positives)]);
    const found = cases.filter(({ text, start, end }) =>
      redact(text).entities.some((s) => s.type === 'PERSON' && s.start <= start && s.end >= end),
    );
    console.log(`context-only PERSON recall: ${found.length}/${cases.length} = ${(found.length / cases.length).toFixed(3)}`);
    expect(cases.length).toBeGreaterThan(400);
    expect(found.length / cases.length).toBeGreaterThanOrEqual(FLOOR);
  });
});
