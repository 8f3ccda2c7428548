// The one writer of bench-results/latest.jsonl: every bench script hands it one line per metric,
// in one shape, so `make bench` ends with a file a person or a tool can compare run to run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const LATEST_FILE = join(REPO_ROOT, 'bench-results', 'latest.jsonl');

/** What a bench script reports for one metric. */
export interface BenchMetric {
  /** Unique within the bench, e.g. `redact.long_digit_run`. */
  metric: string;
  unit: string;
  /** The measured side (median). */
  value: number;
  /** What it is compared with, measured in the same run (or a budget, when `baseline_kind` says so). */
  baseline: string;
  baseline_value: number;
  /** The script's ratio (median of per-pair ratios where it pairs). */
  ratio: number;
  ratio_min?: number;
  ratio_max?: number;
  pairs?: number;
  /** `same_run` (the default) or `budget` (a fixed figure such as an LCP budget). */
  baseline_kind?: 'same_run' | 'budget';
  /** e.g. `<= 2` on the ratio. */
  target?: string;
  pass?: boolean;
  extra?: Record<string, unknown>;
}

/** One line of latest.jsonl. */
export type BenchLine = { bench: string } & BenchMetric & { git_sha: string; at: string };

export interface BenchResultsOptions {
  /** Default bench-results/latest.jsonl at the repository root. */
  file?: string;
  gitSha?: string;
  now?: () => Date;
}

function gitSha(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function check(bench: string, m: BenchMetric): void {
  const numbers: Array<[string, unknown]> = [
    ['value', m.value],
    ['baseline_value', m.baseline_value],
    ['ratio', m.ratio],
    ['ratio_min', m.ratio_min ?? 0],
    ['ratio_max', m.ratio_max ?? 0],
    ['pairs', m.pairs ?? 0],
  ];
  // A NaN or Infinity would be written as null and compared as nothing: refuse it where it is made.
  const bad = numbers.filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v)).map(([k]) => k);
  if (!m.metric || !m.unit || !m.baseline) bad.push('metric, unit and baseline must be non-empty');
  if (bad.length > 0) throw new Error(`bench ${bench}, metric ${m.metric || '?'}: not a finite number or empty: ${bad.join(', ')}`);
}

/**
 * The writer for one run of one bench. Its first `add` drops the lines the bench's previous run
 * left in the file (other benches' lines stay); each `add` then appends one line at once, so a
 * run stopped half-way still leaves what it measured.
 */
export function openBenchResults(bench: string, o: BenchResultsOptions = {}) {
  const file = o.file ?? LATEST_FILE;
  const sha = o.gitSha ?? gitSha();
  const now = o.now ?? (() => new Date());
  let started = false;
  return {
    file,
    add(m: BenchMetric): BenchLine {
      check(bench, m);
      if (!started) {
        started = true;
        mkdirSync(dirname(file), { recursive: true });
        const kept = existsSync(file)
          ? readFileSync(file, 'utf8')
              .split('\n')
              .filter((l) => l.trim() !== '' && (JSON.parse(l) as { bench?: string }).bench !== bench)
          : [];
        writeFileSync(file, kept.map((l) => `${l}\n`).join(''));
      }
      const line: BenchLine = { bench, ...m, git_sha: sha, at: now().toISOString() };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
      return line;
    },
  };
}

/** Every line of a results file (for tests and tools). */
export function readBenchResults(file: string = LATEST_FILE): BenchLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as BenchLine);
}
