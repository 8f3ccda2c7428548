// Checks the held-out corpus is well-formed. It deliberately does not score the detector: the corpus
// stays useful only while nobody tunes rules against its failures (see test/corpus/blind-dev/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTITY_TYPES, isIbanValid, isLuhnValid } from '../src/index';
import { HELDOUT_LANGS } from './corpus/blind-dev/labels';
import { renderNegatives, renderPositives } from './corpus/blind-dev/render';
import { blindDevHardNegatives, blindDevPositives, locateLabels } from './support/corpus';

const corpus = blindDevPositives();
const negatives = blindDevHardNegatives();
const labels = corpus.flatMap((example) => example.entities.map((e) => ({ ...e, lang: example.lang })));

describe('locateLabels', () => {
  const text = 'Mr Lee in room 12, card 4242 4242 4242 4242';

  it('returns offsets whose text is the label', () => {
    const [room] = locateLabels({ text, entities: [{ type: 'ROOM_NUMBER', value: '12' }] });
    expect(room && text.slice(room.start, room.end)).toBe('12');
  });

  it.each([
    ['a value that is not in the text', [{ type: 'PERSON', value: 'Kim' }], /not found/],
    ['a value that occurs twice', [{ type: 'ROOM_NUMBER', value: '4242' }], /more than once/],
    ['a value that cuts a word', [{ type: 'PERSON', value: 'Le' }], /cuts through a word/],
    ['an empty value', [{ type: 'PERSON', value: '' }], /not found/],
    [
      'overlapping labels',
      [
        { type: 'PERSON', value: 'Mr Lee' },
        { type: 'PERSON', value: 'Lee in' },
      ],
      /overlap/,
    ],
  ] as const)('rejects %s', (_, entities, message) => {
    expect(() => locateLabels({ text, entities: [...entities] })).toThrow(message);
  });
});

describe('the held-out corpus', () => {
  it('is exactly what its source renders (offsets computed by the build, not by hand)', () => {
    const read = (name: string) => readFileSync(new URL(`./corpus/blind-dev/${name}`, import.meta.url), 'utf8');
    expect(read('positives.jsonl')).toBe(renderPositives());
    expect(read('hard-negatives.jsonl')).toBe(renderNegatives());
  });

  it('labels known types with unambiguous whole-token spans', () => {
    for (const example of corpus) {
      for (const label of example.entities) expect(ENTITY_TYPES, example.text).toContain(label.type);
      expect(() => locateLabels(example), example.text).not.toThrow();
    }
  });

  it('has only checksum-valid cards and IBANs, by the library validators', () => {
    const values = (type: string) => labels.filter((l) => l.type === type).map((l) => l.value);
    for (const card of values('CREDIT_CARD')) expect(isLuhnValid(card.replace(/\D/g, '')), card).toBe(true);
    for (const iban of values('IBAN')) expect(isIbanValid(iban.replace(/\s/g, '').toUpperCase()), iban).toBe(true);
  });

  it('has the promised size and covers every entity type in every language', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(250);
    expect(negatives.length).toBeGreaterThanOrEqual(150);
    for (const lang of HELDOUT_LANGS) {
      expect(corpus.filter((e) => e.lang === lang).length, lang).toBeGreaterThanOrEqual(25);
      expect(negatives.filter((e) => e.lang === lang).length, lang).toBeGreaterThanOrEqual(15);
      for (const type of ENTITY_TYPES) {
        expect(labels.some((l) => l.lang === lang && l.type === type), `${type} in ${lang}`).toBe(true);
      }
    }
    expect(new Set([...corpus, ...negatives].map((e) => e.lang))).toEqual(new Set(HELDOUT_LANGS));
  });

  it('never repeats an utterance, and gives every hard negative a kind', () => {
    const texts = [...corpus, ...negatives].map((e) => e.text);
    expect(new Set(texts).size).toBe(texts.length);
    for (const negative of negatives) expect(negative.kind, negative.text).toMatch(/^[a-z-]+$/);
  });
});
