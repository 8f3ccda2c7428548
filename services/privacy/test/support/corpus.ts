import { readFileSync } from 'node:fs';
import type { HardNegative, LabelledExample } from '../../src/index';

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
