import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { prepareEvent, type PreparedRow } from '@cbc/privacy';
import { createMetrics } from '../../src/telemetry/registry';
import { GroupCommitter, type RowResult } from '../../src/ingest/group-commit';
import { IP_SALT, auth, startApp, type TestApp } from '../support/app';

// Rows the database refuses although they passed validation. The contract keeps such values out,
// so they are injected after it: a NUL in JSON text (jsonb cannot hold it) and an occurred_at that
// is no timestamp. Both carry a canary that must never reach a log line.
const CANARY = 'canary-7f3a91';
const poisons: Record<string, Partial<PreparedRow>> = {
  'NUL in props': { props: `{"note":"${CANARY}\\u0000"}` },
  'unparsable occurred_at': { occurred_at: `${CANARY}-not-a-time` },
};

const privacy = { collectPii: false, ipSalt: IP_SALT, ipHashRotation: 'none' as const, phoneRegions: [] };
const row = (over: Partial<PreparedRow> = {}): PreparedRow => ({ ...prepareEvent(exampleEvent('faq_view'), 'api', privacy).row, ...over });

let t: TestApp;
let pool: pg.Pool;
const warnings: unknown[][] = [];
const committer = (maxRows = 500) =>
  new GroupCommitter(
    pool,
    { intervalMs: 5, maxRows, maxInflight: 4, maxQueued: 10_000, policy: { defaultGranted: true, dropWithoutConsent: false, ledgerKey: 'group-commit-test-ledger-key' } },
    createMetrics(),
    { warn: (...args: unknown[]) => void warnings.push(args) } as never,
  );
const stored = async (ids: string[]) =>
  (await t.rows<{ event_id: string }>('SELECT event_id::text FROM raw.events WHERE event_id = ANY($1::uuid[])', [ids])).map((r) => r.event_id).sort();
const refused = (results: Map<string, RowResult>) => [...results.values()].filter((o) => 'refused' in o).map((o) => o.event_id);

beforeAll(async () => {
  t = await startApp();
  pool = new pg.Pool({ connectionString: t.db.urls.cbc_ingest, max: 4 });
});
afterAll(async () => {
  await pool.end();
  await t.close();
});

describe('group commit isolates a row the database refuses', () => {
  it.each(Object.entries(poisons))('%s: only that row fails; every other row of the request is stored', async (_name, poison) => {
    const rows = Array.from({ length: 9 }, () => row());
    const bad = row(poison);
    rows.splice(5, 0, bad);
    warnings.length = 0;
    const results = await committer().submit(rows);
    expect(refused(results)).toEqual([bad.event_id]);
    const good = rows.filter((r) => r !== bad).map((r) => r.event_id);
    for (const id of good) expect(results.get(id)).toMatchObject({ inserted: true });
    expect(await stored([...good, bad.event_id])).toEqual([...good].sort());
    // Logged by SQLSTATE, without the values the driver's message quotes.
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain(CANARY);
    expect(JSON.stringify(warnings)).toMatch(/"code":"22/);
  });

  it('a refused value that reads like a connection error is still a refused row, not a 503', async () => {
    const rows = [row(), row({ occurred_at: 'connection timeout terminated' }), row()];
    const results = await committer().submit(rows);
    expect(refused(results)).toEqual([rows[1]!.event_id]);
  });

  it('finds several bad rows among many', async () => {
    const rows = Array.from({ length: 40 }, () => row());
    const bad = [3, 17, 39].map((i) => (rows[i] = row(poisons['NUL in props'])));
    const results = await committer().submit(rows);
    expect(refused(results).sort()).toEqual(bad.map((r) => r.event_id).sort());
    expect((await stored(rows.map((r) => r.event_id))).length).toBe(37);
  });

  it('a bad row in one request costs no other request of the same flush', async () => {
    const c = committer();
    const clean = Array.from({ length: 5 }, () => row());
    const dirty = [row(), row(poisons['unparsable occurred_at']), row()];
    const [a, b] = await Promise.all([c.submit(clean), c.submit(dirty)]);
    expect(refused(a)).toEqual([]);
    expect(refused(b)).toEqual([dirty[1]!.event_id]);
    expect(await stored([...clean, ...dirty].map((r) => r.event_id))).toHaveLength(7);
  });
});

describe('through the API', () => {
  // The committer is the app's own; its rows are poisoned on their way in, after validation.
  async function poisonNext(app: TestApp, index: number) {
    const c = app.app.committer;
    const submit = c.submit.bind(c);
    c.submit = (rows) => {
      c.submit = submit;
      return submit(rows.map((r, i) => (i === index ? { ...r, ...poisons['unparsable occurred_at'] } : r)));
    };
  }

  it('a batch stores and acknowledges every event but the refused one', async () => {
    const events = Array.from({ length: 6 }, () => exampleEvent('faq_view'));
    await poisonNext(t, 2);
    const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body.counts).toEqual({ accepted: 5, duplicate: 0, dropped: 0, invalid: 1 });
    expect(body.results[2]).toMatchObject({ event_id: events[2]!.event_id, status: 'invalid', errors: [{ path: '/', message: expect.stringMatching(/refused/) }] });
    expect(res.body).not.toContain(CANARY);
    expect(await stored(events.map((e) => e.event_id))).toHaveLength(5);
    expect(t.logs.join('')).not.toContain(CANARY);
  });

  it('a single refused event gets a 4xx envelope, not a 500, and its text stays out of the logs', async () => {
    await poisonNext(t, 0);
    const res = await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('search') });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_event', details: [{ path: '/', message: expect.stringMatching(/refused/) }] } });
    expect(res.body).not.toContain(CANARY);
    expect(t.logs.join('')).not.toContain(CANARY);
  });
});
