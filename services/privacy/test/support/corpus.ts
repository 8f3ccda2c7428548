import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HardNegative, LabelledExample } from '../../src/index';

const CORPUS_DIR = fileURLToPath(new URL('../corpus/', import.meta.url));

function readJsonLines<T>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as T;
      } catch {
        throw new Error(`${path}:${i + 1} is not valid JSON`);
      }
    });
}

export const positives = (): LabelledExample[] => readJsonLines<LabelledExample>(join(CORPUS_DIR, 'positives.jsonl'));
export const hardNegatives = (): HardNegative[] => readJsonLines<HardNegative>(join(CORPUS_DIR, 'hard-negatives.jsonl'));

export interface HeldOutCorpus {
  dir: string;
  positives: LabelledExample[];
  negatives: HardNegative[];
}

/*
 * The held-out corpus is written by someone who never saw the detectors, so it measures how the
 * rules generalise; it is scored, never tuned on. It lives in corpus/heldout/ (REDACT_HELDOUT_DIR
 * points elsewhere). Every *.jsonl file there is read: a line with `entities` is a labelled
 * example, a line without is a hard negative.
 */
export function heldOut(): HeldOutCorpus | null {
  const dir = process.env.REDACT_HELDOUT_DIR ?? join(CORPUS_DIR, 'heldout');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  if (files.length === 0) return null;
  const corpus: HeldOutCorpus = { dir, positives: [], negatives: [] };
  for (const file of files) {
    for (const line of readJsonLines<LabelledExample | HardNegative>(join(dir, file))) {
      if ('entities' in line && Array.isArray(line.entities) && line.entities.length > 0) corpus.positives.push(line);
      else corpus.negatives.push({ text: line.text, ...(line.lang ? { lang: line.lang } : {}) });
    }
  }
  return corpus;
}
