// Redaction benchmark (docs: packages/privacy/README.md, "Worst case").
//
//   npx tsx packages/privacy/bench/redaction.ts        (from the repo root; `make bench-redaction`)
//
// What it answers: how much slower is `redact` per KB of hostile text than per KB of ordinary
// guest text, measured side by side in this run. Absolute µs swing with the load on a shared
// machine; the ratio against the same run's baseline does not. Each adversarial input is paired
// with the baseline in alternating order (A B, B A, …); the median, min and max ratio over the
// pairs are reported. One JSON line per metric goes to stdout and to
// bench-results/redaction-<ts>.jsonl, and in the shared shape to bench-results/latest.jsonl
// (@cbc/bench).
//
// Knobs: BENCH_PAIRS=5  BENCH_WINDOW_MS=300 (time spent per measurement; at least one call).
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openBenchResults } from '@cbc/bench';
import { MAX_REDACT_INPUT_CHARS, redact } from '../src/index';
import { adversarialInputs } from '../test/support/adversarial';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 300);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const round = (x: number): number => Number(x.toPrecision(4));

/** Ordinary guest text: the dev corpus, cut into messages of at most 4,000 characters (the callers' cap). */
function corpusMessages(): string[] {
  const lines = readFileSync(new URL('../test/corpus/positives.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const messages: string[] = [];
  let current = '';
  for (const line of lines) {
    if (current.length + line.length + 1 > 4000) {
      messages.push(current);
      current = '';
    }
    current += (current ? '\n' : '') + line;
  }
  if (current) messages.push(current);
  return messages;
}

/** µs per KB (1,024 UTF-16 units actually scanned: input beyond the cap is dropped unread). */
function usPerKb(texts: readonly string[], fn: (t: string) => unknown): number {
  const kb = texts.reduce((n, t) => n + Math.min(t.length, MAX_REDACT_INPUT_CHARS), 0) / 1024;
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const t of texts) fn(t);
    calls += 1;
    elapsed = performance.now() - started;
  } while (elapsed < WINDOW_MS);
  return (elapsed * 1000) / (calls * kb);
}

interface Line {
  metric: string;
  unit: string;
  baseline: string;
  ratio_median: number;
  ratio_min: number;
  ratio_max: number;
  pairs: number;
  abs_baseline: number;
  abs_input: number;
  chars: number;
  git_sha: string;
}

function paired(metric: string, baselineName: string, base: () => number, other: () => number, chars: number, sha: string): Line {
  base();
  other(); // warm-up, discarded
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    if (i % 2 === 0) {
      a.push(base());
      b.push(other());
    } else {
      b.push(other());
      a.push(base());
    }
  }
  const ratios = a.map((x, i) => (b[i] ?? 0) / x);
  return {
    metric,
    unit: 'us_per_kb',
    baseline: baselineName,
    ratio_median: round(median(ratios)),
    ratio_min: round(Math.min(...ratios)),
    ratio_max: round(Math.max(...ratios)),
    pairs: PAIRS,
    abs_baseline: round(median(a)),
    abs_input: round(median(b)),
    chars,
    git_sha: sha,
  };
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const sha = gitSha();
  const outDir = join(REPO_ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, `redaction-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const latest = openBenchResults('redaction', { gitSha: sha });
  const emit = (line: Line | (Omit<Line, 'baseline' | 'pairs' | 'chars'> & { input: string })): void => {
    const json = JSON.stringify(line);
    console.log(json);
    appendFileSync(outFile, `${json}\n`);
    latest.add({
      metric: line.metric,
      unit: line.unit,
      value: line.abs_input,
      baseline: 'baseline' in line ? line.baseline : 'redact.corpus',
      baseline_value: line.abs_baseline,
      ratio: line.ratio_median,
      ratio_min: line.ratio_min,
      ratio_max: line.ratio_max,
      ...('pairs' in line ? { pairs: line.pairs, extra: { chars: line.chars } } : { extra: { input: line.input } }),
    });
  };

  const messages = corpusMessages();
  const baseline = (): number => usPerKb(messages, (t) => redact(t));
  const lines: Line[] = [];
  for (const input of adversarialInputs()) {
    process.stderr.write(`${input.name}…\n`);
    const line = paired(`redact.${input.name}`, 'redact.corpus', baseline, () => usPerKb([input.text], (t) => redact(t)), input.text.length, sha);
    lines.push(line);
    emit(line);
  }

  // The name lexicon runs on every message, so its cost is paid on the hot path.
  const lexicon = (await import('../src/detectors/person-lexicon').catch(() => null)) as
    | { detectLexiconNames?: (text: string) => unknown }
    | null;
  const detectLexiconNames = lexicon?.detectLexiconNames;
  if (detectLexiconNames) {
    emit({ ...paired('lexicon.corpus', 'redact.corpus', baseline, () => usPerKb(messages, detectLexiconNames), 0, sha), chars: messages.join('').length });
  }

  const worst = lines.reduce((w, l) => (l.ratio_median > w.ratio_median ? l : w));
  emit({
    metric: 'redact.worst_case',
    input: worst.metric,
    ratio_median: worst.ratio_median,
    ratio_min: worst.ratio_min,
    ratio_max: worst.ratio_max,
    abs_baseline: worst.abs_baseline,
    abs_input: worst.abs_input,
    unit: 'us_per_kb',
    git_sha: sha,
  });
  process.stderr.write(`results: ${outFile}\n`);
}

await main();
