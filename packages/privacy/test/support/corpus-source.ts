// Tooling shared by the corpora written as TypeScript source (corpus/blind-dev-2/ to blind-dev-5/):
// rendering to JSON lines in the main corpus layout (", " and ": " separators, raw UTF-8), the span
// check that makes hand-counted offsets impossible, the README count tables, and the independence
// check. It holds no corpus data, so sharing it leaks nothing between blind authors.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityType } from '../../src/index';
import { locateLabels } from './corpus';

export interface SourceSpan {
  type: EntityType;
  value: string;
  start: number;
  end: number;
}

export interface SourceLine {
  lang: string;
  text: string;
  spans: SourceSpan[];
  /** WhatsApp style (no capitals, typos, emojis, abbreviations); only counted in the README. */
  chat: boolean;
}

export interface Negative<L extends string = string> {
  lang: L;
  kind: string;
  text: string;
  /** WhatsApp style; only counted in the README. */
  chat: boolean;
}

/** `[kind, text]`, or `[kind, text, 'chat']` for a WhatsApp-style line. */
type Entry = readonly [kind: string, text: string, chat?: 'chat'];

export const negativeGroup = <L extends string>(lang: L, entries: Entry[]): Negative<L>[] =>
  entries.map(([kind, text, style]) => ({ lang, kind, text, chat: style === 'chat' }));

const json = (s: string): string => JSON.stringify(s);

/** Throws unless every span the template recorded is the unambiguous, whole-token text at its offsets. */
export function checkSpans(line: Pick<SourceLine, 'text' | 'spans'>): void {
  const located = locateLabels({ text: line.text, entities: line.spans });
  for (const [i, span] of line.spans.entries()) {
    const found = located[i];
    if (line.text.slice(span.start, span.end) !== span.value || found?.start !== span.start || found.end !== span.end) {
      throw new Error(`span ${i} (${span.type} ${json(span.value)}) of ${json(line.text)} is not at its recorded offsets`);
    }
  }
}

export function renderPositives(lines: SourceLine[]): string {
  return lines
    .map((line) => {
      checkSpans(line);
      const entities = line.spans.map((s) => `{"type": ${json(s.type)}, "value": ${json(s.value)}}`).join(', ');
      return `{"text": ${json(line.text)}, "entities": [${entities}], "lang": ${json(line.lang)}}\n`;
    })
    .join('');
}

export function renderNegatives(negatives: Negative[]): string {
  return negatives.map((n) => `{"text": ${json(n.text)}, "lang": ${json(n.lang)}, "kind": ${json(n.kind)}}\n`).join('');
}

/** Writes a corpus folder's two .jsonl files from its source and prints the README's count tables. */
export function writeCorpus(dir: URL, langs: readonly string[], positives: SourceLine[], negatives: Negative[]): void {
  writeFileSync(new URL('./positives.jsonl', dir), renderPositives(positives));
  writeFileSync(new URL('./hard-negatives.jsonl', dir), renderNegatives(negatives));
  const row = (list: { lang: string; chat: boolean }[], chatOnly: boolean): string =>
    langs.map((l) => list.filter((x) => x.lang === l && (!chatOnly || x.chat)).length).join(' | ');
  console.log(`| positive texts | ${row(positives, false)} | ${positives.length} |`);
  console.log(`| of which chat | ${row(positives, true)} | ${positives.filter((x) => x.chat).length} |`);
  console.log(`| hard negatives | ${row(negatives, false)} | ${negatives.length} |`);
  console.log(`| of which chat | ${row(negatives, true)} | ${negatives.filter((x) => x.chat).length} |`);
  const spans = positives.flatMap((line) => line.spans.map((s) => ({ ...s, lang: line.lang })));
  for (const type of [...new Set(spans.map((s) => s.type))]) {
    const mine = spans.filter((s) => s.type === type);
    console.log(`| ${type} | ${langs.map((l) => mine.filter((s) => s.lang === l).length).join(' | ')} | ${mine.length} |`);
  }
  const kinds = new Map<string, number>();
  for (const n of negatives) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
  console.log([...kinds].map(([k, n]) => `${k} ${n}`).join(', '));
}

export const jsonLines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);

export type CorpusFileLine = { text: string; entities?: { value: string }[] };

const CORPUS = fileURLToPath(new URL('../corpus/', import.meta.url));

/** Every .jsonl line under test/corpus/ (subfolders too) outside `own`, wherever the lead moves them. */
export function otherCorpusLines(own: string, dir = CORPUS): CorpusFileLine[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === own) return [];
    if (statSync(path).isDirectory()) return otherCorpusLines(own, path);
    return name.endsWith('.jsonl') ? (jsonLines(path) as CorpusFileLine[]) : [];
  });
}
