import { readFileSync } from 'node:fs';
import type { EntityType, HardNegative, LabelledExample } from '../../src/index';

function readJsonLines<T>(name: string): T[] {
  const text = readFileSync(new URL(`../corpus/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${name}:${i + 1} is not valid JSON`);
      }
    });
}

export const positives = (): LabelledExample[] => readJsonLines<LabelledExample>('positives.jsonl');
export const hardNegatives = (): HardNegative[] => readJsonLines<HardNegative>('hard-negatives.jsonl');

/** The held-out corpus: for measuring the detector, never for tuning it (see corpus/heldout/README.md). */
export const heldoutPositives = (): LabelledExample[] => readJsonLines<LabelledExample>('heldout/positives.jsonl');
export const heldoutHardNegatives = (): HardNegative[] => readJsonLines<HardNegative>('heldout/hard-negatives.jsonl');

export interface LocatedLabel {
  type: EntityType;
  value: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Turns an example's labels (exact span texts) into offsets, and throws unless each span is
 * unambiguous: its text occurs exactly once, starts and ends on a token boundary, and overlaps no
 * other label. A label that fails here would score a detector against the wrong characters.
 */
export function locateLabels(example: Pick<LabelledExample, 'text' | 'entities'>): LocatedLabel[] {
  const { text } = example;
  const located = example.entities.map(({ type, value }) => {
    const start = text.indexOf(value);
    const where = `${type} ${JSON.stringify(value)} in ${JSON.stringify(text)}`;
    if (value === '' || start < 0) throw new Error(`${where}: not found`);
    if (text.indexOf(value, start + 1) >= 0) throw new Error(`${where}: occurs more than once`);
    const end = start + value.length;
    if (WORD_CHAR.test(text[start - 1] ?? '') || WORD_CHAR.test(text[end] ?? '')) {
      throw new Error(`${where}: cuts through a word`);
    }
    return { type, value, start, end };
  });
  const sorted = [...located].sort((a, b) => a.start - b.start);
  sorted.slice(1).forEach((label, i) => {
    const before = sorted[i];
    if (before && label.start < before.end) {
      throw new Error(`${JSON.stringify(before.value)} and ${JSON.stringify(label.value)} overlap in ${JSON.stringify(text)}`);
    }
  });
  return located;
}
