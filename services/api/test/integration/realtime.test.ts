import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { exampleEvent } from '@cbc/contract';
import { migrate } from '@cbc/db';
import { auth, READ_KEY, startApp, type TestApp } from '../support/app';
import { planNodes } from '../support/plan';

// GET /metrics/realtime against real PostgreSQL: the live panel counts by time of occurrence
// (raw.realtime_activity), withholds guest figures below k, and reports arrival lag apart.
const reader = { authorization: `Bearer ${READ_KEY}` };
const MIN = 60_000;
let t: TestApp;
let asReader: pg.Client;

beforeAll(async () => {
  t = await startApp();
  asReader = new pg.Client({ connectionString: t.db.urls.cbc_reader });
  await asReader.connect();
});
afterAll(async () => {
  await asReader.end();
  await t.close();
});

type Ev = { guest_id?: string; session_id?: string; consent?: { analytics: boolean } };
async function send(events: ReturnType<typeof exampleEvent>[]) {
  const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json().counts.accepted).toBe(events.length);
}
const at = (ms: number, o: Ev = {}) => ({ ...o, occurred_at: new Date(ms).toISOString() });
const guests = (prefix: string, n: number, ms: number, type: 'page_view' | 'search' | 'faq_view' = 'page_view') =>
  Array.from({ length: n }, (_, i) => exampleEvent(type, at(ms, { guest_id: `${prefix}-${i}`, session_id: `${prefix}-s${i}` })));
async function live() {
  const res = await t.app.inject({ url: '/metrics/realtime', headers: reader });
  expect(res.statusCode).toBe(200);
  return res.json();
}
const minuteOf = (ms: number) => new Date(Math.floor(ms / MIN) * MIN).toISOString();

describe('by time of occurrence, arrival lag apart', () => {
  it('events sent now that occurred 3 hours ago are late arrivals, not in the series; 10 minutes ago lands in its minute', async () => {
    const now = Date.now();
    await send([...guests('old', 3, now - 180 * MIN), ...guests('recent', 2, now - 10 * MIN, 'search')]);
    const body = await live();
    expect(body.totals.events).toBe(2);
    expect(body.totals.page_view).toBeUndefined();
    const point = body.series.find((p: { bucket: string }) => p.bucket === minuteOf(now - 10 * MIN));
    expect(point).toMatchObject({ events: 2, search: 2 });
    expect(body.series.reduce((n: number, p: { events: number }) => n + p.events, 0)).toBe(2);
    expect(body.arrival_lag.received).toBe(5);
    expect(body.arrival_lag.late_arrivals).toBe(3);
    // Three of five arrived ~3 h late: the median is one of them; the p95 too.
    expect(body.arrival_lag.median_seconds).toBeGreaterThan(179 * 60);
    expect(body.arrival_lag.p95_seconds).toBeGreaterThan(179 * 60);
  });
});

describe('guest figures below k are withheld', () => {
  it('4 distinct guests active in the last 5 minutes: withheld; a fifth: shown', async () => {
    const now = Date.now();
    await send(guests('active', 4, now - 2 * MIN));
    const four = await live();
    expect(four.active_guests_5m).toBeNull();
    expect(four.suppressed).toBeGreaterThanOrEqual(1);
    await send(guests('active-5th', 1, now - MIN));
    const five = await live();
    expect(five.active_guests_5m).toBe(5);
  });

  it('minimized events count as events, not guests', async () => {
    const when = Date.now() - 20 * MIN;
    const minimized = Array.from({ length: 3 }, (_, i) => exampleEvent('faq_view', at(when, { guest_id: `shy-${i}`, consent: { analytics: false } })));
    await send([...guests('seen', 5, when, 'faq_view'), ...minimized]);
    const stored = await t.rows<{ n: number }>(`SELECT count(*)::int AS n FROM raw.events WHERE minimized AND guest_id IS NULL`);
    expect(stored[0]!.n).toBe(3);
    const point = (await live()).series.find((p: { bucket: string }) => p.bucket === minuteOf(when));
    expect(point).toMatchObject({ events: 8, faq_view: 8, guests: 5 });
  });
});

describe('raw.realtime_activity as the reader role', () => {
  it('counts an event stamped up to a minute ahead in the current minute, and leaves one further ahead out', async () => {
    const now = Date.now();
    await send([
      exampleEvent('feedback', at(now + 50_000, { guest_id: 'g-skew-1' })),
      exampleEvent('feedback', at(now + 3 * MIN, { guest_id: 'g-skew-2' })),
    ]);
    const { rows } = await asReader.query(
      `SELECT a.minute = date_trunc('minute', now()) AS current, a.events::int AS events
       FROM raw.realtime_activity() a WHERE a.event_type = 'feedback'`,
    );
    expect(rows).toEqual([{ current: true, events: 1 }]);
  });

  it('may execute the function, which returns aggregates only, and still may not read raw.events', async () => {
    const res = await asReader.query('SELECT * FROM raw.realtime_activity()');
    expect(res.fields.map((f) => f.name)).toEqual(['minute', 'event_type', 'events', 'guests', 'late_arrivals', 'lag_median_seconds', 'lag_p95_seconds']);
    await expect(asReader.query('SELECT guest_id FROM raw.events LIMIT 1')).rejects.toMatchObject({ code: '42501' });
    await expect(asReader.query('SELECT guest_id FROM raw.consent_records LIMIT 1')).rejects.toMatchObject({ code: '42501' });
  });

  it('reads indexes and only the partitions the last hour can be in', async () => {
    const client = await t.admin.connect();
    try {
      const { rows: src } = await client.query<{ prosrc: string }>(`SELECT prosrc FROM pg_proc WHERE oid = 'raw.realtime_activity'::regproc`);
      const nodes = await planNodes(t.admin, src[0]!.prosrc);
      const scans = nodes.filter((n) => typeof n['Relation Name'] === 'string');
      expect(scans.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
      // The occurred_at ranges prune to this month's partitions (and last month's near its start).
      const { rows: parts } = await client.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent IN ('raw.events_browsing'::regclass, 'raw.events_service'::regclass)`);
      const occurredScans = scans.filter((n) => String(n['Index Name'] ?? '').includes('occurred'));
      expect(occurredScans.length).toBeGreaterThan(0);
      expect(occurredScans.filter((n) => String(n['Relation Name']).startsWith('events_')).length).toBeLessThanOrEqual(2 * 2 * 2);
      expect(parts[0]!.n).toBeGreaterThan(20);
    } finally {
      client.release();
    }
  });
});

describe('the migration', () => {
  it('Down restores raw.realtime_counts for the reader, Up brings raw.realtime_activity back', async () => {
    // Down to before 0014 (the later migrations first), then up again.
    const can = async (fn: string) => (await t.rows<{ can: boolean }>(`SELECT CASE WHEN to_regprocedure($1) IS NULL THEN false ELSE has_function_privilege('cbc_reader', $1, 'EXECUTE') END AS can`, [fn]))[0]!.can;
    expect(await migrate({ databaseUrl: t.db.urls.cbc_migrator, direction: 'down', count: 2 })).toEqual(['0015_events_guest_time_index', '0014_realtime_activity']);
    expect([await can('raw.realtime_counts(integer)'), await can('raw.realtime_activity()')]).toEqual([true, false]);
    expect((await asReader.query('SELECT count(*)::int AS n FROM raw.realtime_counts(60)')).rows[0].n).toBeGreaterThan(0);
    expect(await migrate({ databaseUrl: t.db.urls.cbc_migrator })).toEqual(['0014_realtime_activity', '0015_events_guest_time_index']);
    expect([await can('raw.realtime_counts(integer)'), await can('raw.realtime_activity()')]).toEqual([false, true]);
  });
});
