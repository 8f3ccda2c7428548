import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { runDbt } from '@cbc/devstack';
import { auth, READ_KEY, startApp, type TestApp } from '../support/app';

// data_version names the marts an answer is read from. A dbt build whose data test fails has
// already replaced the marts (each mart is written before its tests run): the answer must then
// come from the new marts, under a new version (so a new cache key) and flagged stale with the
// failed checks; it must never be an answer cached from the marts the build replaced. The same
// holds while a build runs: its marts change one by one.
const reader = { authorization: `Bearer ${READ_KEY}` };
const stack = inject('stack');
let t: TestApp;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const search = (guest: string) =>
  exampleEvent('search', { guest_id: guest, occurred_at: minutesAgo(90), properties: { query: 'late checkout', results_count: 3 } });

async function ingest(events: unknown[]) {
  const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
  expect(res.statusCode).toBe(202);
  expect(res.json().counts).toMatchObject({ accepted: events.length });
}

async function build(...args: string[]) {
  const r = await runDbt(stack, t.db.name, ['build', ...args]);
  t.app.analytics?.resetVersion();
  return r;
}

async function searches() {
  const res = await t.app.inject({ url: '/metrics/searches?window=7d', headers: reader });
  expect(res.statusCode).toBe(200);
  return res.json() as { data_version: string; totals: { searches: number | null }; stale?: true; failed_checks?: string[] };
}

beforeAll(async () => {
  t = await startApp({ METRICS_CACHE_TTL_SECONDS: '300', MIN_GROUP_SIZE: '2' });
  await ingest(['g-8801', 'g-8802', 'g-8803'].map(search));
  const r = await build();
  expect(r.code, r.output.slice(-4000)).toBe(0);
}, 300_000);
afterAll(async () => t.close());

let passed: Awaited<ReturnType<typeof searches>>;

it('a passing build: its version, not stale', async () => {
  passed = await searches();
  expect(passed.totals.searches).toBe(3);
  expect(passed).not.toHaveProperty('stale');
  expect(passed).not.toHaveProperty('failed_checks');
});

it('a build whose data test fails: new data under a new version, flagged stale; the cached answer is gone', async () => {
  // A new search, and a service request acknowledged before it was created (agent clock skew):
  // sla_durations_non_negative fails after fct_service_requests and fct_searches were replaced.
  const request = { request_id: 'sr-8801', service_type: 'spa' } as const;
  await ingest([
    search('g-8804'),
    exampleEvent('service_request', { guest_id: 'g-8805', occurred_at: minutesAgo(60), properties: { ...request, status: 'created' } }),
    exampleEvent('service_request', { guest_id: 'g-8805', occurred_at: minutesAgo(70), properties: { ...request, status: 'acknowledged' } }),
  ]);
  // Until a build, the cached answer stands.
  expect(await searches()).toEqual(passed);

  const r = await build();
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/FAIL \d+ sla_durations_non_negative/);
  const [run] = await t.rows<{ status: string; details: { models_succeeded: string[] } }>(
    `SELECT status, details FROM ops.job_runs WHERE job = 'dbt_build' ORDER BY started_at DESC LIMIT 1`,
  );
  expect(run?.status).toBe('failure');
  expect(run?.details.models_succeeded).toContain('fct_searches');

  const after = await searches();
  expect(after.totals.searches).toBe(4);
  expect(after.data_version).not.toBe(passed.data_version);
  expect(after.stale).toBe(true);
  expect(after.failed_checks).toEqual(['sla_durations_non_negative']);
  // The same answer again comes from the cache under the failed build's version.
  expect(await searches()).toEqual(after);
}, 300_000);

it('a run that failed before building any mart changes neither the version nor the answer', async () => {
  const before = await searches();
  await t.admin.query(
    `INSERT INTO ops.job_runs (job, status, started_at, finished_at, details)
     VALUES ('dbt_build', 'failure', now(), now(), '{"models_succeeded": [], "failed_checks": ["stg_events"]}')`,
  );
  t.app.analytics?.resetVersion();
  expect(await searches()).toEqual(before);
});

it('while a build runs, its marts change under its own version, flagged stale', async () => {
  const before = await searches();
  // What dbt's start hook writes; marts are replaced one by one from here on.
  const [run] = await t.rows<{ run_id: string }>(
    `INSERT INTO ops.job_runs (job, status, details) VALUES ('dbt_build', 'running', '{}') RETURNING run_id`,
  );
  t.app.analytics?.resetVersion();
  const during = await searches();
  expect(during.data_version).not.toBe(before.data_version);
  expect(during.data_version).toMatch(/\(running\)$/);
  expect(during).toMatchObject({ stale: true, failed_checks: [] });
  // Killed before building anything: the marts are the failed build's again, and so is the answer.
  await t.admin.query(`UPDATE ops.job_runs SET status = 'failure', finished_at = now(), details = '{"abandoned": true}' WHERE run_id = $1`, [run?.run_id]);
  t.app.analytics?.resetVersion();
  expect(await searches()).toEqual(before);
});

it('the next passing build clears the flag under yet another version', async () => {
  const stale = await searches();
  // The operator removes the skewed rows by hand; an incremental build sees only rows received
  // or erased since the last one, so hand edits of raw data take a full refresh (dbt/README.md).
  await t.admin.query(`DELETE FROM raw.events WHERE event_type = 'service_request'`);
  const r = await build('--full-refresh');
  expect(r.code, r.output.slice(-4000)).toBe(0);
  const fixed = await searches();
  expect(fixed.totals.searches).toBe(4);
  expect(fixed.data_version).not.toBe(stale.data_version);
  expect(fixed.data_version).not.toBe(passed.data_version);
  expect(fixed).not.toHaveProperty('stale');
  expect(fixed).not.toHaveProperty('failed_checks');
}, 300_000);
