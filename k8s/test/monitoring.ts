// Loaders for the files under k8s/monitoring/, shared by the tests. Shapes are the subset of
// Prometheus rule files, promtool unit-test files and Grafana dashboards the tests read.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const MONITORING_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../monitoring');
export const RUNBOOKS_DIR = join(MONITORING_DIR, 'runbooks');
export const RUNBOOK_URL_PREFIX =
  'https://github.com/coral-beach-club/cbc-analytics/blob/main/k8s/monitoring/runbooks/';

export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleFile {
  path: string;
  groups: { name: string; rules: Rule[] }[];
}
export interface AlertRuleTest {
  alertname: string;
  eval_time: string;
  exp_alerts?: unknown[] | null;
}
export interface UnitTestFile {
  path: string;
  rule_files: string[];
  tests: { name?: string; alert_rule_test?: AlertRuleTest[] }[];
}
export interface Target {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
export interface Variable {
  name: string;
  type: string;
  query: string | { query?: string };
}
export interface Dashboard {
  path: string;
  uid?: string;
  title?: string;
  schemaVersion?: number;
  templating?: { list: Variable[] };
  panels: Panel[];
}

function filesIn(dir: string, ext: string): string[] {
  return readdirSync(join(MONITORING_DIR, dir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(MONITORING_DIR, dir, f));
}

export function loadRuleFiles(): RuleFile[] {
  return filesIn('rules', '.yaml').map((path) => ({ path, ...(parse(readFileSync(path, 'utf8')) as Omit<RuleFile, 'path'>) }));
}

export function loadUnitTestFiles(): UnitTestFile[] {
  return filesIn('tests', '.yaml').map((path) => ({ path, ...(parse(readFileSync(path, 'utf8')) as Omit<UnitTestFile, 'path'>) }));
}

/** Parsed as JSON.parse does, so a syntax error fails the test that loads it. */
export function loadDashboards(): Dashboard[] {
  return filesIn('dashboards', '.json').map((path) => ({ path, ...(JSON.parse(readFileSync(path, 'utf8')) as Omit<Dashboard, 'path'>) }));
}

export function runbookNames(): string[] {
  return readdirSync(RUNBOOKS_DIR).filter((f) => f.endsWith('.md')).map((f) => basename(f, '.md')).sort();
}

export function rulesOf(files: RuleFile[]): (Rule & { file: string })[] {
  return files.flatMap((f) => f.groups.flatMap((g) => g.rules.map((r) => ({ ...r, file: f.path }))));
}

/** Every panel, including those nested in collapsed rows. */
export function allPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** The expression inside a `label_values(<expr>, <label>)` variable query, if any. */
export function variableExpr(v: Variable): string | undefined {
  const q = typeof v.query === 'string' ? v.query : (v.query.query ?? '');
  return /^label_values\((.+),\s*\w+\)$/s.exec(q)?.[1];
}

/** Known metric names, grouped by the `#` header line that precedes them. */
export function loadKnownMetrics(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let header = '';
  for (const raw of readFileSync(join(MONITORING_DIR, 'known-metrics.txt'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      header = line.replace(/^#\s*/, '');
      continue;
    }
    groups.set(header, [...(groups.get(header) ?? []), line]);
  }
  return groups;
}

export function runPromtool(args: string[]): { status: number | null; output: string } {
  const promtool = process.env.PROMTOOL ?? 'promtool';
  const r = spawnSync(promtool, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${promtool} (${r.error.message}); 'make test' installs it`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
