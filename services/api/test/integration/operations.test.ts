import { afterAll, beforeAll, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { READ_KEY, auth, startApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t.close());

it('GET /metrics/operations reports job runs, freshness and this replica’s counters', async () => {
  await t.admin.query(`INSERT INTO ops.job_runs (job, started_at, finished_at, status, details) VALUES
    ('dbt_build', now() - interval '2 hours', now() - interval '119 minutes', 'success', '{"models": 12}'),
    ('dbt_build', now() - interval '1 hour', now() - interval '59 minutes', 'failure', '{"error": "x"}'),
    ('prune_retention', now() - interval '1 day', now() - interval '1 day' + interval '3 seconds', 'success', '{"rows_removed": 42}')`);
  await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('search') });
  await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: { ...exampleEvent('search'), consent: { analytics: false } } });

  const res = await t.app.inject({ url: '/metrics/operations', headers: { authorization: `Bearer ${READ_KEY}` } });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.jobs.dbt_build.map((r: { status: string }) => r.status)).toEqual(['failure', 'success']);
  expect(body.jobs.prune_retention[0]).toMatchObject({ status: 'success', duration_s: 3, details: { rows_removed: 42 } });
  expect(body.freshness.lag_seconds).toBeLessThan(60);
  expect(body.ingest.events_by_outcome.accepted).toBe(2);
  expect(body.ingest.minimized_by_reason.no_consent).toBe(1);

  // The same rows feed the Prometheus gauges that alert on "last success too old".
  const text = await t.app.metrics.registry.metrics();
  expect(text).toMatch(/ops_job_last_status\{job="dbt_build"\} 0/);
  expect(text).toMatch(/ops_job_last_rows_removed\{job="prune_retention"\} 42/);
  expect(text).toMatch(/ops_job_last_success_timestamp_seconds\{job="dbt_build"\} \d+/);
  expect(text).toMatch(/ops_data_latest_event_timestamp_seconds \d+/);
});

it('needs a read key', async () => {
  expect((await t.app.inject({ url: '/metrics/operations', headers: auth })).statusCode).toBe(403);
  expect((await t.app.inject({ url: '/metrics/operations' })).statusCode).toBe(401);
});
