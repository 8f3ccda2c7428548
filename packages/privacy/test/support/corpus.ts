import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityType, HardNegative, LabelledExample } from '../../src/index';

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
export function heldOut(): HeldOutCorpus {
  const dir = process.env.REDACT_HELDOUT_DIR ?? join(CORPUS_DIR, 'heldout');
  // The held-out corpus ships with the repository: its absence is an error, never a silent skip.
  if (!existsSync(dir)) throw new Error(`held-out corpus missing: ${dir}`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
  if (files.length === 0) throw new Error(`held-out corpus empty: ${dir}`);
  const corpus: HeldOutCorpus = { dir, positives: [], negatives: [] };
  for (const file of files) {
    for (const line of readJsonLines<LabelledExample | HardNegative>(join(dir, file))) {
      if ('entities' in line && Array.isArray(line.entities) && line.entities.length > 0) corpus.positives.push(line);
      else corpus.negatives.push({ text: line.text, ...(line.lang ? { lang: line.lang } : {}) });
    }
  }
  return corpus;
}

/**
 * The corpora written blind whose misses have since been read (see each folder's README):
 * blind-dev/ to blind-dev-6/. Each was scored once as the held-out set; the
 * rules were then improved on its misses, so it is development data now, scored with the
 * held-out gates, and a corpus by a new author (corpus/heldout/) took its place.
 */
export interface BlindDevCorpus {
  name: string;
  positives: LabelledExample[];
  negatives: HardNegative[];
}
export const blindDevCorpora = (): BlindDevCorpus[] =>
  ['blind-dev', 'blind-dev-2', 'blind-dev-3', 'blind-dev-4', 'blind-dev-5', 'blind-dev-6'].map((name) => ({
    name,
    positives: readJsonLines<LabelledExample>(join(CORPUS_DIR, name, 'positives.jsonl')),
    negatives: readJsonLines<HardNegative>(join(CORPUS_DIR, name, 'hard-negatives.jsonl')),
  }));
export const blindDevPositives = (): LabelledExample[] => readJsonLines<LabelledExample>(join(CORPUS_DIR, 'blind-dev', 'positives.jsonl'));
export const blindDevHardNegatives = (): HardNegative[] => readJsonLines<HardNegative>(join(CORPUS_DIR, 'blind-dev', 'hard-negatives.jsonl'));

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
