import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { auth, startApp, type TestApp } from '../support/app';

// The alerts and dashboards in k8s/monitoring may only reference names listed in
// known-metrics.txt; its "app" sections claim what this service exports. This checks the claim
// against the real registry, so a renamed metric breaks a test instead of an alert.
let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t.close());

function appSections(): string[] {
  const text = readFileSync(new URL('../../../../k8s/monitoring/known-metrics.txt', import.meta.url), 'utf8');
  const names: string[] = [];
  let inApp = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      inApp = /^# app: (ingest service|prom-client)/.test(line);
      continue;
    }
    if (inApp && line.trim()) names.push(line.trim());
  }
  return names;
}

it('exports every metric the monitoring catalogue attributes to the ingest service', async () => {
  // Exercise the paths whose metrics only appear once observed.
  await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('search') });
  await t.admin.query(`INSERT INTO ops.job_runs (job, finished_at, status, details) VALUES ('dbt_build', now(), 'success', '{"rows_removed": 0}')`);
  const exposition = await t.app.metrics.registry.metrics();
  // Declared metrics (a labelled counter shows no sample line until first incremented).
  const exported = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exported.add(`${name}${s}`);
    else exported.add(name!);
  }
  const claimed = appSections();
  expect(claimed.length).toBeGreaterThan(30);
  expect(claimed.filter((n) => !exported.has(n))).toEqual([]);
});
