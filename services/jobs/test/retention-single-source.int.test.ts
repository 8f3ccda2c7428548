import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { readRetentionPolicy } from '@cbc/db';

// Retention periods are defined once: the rows of ops.retention_policy. Whatever else states a
// period must agree with them (the chart, its rendered manifests, the docs), and no code may
// carry a period of its own.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const CLASS_OF_ENV: Record<string, string> = { BROWSING: 'browsing', SERVICE: 'service', CONSENT: 'consent' };

let policy: Record<string, number>;
let admin: pg.Pool;
beforeAll(async () => {
  const db = await createTestDatabase(inject('stack'));
  admin = new pg.Pool({ connectionString: db.adminUrl, max: 1 });
  policy = await readRetentionPolicy(admin);
});
afterAll(async () => admin?.end());

/** Every `RETENTION_<CLASS>_MONTHS: <n>` (YAML, quoted or not) in a file, as class → months. */
function envValues(text: string): Array<[string, number]> {
  return [...text.matchAll(/RETENTION_([A-Z]+)_MONTHS:\s*"?(\d+)"?/g)].map((m) => [CLASS_OF_ENV[m[1]!]!, Number(m[2])]);
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'target' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|sql|py)$/.test(name) && !/\.test\.ts$/.test(name)) yield path;
  }
}

describe('retention periods have one definition', () => {
  it('the policy table holds every class', () => {
    expect(Object.keys(policy).sort()).toEqual(['browsing', 'consent', 'service']);
  });

  it('the chart values and the rendered manifests state the policy', () => {
    for (const file of ['charts/cbc-analytics/values.yaml', 'k8s/rendered/cbc-analytics.yaml']) {
      const values = envValues(read(file));
      expect(values.length, file).toBeGreaterThanOrEqual(3);
      for (const [cls, months] of values) expect(months, `${file}: ${cls}`).toBe(policy[cls]);
    }
  });

  it.each(['services/api/.env.example', 'services/jobs/.env.example'])('%s leaves the overrides empty', (file) => {
    const lines = read(file).split('\n').filter((l) => /^RETENTION_[A-Z]+_MONTHS=/.test(l));
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^RETENTION_[A-Z]+_MONTHS=\s*(#|$)/);
  });

  it('docs/data-lifecycle.md states the policy', () => {
    const m = /Browsing (\d+) months, service (\d+) months, consent (\d+) months/.exec(read('docs/data-lifecycle.md'));
    expect(m).not.toBeNull();
    expect({ browsing: Number(m![1]), service: Number(m![2]), consent: Number(m![3]) }).toEqual(policy);
  });

  it('no code defines a period of its own (a default, a constant or a map of months)', () => {
    const found: string[] = [];
    const dirs = ['services', 'packages', 'admin/src', 'dbt/models', 'dbt/macros'];
    for (const dir of dirs) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        const rel = relative(ROOT, file);
        // The migrations hold the definition itself.
        if (rel.startsWith('packages/db/migrations/')) continue;
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          const classMonths = /\bbrowsing['"]?\s*:\s*\d+.*\bservice['"]?\s*:\s*\d+/.test(line) || /\b[A-Z_]*_MONTHS\s*=\s*\d+/.test(line);
          const envDefault = /RETENTION_[A-Z]+_MONTHS\b.*\bdefault\b/.test(line);
          const interval = /interval\s*'\d+\s*(months?|years?)'/i.test(line) && /retention|keep|prune/i.test(line);
          if (classMonths || envDefault || interval) found.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(found).toEqual([]);
  });
});
