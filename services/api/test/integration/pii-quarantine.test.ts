import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import pg from 'pg';
import { exampleEvent } from '@cbc/contract';
import { runDbt } from '@cbc/devstack';
import { auth, READ_KEY, startApp, type TestApp } from '../support/app';

// A value that slipped past ingest redaction reaches the marts: the real dbt build moves the row
// to privacy.pii_quarantine instead of failing (then and on every later build), the mart tests
// pass on clean marts, and the Operations snapshot, the gauge and the run record say so.
const reader = { authorization: `Bearer ${READ_KEY}` };
const stack = inject('stack');
let t: TestApp;
const leaked = { email: randomUUID(), card: randomUUID() };
const clean = exampleEvent('search', { properties: { query: 'spa opening hours' } });

/** A search stored as if redaction had missed its query: written to raw as the superuser. */
async function insertLeakedSearch(eventId: string, query: string) {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  await t.admin.query('SELECT raw.ensure_partitions($1, $1)', [at]);
  await t.admin.query(`INSERT INTO raw.event_ids (event_id, retention_class, occurred_at) VALUES ($1, 'browsing', $2)`, [eventId, at]);
  await t.admin.query(
    `INSERT INTO raw.events (event_id, event_type, retention_class, occurred_at, guest_id, session_id, guest_type, channel, language, properties, source)
     VALUES ($1, 'search', 'browsing', $2, 'guest-42', 'sess-42', 'hotel_guest', 'web', 'en', $3, 'api')`,
    [eventId, at, { query, results_count: 0 }],
  );
}

async function build() {
  const r = await runDbt(stack, t.db.name, ['build']);
  expect(r.code, r.output.slice(-4000)).toBe(0);
  return t.rows<{ status: string; details: { pii_quarantined: number } }>(
    `SELECT status, details FROM ops.job_runs WHERE job = 'dbt_build' ORDER BY started_at DESC LIMIT 1`,
  );
}

beforeAll(async () => {
  t = await startApp();
  expect((await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: clean })).statusCode).toBe(202);
  await insertLeakedSearch(leaked.email, 'please mail Jane.Doe@example.com the menu');
  await insertLeakedSearch(leaked.card, 'pay with 4111 1111 1111 1111');
}, 60_000);
afterAll(async () => t.close());

it('a build moves PII rows out of the marts into the quarantine and passes', async () => {
  const [run] = await build();
  expect(run).toMatchObject({ status: 'success', details: { pii_quarantined: 2 } });

  const inMart = await t.rows<{ event_id: string }>('SELECT event_id FROM marts.fct_searches');
  expect(inMart.map((r) => r.event_id)).toEqual([clean.event_id]);

  const held = await t.rows<{ model: string; row_key: unknown; findings: unknown; row_data: { query_text: string } }>(
    'SELECT model, row_key, findings, row_data FROM privacy.pii_quarantine ORDER BY row_data->>\'query_text\'',
  );
  expect(held.map(({ model, row_key, findings }) => ({ model, row_key, findings }))).toEqual([
    { model: 'fct_searches', row_key: { event_id: leaked.card }, findings: { query_text: 'card_number' } },
    { model: 'fct_searches', row_key: { event_id: leaked.email }, findings: { query_text: 'email' } },
  ]);
  // The officer reviews the row as it was, PII included.
  expect(held[1]?.row_data.query_text).toContain('jane.doe@example.com');
}, 240_000);

it('the Operations snapshot and the gauge report the quarantine without its values', async () => {
  const res = await t.app.inject({ url: '/metrics/operations', headers: reader });
  expect(res.statusCode).toBe(200);
  const q = res.json().pii_quarantine;
  expect(q).toMatchObject({ rows: 2, since: expect.any(String), by_model: [{ model: 'fct_searches', rows: 2, kinds: ['card_number', 'email'] }] });
  expect(q.summary).toBe(`2 rows quarantined since ${q.since}, privacy officer to review`);
  expect(res.body).not.toMatch(/example\.com|4111/i);
  expect(await t.app.metrics.registry.metrics()).toMatch(/^ops_pii_quarantined_rows 2$/m);
});

it('only the privacy role reads the quarantined rows', async () => {
  for (const [role, allowed] of [['cbc_reader', false], ['cbc_transformer', false], ['cbc_privacy', true]] as const) {
    const c = new pg.Client({ connectionString: t.db.urls[role] });
    await c.connect();
    try {
      const read = c.query('SELECT row_data FROM privacy.pii_quarantine');
      if (allowed) await expect(read).resolves.toMatchObject({ rowCount: 2 });
      else await expect(read).rejects.toMatchObject({ code: '42501' });
    } finally {
      await c.end();
    }
  }
});

it('a later build passes too, and stores the same finding once', async () => {
  const [run] = await build();
  expect(run).toMatchObject({ status: 'success', details: { pii_quarantined: 0 } });
  expect(await t.count('privacy.pii_quarantine')).toBe(2);
  expect(await t.count('marts.fct_searches')).toBe(1);
}, 240_000);

it('no_pii_in_marts still fails when PII sits in a mart the quarantine did not clean', async () => {
  await t.admin.query(`UPDATE marts.fct_searches SET query_text = 'call 10.1.2.3' WHERE event_id = $1`, [clean.event_id]);
  const r = await runDbt(stack, t.db.name, ['test', '--select', 'no_pii_in_marts']);
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/Failure in test no_pii_in_marts/);
}, 120_000);
