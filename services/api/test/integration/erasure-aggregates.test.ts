import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { exampleEvent, type EventType } from '@cbc/contract';
import { runDbt } from '@cbc/devstack';
import { localTime, zonedInstant } from '../../src/analytics/zone';
import { auth, PRIVACY_KEY, startApp, type TestApp } from '../support/app';

// The aggregate marts count local days (the club's, REPORTING_TIME_ZONE), and erasure reaches
// them. A guest whose events sit only on old days that get no new traffic is erased; one
// incremental build later every aggregate mart equals a recount from raw.events in plain SQL, by
// local day, so the guest is in no count any more, and equals a full refresh. The old days are
// out of every other rebuild rule: no lookback reaches them and nothing was received for them
// since the last build (their received_at is moved back days). One of them held only the erased
// guest; on another the erased guest's only visit is late in the evening, on the next UTC date.
// Beside them: a summer night visit at 02:30 UTC (the previous local day) and the last 23-hour
// and 25-hour local days (Bermuda changes clocks on the second Sunday of March and the first
// Sunday of November), with visits at their first and last minutes and in the repeated hour.
const officer = { authorization: `Bearer ${PRIVACY_KEY}` };
const stack = inject('stack');
const ZONE = 'Atlantic/Bermuda';
let t: TestApp;

const MINUTE = 60_000;
const now = localTime(Date.now(), ZONE);
/** Local midnight `daysAgo` local days back, plus `hour` local hours (and minutes). */
const localAt = (daysAgo: number, hour: number, minute = 0) => zonedInstant(ZONE, now.year, now.month, now.day - daysAgo, hour) + minute * MINUTE;
const at = (daysAgo: number, hour: number, minute = 0) => new Date(localAt(daysAgo, hour, minute)).toISOString();
/** The local date `daysAgo` days back, YYYY-MM-DD. */
const day = (daysAgo: number) => new Date(Date.UTC(now.year, now.month - 1, now.day - daysAgo)).toISOString().slice(0, 10);
const ERASED = 'g-7701';

/** The latest day, at least three days back, that is the nth `weekday` (0 = Sunday) of a month. */
function lastNthWeekday(month: number, nth: number, weekday = 0): { y: number; m: number; d: number } {
  for (let y = now.year; ; y--) {
    const first = new Date(Date.UTC(y, month - 1, 1)).getUTCDay();
    const d = 1 + ((weekday - first + 7) % 7) + 7 * (nth - 1);
    if (Date.UTC(y, month - 1, d) <= Date.UTC(now.year, now.month - 1, now.day - 3)) return { y, m: month, d };
  }
}
const SPRING = lastNthWeekday(3, 2); // 23 hours: 02:00 local does not happen
const AUTUMN = lastNthWeekday(11, 1); // 25 hours: 01:00-02:00 local happens twice
const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = ({ y, m, d }: { y: number; m: number; d: number }, shift = 0) => new Date(Date.UTC(y, m - 1, d + shift)).toISOString().slice(0, 10);
/** The latest 15 July at least three days back: its 02:30 UTC is 23:30 local on the 14th. */
const SUMMER_YEAR = Date.UTC(now.year, 6, 15) <= Date.UTC(now.year, now.month - 1, now.day - 3) ? now.year : now.year - 1;
const SUMMER_NIGHT = iso(Date.UTC(SUMMER_YEAR, 6, 15, 2, 30));

function visit(guest: string, daysAgo: number, hour: number, analytics = true, minute = 0) {
  return visitAt(guest, `${guest}-${daysAgo}`, (i) => at(daysAgo, hour, minute + i), analytics);
}

function visitAt(guest: string, session: string, when: (i: number) => string, analytics = true) {
  return (['page_view', 'search', 'faq_view'] as EventType[]).map((type, i) =>
    exampleEvent(type, { guest_id: guest, session_id: session, occurred_at: when(i), consent: { analytics } }),
  );
}

/** One page view of `guest` at an instant. */
const viewAt = (guest: string, when: string) => exampleEvent('page_view', { guest_id: guest, session_id: `${guest}-${when}`, occurred_at: when });

async function dbt(args: string[]) {
  const r = await runDbt(stack, t.db.name, args, { REPORTING_TIME_ZONE: ZONE });
  if (r.code !== 0) throw new Error(`dbt ${args.join(' ')} failed:\n${r.output.slice(-4000)}`);
}

/** Every mart's row count and an order-independent digest of its rows. */
async function fingerprints() {
  const marts = await t.rows<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'marts' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, unknown> = {};
  for (const { name } of marts) {
    [out[name]] = await t.rows(`SELECT count(*)::int AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS digest FROM (SELECT md5(m::text) AS h FROM marts.${name} m) r`);
  }
  return out;
}

/** A mart's rows and the same figures recounted from raw.events, both sorted. */
async function compare(mart: string, recount: string) {
  const [built, counted] = await Promise.all([t.rows(mart), t.rows(recount)]);
  return { built: built.map((r) => JSON.stringify(r)).sort(), counted: counted.map((r) => JSON.stringify(r)).sort() };
}

const DAILY = {
  mart: `SELECT activity_date::text AS day, guest_type, channel, language, events::int, page_views::int, searches::int, faq_views::int, guests::int
         FROM marts.fct_daily_activity`,
  recount: `SELECT (occurred_at AT TIME ZONE '${ZONE}')::date::text AS day, guest_type, channel, language, count(*)::int AS events,
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
  recount: `SELECT (occurred_at AT TIME ZONE '${ZONE}')::date::text AS day, md5(guest_id) AS guest_key, count(*)::int AS events
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
    // Day −30, a local day spanning two UTC dates: another guest in the morning, and the erased
    // guest's only visit at 22:00 local, already the next UTC date.
    ...visit('g-7705', 30, 10),
    ...visit(ERASED, 30, 22),
    // 02:30 UTC on a summer night is 23:30 the evening before in Bermuda (UTC−3).
    viewAt('g-7706', SUMMER_NIGHT),
    // The 23-hour day: its first and last minutes, and the minutes either side of it.
    ...[-1, 0, 23 * 60 - 1, 23 * 60].map((m) => viewAt('g-7707', iso(zonedInstant(ZONE, SPRING.y, SPRING.m, SPRING.d) + m * MINUTE))),
    // The 25-hour day: the same, and 01:30 local twice (05:30 and 06:30 UTC).
    ...[-1, 0, 90, 150, 25 * 60 - 1, 25 * 60].map((m) => viewAt('g-7708', iso(zonedInstant(ZONE, AUTUMN.y, AUTUMN.m, AUTUMN.d) + m * MINUTE))),
    // Current traffic, so the newest built day (and its lookback) is today.
    ...visit('g-7704', 0, 0),
  ];
  const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
  expect(res.statusCode).toBe(202);
  expect(res.json().counts, JSON.stringify(res.json().results.filter((r: { status: string }) => r.status !== "accepted"))).toMatchObject({ accepted: events.length });
  // Received long before any build: only the erasure can bring the old days back into a run.
  await t.admin.query(`UPDATE raw.events SET received_at = received_at - interval '3 days'`);
  await dbt(['build']);
}, 400_000);
afterAll(async () => t.close());

it('counts local days: 02:30 UTC in summer on the previous date, the 23- and 25-hour days exactly', async () => {
  const days = (guest: string) =>
    t.rows<{ day: string; events: number }>(
      `SELECT activity_date::text AS day, events::int FROM marts.fct_guest_daily WHERE guest_key = md5($1) ORDER BY 1`,
      [guest],
    );
  expect(await days('g-7706')).toEqual([{ day: `${SUMMER_YEAR}-07-14`, events: 1 }]);
  expect(await days('g-7707')).toEqual([
    { day: dateOf(SPRING, -1), events: 1 },
    { day: dateOf(SPRING), events: 2 },
    { day: dateOf(SPRING, 1), events: 1 },
  ]);
  expect(await days('g-7708')).toEqual([
    { day: dateOf(AUTUMN, -1), events: 1 },
    { day: dateOf(AUTUMN), events: 4 },
    { day: dateOf(AUTUMN, 1), events: 1 },
  ]);
  // The anonymous daily mart agrees with a recount by local day, every day.
  const daily = await compare(DAILY.mart, DAILY.recount);
  expect(daily.built).toEqual(daily.counted);
});

it('one incremental build after the erasure leaves every aggregate equal to a recount from raw', async () => {
  // Before: the aggregates count the guest (the figures the erasure must reach).
  const daily = await compare(DAILY.mart, DAILY.recount);
  expect(daily.built).toEqual(daily.counted);
  const erasedOnly = await t.rows(`SELECT 1 FROM marts.fct_daily_activity WHERE activity_date = $1::date`, [day(25)]);
  expect(erasedOnly).toHaveLength(1);

  const erasure = await t.app.inject({ method: 'POST', url: '/privacy/delete', headers: officer, payload: { guest_id: ERASED } });
  expect(erasure.statusCode).toBe(200);
  expect(erasure.json().deleted).toMatchObject({ raw_events: 12, minimized_events: 3 });

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
    const left = await t.rows(`SELECT 1 FROM marts.${mart} WHERE activity_date = $1::date`, [day(25)]);
    expect(left, mart).toEqual([]);
  }
  // And day −20 still counts the two guests who stayed.
  const [kept] = await t.rows<{ guests: number; events: number }>(
    `SELECT sum(guests)::int AS guests, sum(events)::int AS events FROM marts.fct_daily_activity WHERE activity_date = $1::date`,
    [day(20)],
  );
  expect(kept).toEqual({ guests: 2, events: 6 });
  // Day −30 keeps its morning guest; the erased guest's evening (next UTC date) is gone from it.
  const [evening] = await t.rows<{ guests: number; events: number }>(
    `SELECT sum(guests)::int AS guests, sum(events)::int AS events FROM marts.fct_daily_activity WHERE activity_date = $1::date`,
    [day(30)],
  );
  expect(evening).toEqual({ guests: 1, events: 3 });

  // And the incremental marts are what a full refresh builds from the same raw rows.
  const incremental = await fingerprints();
  await dbt(['run', '--full-refresh']);
  expect(incremental).toEqual(await fingerprints());
}, 600_000);
