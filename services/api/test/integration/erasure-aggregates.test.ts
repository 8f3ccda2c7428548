import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { exampleEvent, type EventType } from '@cbc/contract';
import { runDbt } from '@cbc/devstack';
import { auth, PRIVACY_KEY, startApp, type TestApp } from '../support/app';

// Erasure reaches the anonymous aggregates: a guest whose events sit only on old days that get
// no new traffic is erased, one incremental build later every aggregate mart equals a recount
// from raw.events in plain SQL, so the guest is in no count any more. The old days are out of
// every other rebuild rule: no lookback reaches them and nothing was received for them since the
// last build (their received_at is moved back days). One of them held only the erased guest.
const officer = { authorization: `Bearer ${PRIVACY_KEY}` };
const stack = inject('stack');
let t: TestApp;

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const at = (daysAgo: number, hour: number, minute = 0) => new Date(today - daysAgo * DAY + hour * 3_600_000 + minute * 60_000).toISOString();
const ERASED = 'g-7701';

function visit(guest: string, daysAgo: number, hour: number, analytics = true) {
  return (['page_view', 'search', 'faq_view'] as EventType[]).map((type, i) =>
    exampleEvent(type, { guest_id: guest, session_id: `${guest}-${daysAgo}`, occurred_at: at(daysAgo, hour, i), consent: { analytics } }),
  );
}

async function dbt(args: string[]) {
  const r = await runDbt(stack, t.db.name, args);
  if (r.code !== 0) throw new Error(`dbt ${args.join(' ')} failed:\n${r.output.slice(-4000)}`);
}

/** A mart's rows and the same figures recounted from raw.events, both sorted. */
async function compare(mart: string, recount: string) {
  const [built, counted] = await Promise.all([t.rows(mart), t.rows(recount)]);
  return { built: built.map((r) => JSON.stringify(r)).sort(), counted: counted.map((r) => JSON.stringify(r)).sort() };
}

const DAILY = {
  mart: `SELECT activity_date::text AS day, guest_type, channel, language, events::int, page_views::int, searches::int, faq_views::int, guests::int
         FROM marts.fct_daily_activity`,
  recount: `SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS day, guest_type, channel, language, count(*)::int AS events,
                   count(*) FILTER (WHERE event_type = 'page_view')::int AS page_views,
                   count(*) FILTER (WHERE event_type = 'search')::int AS searches,
                   count(*) FILTER (WHERE event_type = 'faq_view')::int AS faq_views,
                   count(DISTINCT guest_id)::int AS guests
            FROM raw.events GROUP BY 1, 2, 3, 4`,
};
const HOURLY = {
  mart: `SELECT (activity_hour AT TIME ZONE 'UTC')::text AS hour, guest_type, channel, language, events::int, page_views::int, searches::int, faq_views::int, guests::int
         FROM marts.fct_hourly_activity WHERE events > 0`,
  recount: `SELECT date_trunc('hour', occurred_at AT TIME ZONE 'UTC')::text AS hour, guest_type, channel, language, count(*)::int AS events,
                   count(*) FILTER (WHERE event_type = 'page_view')::int AS page_views,
                   count(*) FILTER (WHERE event_type = 'search')::int AS searches,
                   count(*) FILTER (WHERE event_type = 'faq_view')::int AS faq_views,
                   count(DISTINCT guest_id)::int AS guests
            FROM raw.events GROUP BY 1, 2, 3, 4`,
};
const GUEST_DAILY = {
  mart: `SELECT activity_date::text AS day, guest_key, events::int FROM marts.fct_guest_daily`,
  recount: `SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS day, md5(guest_id) AS guest_key, count(*)::int AS events
            FROM raw.events WHERE guest_id IS NOT NULL GROUP BY 1, 2`,
};
const GUEST_HOURLY = {
  mart: `SELECT (activity_hour AT TIME ZONE 'UTC')::text AS hour, guest_key, guest_type, channel, language, events::int FROM marts.fct_guest_hourly`,
  recount: `SELECT date_trunc('hour', occurred_at AT TIME ZONE 'UTC')::text AS hour, md5(guest_id) AS guest_key, guest_type, channel, language, count(*)::int AS events
            FROM raw.events WHERE guest_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5`,
};

beforeAll(async () => {
  t = await startApp();
  const events = [
    // Day −20: the erased guest (identified and, in a second visit without consent, minimized)
    // among two others who stay.
    ...visit(ERASED, 20, 9),
    ...visit(ERASED, 20, 15, false),
    ...visit('g-7702', 20, 9),
    ...visit('g-7703', 20, 10),
    // Day −25: the erased guest alone; the day must end up empty, not keep its old counts.
    ...visit(ERASED, 25, 12),
    // Current traffic, so the newest built day (and its lookback) is today.
    ...visit('g-7704', 0, 0),
  ];
  const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
  expect(res.statusCode).toBe(202);
  expect(res.json().counts, JSON.stringify(res.json().results.filter((r: { status: string }) => r.status !== "accepted"))).toMatchObject({ accepted: events.length });
  // Received long before any build: only the erasure can bring the old days back into a run.
  await t.admin.query(`UPDATE raw.events SET received_at = received_at - interval '3 days'`);
  await dbt(['build']);
}, 300_000);
afterAll(async () => t.close());

it('one incremental build after the erasure leaves every aggregate equal to a recount from raw', async () => {
  // Before: the aggregates count the guest (the figures the erasure must reach).
  const daily = await compare(DAILY.mart, DAILY.recount);
  expect(daily.built).toEqual(daily.counted);
  const erasedOnly = await t.rows(`SELECT 1 FROM marts.fct_daily_activity WHERE activity_date = $1::date`, [at(25, 0).slice(0, 10)]);
  expect(erasedOnly).toHaveLength(1);

  const erasure = await t.app.inject({ method: 'POST', url: '/privacy/delete', headers: officer, payload: { guest_id: ERASED } });
  expect(erasure.statusCode).toBe(200);
  expect(erasure.json().deleted).toMatchObject({ raw_events: 9, minimized_events: 3 });

  // The erasure itself cannot reach the anonymous rows: raw and the daily mart now disagree.
  const between = await compare(DAILY.mart, DAILY.recount);
  expect(between.built).not.toEqual(between.counted);

  await dbt(['build']);
  const [run] = await t.rows<{ full_refresh: boolean }>(
    `SELECT (details->>'full_refresh')::boolean AS full_refresh FROM ops.job_runs WHERE job = 'dbt_build' ORDER BY started_at DESC LIMIT 1`,
  );
  expect(run?.full_refresh).toBe(false);

  for (const m of [DAILY, HOURLY, GUEST_DAILY, GUEST_HOURLY]) {
    const { built, counted } = await compare(m.mart, m.recount);
    expect(built, m.mart).toEqual(counted);
  }
  // The day that held only the erased guest is gone from every mart.
  for (const mart of ['fct_daily_activity', 'fct_hourly_activity', 'fct_guest_daily', 'fct_guest_hourly', 'fct_page_views', 'fct_searches', 'fct_faq_views']) {
    const left = await t.rows(`SELECT 1 FROM marts.${mart} WHERE activity_date = $1::date`, [at(25, 0).slice(0, 10)]);
    expect(left, mart).toEqual([]);
  }
  // And day −20 still counts the two guests who stayed.
  const [kept] = await t.rows<{ guests: number; events: number }>(
    `SELECT sum(guests)::int AS guests, sum(events)::int AS events FROM marts.fct_daily_activity WHERE activity_date = $1::date`,
    [at(20, 0).slice(0, 10)],
  );
  expect(kept).toEqual({ guests: 2, events: 6 });
}, 400_000);
