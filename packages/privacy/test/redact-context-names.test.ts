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
const MADE_UP = { capitalised: ['Zorvath', 'Quillane', 'Brastow', 'Keltrim', 'Vandrel'], lower: ['zorv', 'quil', 'brast'] };
/*
 * The same contexts with real names of other origins than the corpus line's, none in the lexicon: a
 * rule written for "mi marido Rodrigo" must also find "mi marido Chidiebube Okonkwo", one written for
 * "opa kees" also "opa takis".
 */
const CULTURES: Record<string, { capitalised: string[]; lower: string[] }> = {
  'West African': { capitalised: ['Chidiebube', 'Adeyemi', 'Okonkwo'], lower: ['ngozi', 'tunde'] },
  Korean: { capitalised: ['Seo-yeon', 'Hwang', 'Jeong'], lower: ['minji', 'jiwoo'] },
  Chinese: { capitalised: ['Xiaoming', 'Zhou', 'Guo'], lower: ['meimei', 'xiaoli'] },
  Arabic: { capitalised: ['Abdelkrim', 'Haddad', 'Belkacem'], lower: ['amira', 'yusra'] },
  Indian: { capitalised: ['Priyanka', 'Raghunathan', 'Venkatesh'], lower: ['anjali', 'dev'] },
  Nordic: { capitalised: ['Sigrún', 'Jónsdóttir', 'Halvorsen'], lower: ['siggi', 'bjössi'] },
  Polish: { capitalised: ['Krzysztof', 'Wąsowicz', 'Przybylski'], lower: ['gosia', 'kasia'] },
  Greek: { capitalised: ['Dimitrios', 'Papadakis', 'Kontogiannis'], lower: ['eleni', 'takis'] },
  Turkish: { capitalised: ['Oğuzhan', 'Yıldız', 'Çelik'], lower: ['elif', 'burak'] },
};
const PARTICLE = /^(?:van|von|de|der|den|del|della|di|da|do|dos|das|du|des|la|le|ter|ten|y|e)$/;
// Measured 0.78 before the context rules for relations, reservations, roles, honorifics and joined
// names, 0.93 after; with the sixth blind corpus added, 0.79 before its classes were added, 0.92 after.
const FLOOR = 0.9;
// Per origin, before the sixth corpus's classes: 0.78–0.79, and Korean 0.16 (a name word was cut at
// the hyphen of "Seo-yeon"); after: 0.89–0.93.
const CULTURE_FLOOR = 0.88;

function swapName(name: string, words: { capitalised: string[]; lower: string[] }): string {
  return name
    .split(/\s+/)
    .map((word, i) => {
      if (PARTICLE.test(word)) return word;
      const pool = /^\p{Lu}/u.test(word) ? words.capitalised : words.lower;
      return pool[i % pool.length] ?? word;
    })
    .join(' ');
}

function swapped(examples: LabelledExample[], words: { capitalised: string[]; lower: string[] }): Array<{ text: string; start: number; end: number }> {
  return examples.flatMap((example) =>
    example.entities
      .filter((label) => label.type === 'PERSON')
      .map((label) => {
        const name = swapName(label.value, words);
        const text = example.text.replace(label.value, name);
        const start = text.indexOf(name);
        return { text, start, end: start + name.length };
      }),
  );
}

function recall(words: { capitalised: string[]; lower: string[] }): { found: number; total: number } {
  const cases = swapped([...positives(), ...blindDevCorpora().flatMap((c) => c.positives)], words);
  const found = cases.filter(({ text, start, end }) =>
    redact(text).entities.some((s) => s.type === 'PERSON' && s.start <= start && s.end >= end),
  );
  return { found: found.length, total: cases.length };
}

describe('PERSON context rules on names outside the lexicon', () => {
  it('uses made-up and foreign names the lexicon does not hold', () => {
    for (const words of [MADE_UP, ...Object.values(CULTURES)]) {
      const all = [...words.capitalised, ...words.lower];
      expect(all.flatMap((w) => detectLexiconNames(`${w} x`)), all.join(' ')).toEqual([]);
    }
  });

  it(`still finds ≥ ${FLOOR} of the labelled names with each replaced by a made-up one`, () => {
    const { found, total } = recall(MADE_UP);
    console.log(`context-only PERSON recall: ${found}/${total} = ${(found / total).toFixed(3)}`);
    expect(total).toBeGreaterThan(600);
    expect(found / total).toBeGreaterThanOrEqual(FLOOR);
  }, 60_000);

  it(`finds ≥ ${CULTURE_FLOOR} of them in every context with names of nine other origins`, () => {
    const scores = Object.entries(CULTURES).map(([origin, words]) => {
      const { found, total } = recall(words);
      return { origin, recall: found / total };
    });
    console.log(scores.map((s) => `${s.origin} ${s.recall.toFixed(3)}`).join(', '));
    for (const s of scores) expect(s.recall, s.origin).toBeGreaterThanOrEqual(CULTURE_FLOOR);
  }, 300_000);
});
