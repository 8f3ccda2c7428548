import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { exampleEvent } from '@cbc/contract';
import { freePort, runDbt } from '@cbc/devstack';
import { METRIC_TYPES, METRICS } from '../../src/analytics/catalogue';
import { WINDOWS } from '../../src/analytics/window';
import { buildFixture, EXPECTED } from '../fixtures/analytics';
import { auth, PRIVACY_KEY, READ_KEY, startApp, type TestApp } from '../support/app';

// The analytics layer end to end: a fixed fixture through the real API, the real dbt build
// (models + data tests + unit tests), then every metric × window × segment through the API,
// checked against values computed by hand (test/fixtures/analytics.ts).
const reader = { authorization: `Bearer ${READ_KEY}` };
const officer = { authorization: `Bearer ${PRIVACY_KEY}` };
let t: TestApp;
const stack = inject('stack');

async function build(args: string[] = ['build']) {
  const r = await runDbt(stack, t.db.name, args);
  if (r.code !== 0) throw new Error(`dbt ${args.join(' ')} failed:\n${r.output.slice(-4000)}`);
  t.app.analytics?.resetVersion();
  return r.output;
}

const get = async (metric: string, query: Record<string, string>) => {
  const res = await t.app.inject({ url: `/metrics/${metric}?${new URLSearchParams(query)}`, headers: reader });
  return { status: res.statusCode, body: res.json() };
};

beforeAll(async () => {
  t = await startApp({ METRICS_CACHE_TTL_SECONDS: '300' });
  const anchor = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
  const events = buildFixture(anchor);
  const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
  expect(res.statusCode).toBe(202);
  expect(res.json().counts).toEqual({ accepted: events.length, duplicate: 0, dropped: 0, invalid: 0 });
  await build();
}, 240_000);
afterAll(async () => t.close());

it('dbt build ran models, data tests and unit tests green and recorded the run', async () => {
  const { rows } = await t.admin.query(`SELECT status, details FROM ops.job_runs WHERE job = 'dbt_build' ORDER BY started_at DESC LIMIT 1`);
  expect(rows[0].status).toBe('success');
  expect(rows[0].details.models_succeeded).toEqual(expect.arrayContaining(['fct_hourly_activity', 'fct_searches', 'dim_guests']));
});

// The fixture sits in the hours before now: every rolling window holds all of it (24h its last
// day), whereas how much a calendar window (today, this_week, …) holds depends on the local time
// of the run, so those are checked for shape here and for exactness in analytics-exact.test.ts.
const ROLLING = ['24h', '7d', '30d', '90d', '12m'];

describe('every metric × window × segment', () => {
  const combos = METRIC_TYPES.flatMap((m) => WINDOWS.flatMap((w) => METRICS[m].segments.map((s) => [m, w, s] as const)));
  it.each(combos)('%s window=%s segment=%s', async (metric, window, segment) => {
    const { status, body } = await get(metric, { window, segment });
    expect(status).toBe(200);
    expect(body).toMatchObject({ metric, segment, window: { from: expect.any(String), to: expect.any(String), time_zone: 'Atlantic/Bermuda' } });
    if (!ROLLING.includes(window) && metric !== 'realtime') return;
    if (metric === 'realtime') {
      expect(body.series).toHaveLength(60);
      // Everything was received moments ago but occurred at least 2 hours back: late arrivals,
      // not in the series (which counts by time of occurrence).
      expect(body.totals.events).toBe(0);
      expect(body.arrival_lag).toMatchObject({ received: 54, late_arrivals: 54 });
      return;
    }
    const expected = window === '24h' ? EXPECTED.last24h[metric as keyof typeof EXPECTED.last24h] : EXPECTED.all[metric as keyof typeof EXPECTED.all];
    if (expected) expect(body.totals).toMatchObject(roundedLike(body.totals, expected));
    // A segmented series never shows a cell of fewer than 5 guests: prospects (3) are withheld.
    for (const cell of body.series) {
      if (cell.suppressed) expect(Object.entries(cell).filter(([k, v]) => !['bucket', 'segment_value', 'partial', 'suppressed'].includes(k) && v !== null)).toEqual([]);
    }
    if (segment !== 'none' && segment !== 'service_type' && window !== '24h' && ['overview', 'page_views', 'searches'].includes(metric)) {
      const prospectSide = { guest_type: 'prospect', channel: 'whatsapp', language: 'de' }[segment];
      const cells = body.series.filter((c: { segment_value: string }) => c.segment_value === prospectSide);
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.every((c: { suppressed?: boolean }) => c.suppressed === true)).toBe(true);
      expect(body.suppressed).toBeGreaterThanOrEqual(cells.length);
    }
  });

  it('buckets fit the window', async () => {
    const buckets = await Promise.all(ROLLING.map(async (w) => (await get('overview', { window: w })).body.window.bucket));
    expect(buckets).toEqual(['hour', 'day', 'day', 'week', 'month']);
  });

  it('compares with the previous period (from/to window)', async () => {
    // 37 hours ending just after the anchor hold only the recent activity; the 37 hours before
    // them hold the old activity (48 h back).
    const anchor = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const from = new Date(anchor - 36 * 3_600_000).toISOString();
    const to = new Date(anchor + 3_600_000).toISOString();
    const { body } = await get('overview', { from, to });
    expect(body.window.bucket).toBe('hour');
    expect(body.totals).toMatchObject({ page_views: 0, faq_views: 6 });
    expect(body.previous_totals).toMatchObject({ page_views: 11, faq_views: 0, guests: 11 });
  });
});

describe('top lists keep only what at least 5 guests stand behind', () => {
  it('searches: "spa hours" (8 guests) is listed; "parking" (2) and "rooms" (3) are not', async () => {
    const { body } = await get('searches', { window: '7d' });
    expect(body.extras.top_queries).toEqual([{ query: 'spa hours', searches: 8, zero_result_searches: 0, guests: 8 }]);
    expect(body.extras.top_zero_result_queries).toEqual([]);
  });

  it('faq: deflection per FAQ; an id not in the FAQ catalogue has a null title', async () => {
    const { body } = await get('faq', { window: '7d' });
    expect(body.extras.top_faqs).toEqual([{ faq_id: 'faq-pool', title: null, views: 6, deflected: 5, deflection_rate: 0.8333, guests: 6 }]);
  });

  it('faq: a catalogued id comes with the title staff gave it (seeds/faq_catalogue.csv → marts.dim_faqs)', async () => {
    // The build loaded the seed and the reader role can read the mart it feeds.
    const { rows } = await t.admin.query(`SELECT title FROM marts.dim_faqs WHERE faq_id = 'faq-beach-towels'`);
    expect(rows).toEqual([{ title: 'Can I borrow beach towels?' }]);
    const grant = await t.admin.query(`SELECT has_table_privilege('cbc_reader', 'marts.dim_faqs', 'SELECT') AS ok`);
    expect(grant.rows[0].ok).toBe(true);
    // The fixture's FAQ is not catalogued; catalogue it (as an edit of the seed would) and ask again.
    await t.admin.query(`INSERT INTO marts.dim_faqs (faq_id, title) VALUES ('faq-pool', 'When is the pool open?')`);
    try {
      // A window no other test asks for: the answer cannot come from the cache.
      const anchor = Math.floor(Date.now() / 3_600_000) * 3_600_000;
      const { body } = await get('faq', { from: new Date(anchor - 100 * 3_600_000).toISOString(), to: new Date(anchor + 3_600_000).toISOString() });
      expect(body.extras.top_faqs).toEqual([{ faq_id: 'faq-pool', title: 'When is the pool open?', views: 6, deflected: 5, deflection_rate: 0.8333, guests: 6 }]);
    } finally {
      await t.admin.query(`DELETE FROM marts.dim_faqs WHERE faq_id = 'faq-pool'`);
    }
  });

  it('page views: top pages', async () => {
    const { body } = await get('page_views', { window: '30d' });
    expect(body.extras.top_pages).toEqual([{ path: '/spa', views: 8, guests: 8 }]);
  });
});

describe('filters and bucket are part of the cached answer’s key', () => {
  // Answers are cached here for 5 minutes: a filtered request after the unfiltered one must get
  // its own slice, not the cached whole.
  it('searches by query: the whole, then one query, then a query fewer than 5 guests typed', async () => {
    const whole = await get('searches', { window: '7d' });
    expect((await get('searches', { window: '7d' })).body).toEqual(whole.body);
    expect(whole.body.totals).toMatchObject({ searches: 13, guests: 11 });
    expect(whole.body.filters).toEqual({});

    const spa = await get('searches', { window: '7d', query: 'spa hours' });
    expect(spa.status).toBe(200);
    expect(spa.body.filters).toEqual({ query: 'spa hours' });
    expect(spa.body.totals).toMatchObject({ searches: 8, zero_result_searches: 0, zero_result_rate: 0, guests: 8 });
    expect(spa.body.extras.top_queries).toEqual([{ query: 'spa hours', searches: 8, zero_result_searches: 0, guests: 8 }]);

    // Two guests searched "parking": the filtered slice is under k, so its totals are withheld.
    const parking = await get('searches', { window: '7d', query: 'parking' });
    expect(parking.body.totals).toMatchObject({ searches: null, guests: null });
    expect(parking.body.extras.top_queries).toEqual([]);
  });

  it('prospects (3 guests) are withheld as a slice, whatever the segment', async () => {
    const { body } = await get('overview', { window: '30d', guest_type: 'prospect', segment: 'channel' });
    expect(body.filters).toEqual({ guest_type: 'prospect' });
    expect(body.totals.guests).toBeNull();
    expect(body.series.every((c: { suppressed?: boolean }) => c.suppressed === true)).toBe(true);
  });

  it('bucket=auto is answered apart from the same window without it', async () => {
    const plain = await get('overview', { window: '7d' });
    const auto = await get('overview', { window: '7d', bucket: 'auto' });
    expect(plain.body.window.bucket_requested).toBeUndefined();
    expect(auto.body.window.bucket_requested).toBe('auto');
    expect(auto.body.window.bucket_reason).toEqual(expect.any(String));
  });

  it('bucket=auto skips hours over 90 days (2160 points) and says so', async () => {
    const { status, body } = await get('overview', { window: '90d', bucket: 'auto' });
    expect(status).toBe(200);
    expect(body.window.bucket).not.toBe('hour');
    expect(body.window.bucket_reason).toMatch(/^hour: over 1000 points; day: /);
  });
});

describe('bad parameters get a 400 that lists what is allowed, and nothing else', () => {
  it.each([
    [{ window: '1y' }, 'window'],
    [{ segment: 'room' }, 'segment'],
  ])('%j', async (q, parameter) => {
    const { status, body } = await get('overview', q as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error.details).toMatchObject({ parameter, allowed: expect.any(Array) });
  });

  it.each([
    { window: "7d'; DROP TABLE raw.events; --" },
    { segment: 'guest_type OR 1=1' },
    { segment: 'channel; SELECT * FROM admin.staff_accounts' },
    { from: "2026-01-01' OR '1'='1" },
  ])('injection attempt %j is refused with 400 and touches nothing', async (q) => {
    const { status, body } = await get('searches', q as unknown as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error.code).toMatch(/invalid_(parameter|request)/);
    expect(Number((await t.admin.query('SELECT count(*) FROM raw.events')).rows[0].count)).toBeGreaterThan(0);
  });

  it.each([
    // Years before 4713 BC are valid JavaScript dates but out of PostgreSQL's range.
    { from: '-004714-01-01T00:00:00Z', to: '-004714-06-01T00:00:00Z' },
    { from: '0001-01-01T00:00:00Z', to: '0001-06-01T00:00:00Z' },
    // JavaScript reads these; RFC 3339 does not allow them, nor is the first a local date.
    { from: '2026-01-01 00:00', to: '2026-02-01' },
    { from: '2026-02-30T00:00:00Z', to: '2026-03-05T00:00:00Z' },
    { from: '2026-02-30', to: '2026-03-05' },
  ])('from/to %j → 400 envelope, never 500 or an answer', async (q) => {
    for (const metric of ['overview', 'searches']) {
      const { status, body } = await get(metric, q);
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: { code: 'invalid_parameter', details: { parameter: 'from' } } });
    }
  });

  it('service_type is a segment of service requests only', async () => {
    expect((await get('overview', { segment: 'service_type' })).status).toBe(400);
    const { body } = await get('service_requests', { window: '7d', segment: 'service_type' });
    expect(body.series.every((c: { segment_value: string }) => c.segment_value === 'spa')).toBe(true);
  });

  it('unknown metric → 404 with the catalogue; unknown parameter → 400', async () => {
    expect((await get('revenue', {})).body).toMatchObject({ error: { code: 'unknown_metric', details: { allowed: expect.arrayContaining(['overview']) } } });
    expect((await get('overview', { colour: 'red' })).status).toBe(400);
  });

  it('GET /metrics lists the catalogue', async () => {
    const res = await t.app.inject({ url: '/metrics', headers: reader });
    expect(res.json().metrics.map((m: { type: string }) => m.type)).toEqual([...METRIC_TYPES]);
  });
});

describe('cache', () => {
  it('serves from Redis until a dbt build finishes, then answers from the new marts', async () => {
    const before = await get('searches', { window: '7d' });
    const extra = exampleEvent('search', { guest_id: 'fx-h9', guest_type: 'hotel_guest', channel: 'web', language: 'en', occurred_at: new Date(Date.now() - 60_000).toISOString(), properties: { query: 'towels', results_count: 2 } });
    expect((await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: extra })).statusCode).toBe(202);
    const cached = await get('searches', { window: '7d' });
    expect(cached.body.totals.searches).toBe(before.body.totals.searches);
    expect(cached.body.data_version).toBe(before.body.data_version);

    await build(['build', '--select', 'marts']);
    const fresh = await get('searches', { window: '7d' });
    expect(fresh.body.data_version).not.toBe(before.body.data_version);
    expect(fresh.body.totals.searches).toBe(before.body.totals.searches + 1);
  }, 240_000);

  it('answers from Postgres when Redis is down', async () => {
    const d = await startApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, DATABASE_READ_URL: t.db.urls.cbc_reader });
    try {
      const res = await d.app.inject({ url: '/metrics/overview?window=30d', headers: reader });
      expect(res.statusCode).toBe(200);
      expect(res.json().totals.page_views).toBe(11);
    } finally {
      await d.close();
    }
  });
});

describe('privacy reaches the marts', () => {
  const martRows = async (guest: string) => {
    const { rows } = await t.admin.query(`
      SELECT (SELECT count(*) FROM marts.fct_guest_daily WHERE guest_key = md5($1))
           + (SELECT count(*) FROM marts.fct_page_views WHERE guest_key = md5($1))
           + (SELECT count(*) FROM marts.fct_searches WHERE guest_key = md5($1))
           + (SELECT count(*) FROM marts.fct_service_requests WHERE guest_key = md5($1))
           + (SELECT count(*) FROM marts.dim_guests WHERE guest_key = md5($1)) AS n`, [guest]);
    return Number(rows[0].n);
  };

  it('exports the guest’s mart rows with the raw events and consent', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/privacy/export', headers: officer, payload: { guest_id: 'fx-h4' } });
    const body = res.json();
    expect(body.data.raw_events).toHaveLength(8); // page view, search, 3 request updates, FAQ view, chat start and end
    expect(body.data.marts['marts.fct_service_requests']).toHaveLength(1);
    expect(body.data.marts['marts.dim_guests']).toHaveLength(1);
    expect(body.manifest).toEqual(expect.arrayContaining([{ source: 'marts.fct_guest_daily', count: 2 }])); // active on two days
  });

  it('erases from raw and every guest-level mart, and it stays erased after a full refresh', async () => {
    expect(await martRows('fx-h8')).toBeGreaterThan(0);
    const res = await t.app.inject({ method: 'POST', url: '/privacy/delete', headers: officer, payload: { guest_id: 'fx-h8' } });
    const receipt = res.json();
    expect(receipt.deleted.raw_events).toBe(2);
    expect(receipt.deleted.marts['marts.dim_guests']).toBe(1);
    expect(await martRows('fx-h8')).toBe(0);
    await build(['build', '--full-refresh']);
    expect(await martRows('fx-h8')).toBe(0);
    expect(await martRows('fx-h7')).toBeGreaterThan(0);
  }, 240_000);
});

describe('mart privileges', () => {
  it.each([
    ['cbc_reader', 'SELECT * FROM marts.fct_searches', 'allowed'],
    ['cbc_reader', 'DELETE FROM marts.fct_searches WHERE false', 'denied'],
    ['cbc_privacy', 'DELETE FROM marts.fct_searches WHERE false', 'allowed'],
    ['cbc_privacy', 'UPDATE marts.fct_searches SET query_text = query_text WHERE false', 'denied'],
    ['cbc_ingest', 'SELECT * FROM marts.fct_searches', 'denied'],
    ['cbc_pruner', 'DELETE FROM marts.fct_searches WHERE false', 'denied'],
    ['cbc_reader', 'SELECT * FROM staging.stg_events', 'denied'],
  ] as const)('%s: %s → %s', async (role, sql, expected) => {
    const c = new pg.Client({ connectionString: t.db.urls[role] });
    await c.connect();
    try {
      const outcome = await c.query(sql).then(() => 'allowed', (e: { code?: string }) => (e.code === '42501' ? 'denied' : `error ${e.code}`));
      expect(outcome).toBe(expected);
    } finally {
      await c.end();
    }
  });
});

/** Rates are compared at 4 decimals, counts exactly. */
function roundedLike(actual: Record<string, unknown>, expected: Record<string, number>) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(expected)) {
    out[k] = Number.isInteger(v) ? v : expect.closeTo(v, 4);
  }
  void actual;
  return out;
}
