import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { runDbt } from '@cbc/devstack';
import { startApp, type TestApp } from '../support/app';

// The PII quarantine of an incremental build scans only the rows that build wrote
// (dbt/macros/pii_quarantine.sql); the nightly full test pass (DBT_FULL_TESTS=1 dbt test) reads
// every row, is recorded as job dbt_full_test, and a DBT_FULL_TESTS=1 build quarantines what it
// found. PII is planted as the existing quarantine test does: raw rows written as the superuser
// (redaction bypassed), and, for a row no build rewrites, straight into the mart (as a detector
// change would find an old row).
const stack = inject('stack');
let t: TestApp;
const ids = { old: randomUUID(), recentLeak: randomUUID() };
const DAY = 86_400_000;

/**
 * A search written to raw as the superuser (redaction bypassed). `received` defaults to now; an
 * old day's event is received when it occurred, or every build within the received-at overlap
 * (15 min) would rebuild its day and rewrite the row.
 */
async function insertSearch(eventId: string, at: Date, query: string, received = new Date()) {
  const iso = at.toISOString();
  await t.admin.query('SELECT raw.ensure_partitions($1, $1)', [iso]);
  await t.admin.query(`INSERT INTO raw.event_ids (event_id, retention_class, occurred_at) VALUES ($1, 'browsing', $2)`, [eventId, iso]);
  await t.admin.query(
    `INSERT INTO raw.events (event_id, event_type, retention_class, occurred_at, received_at, guest_id, session_id, guest_type, channel, language, properties, source)
     VALUES ($1, 'search', 'browsing', $2, $3, 'guest-7', 'sess-7', 'hotel_guest', 'web', 'en', $4, 'api')`,
    [eventId, iso, received.toISOString(), { query, results_count: 0 }],
  );
}

async function dbt(args: string[], env: Record<string, string> = {}) {
  return runDbt(stack, t.db.name, args, env);
}

async function build(env: Record<string, string> = {}) {
  const r = await dbt(['build'], env);
  expect(r.code, r.output.slice(-4000)).toBe(0);
}

const quarantined = async () =>
  (await t.rows<{ event_id: string }>(`SELECT row_key->>'event_id' AS event_id FROM privacy.pii_quarantine WHERE model = 'fct_searches'`)).map((r) => r.event_id).sort();
const inMart = async (eventId: string) => (await t.rows('SELECT 1 FROM marts.fct_searches WHERE event_id = $1', [eventId])).length === 1;
const lastFullTest = async () =>
  (await t.rows<{ status: string; details: { failed_checks: string[]; command: string } }>(
    `SELECT status, details FROM ops.job_runs WHERE job = 'dbt_full_test' ORDER BY started_at DESC LIMIT 1`,
  ))[0];

beforeAll(async () => {
  t = await startApp();
  // An old day (40 days back) that no incremental build rebuilds again, and today.
  const old = new Date(Date.now() - 40 * DAY);
  await insertSearch(ids.old, old, 'spa opening hours', old);
  await insertSearch(randomUUID(), new Date(Date.now() - 3_600_000), 'dinner menu');
  await build();
}, 240_000);
afterAll(async () => t.close());

it('an incremental build quarantines PII planted in a day it rebuilds', async () => {
  await insertSearch(ids.recentLeak, new Date(Date.now() - 1_800_000), 'please mail Jane.Doe@example.com the menu');
  await build();
  expect(await quarantined()).toEqual([ids.recentLeak]);
  expect(await inMart(ids.recentLeak)).toBe(false);
}, 240_000);

it('an incremental build does not scan rows it did not write', async () => {
  const planted = await t.admin.query(`UPDATE marts.fct_searches SET query_text = 'write to old.guest@example.com' WHERE event_id = $1`, [ids.old]);
  expect(planted.rowCount).toBe(1);
  await build();
  // Still there, PII and all: the build neither rebuilt the old day nor scanned it.
  expect(await t.rows('SELECT query_text FROM marts.fct_searches WHERE event_id = $1', [ids.old])).toEqual([{ query_text: 'write to old.guest@example.com' }]);
  expect(await quarantined()).toEqual([ids.recentLeak]);
}, 240_000);

it('the nightly full test pass finds PII in an untouched old day, fails and is recorded', async () => {
  // The build's own three-day test does not read the old day.
  expect((await dbt(['test', '--select', 'no_pii_in_marts'])).code).toBe(0);
  expect(await lastFullTest()).toBeUndefined();

  const r = await dbt(['test'], { DBT_FULL_TESTS: '1' });
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/Failure in test no_pii_in_marts/);
  expect(r.output).not.toMatch(/old\.guest@example\.com/);
  const run = await lastFullTest();
  expect(run?.status).toBe('failure');
  expect(run?.details.command).toBe('dbt test');
  expect(run?.details.failed_checks).toContain('no_pii_in_marts');
}, 240_000);

it('a build with DBT_FULL_TESTS=1 scans every row: the old row moves, and the full pass then succeeds', async () => {
  await build({ DBT_FULL_TESTS: '1' });
  expect(await inMart(ids.old)).toBe(false);
  expect(await quarantined()).toEqual([ids.old, ids.recentLeak].sort());

  const r = await dbt(['test'], { DBT_FULL_TESTS: '1' });
  expect(r.code, r.output.slice(-4000)).toBe(0);
  expect((await lastFullTest())?.status).toBe('success');
}, 480_000);

