import { exampleEvent, type AnalyticsEvent } from '@cbc/contract';

/**
 * Searches with figures a person can count, added to the e2e stack beside the seed (through the
 * API, before dbt runs). Two queries no seeded guest types, so a page filtered by one of them
 * shows exactly these events, whatever the seed did:
 *
 * - `dst canary`: around the most recent day the club's clocks changed (at least three days
 *   ago), one guest per search, each in a different hour (so hourly cells are all withheld and
 *   `bucket=auto` picks days). Local times, the day of the change being D:
 *     D−2 23:30 (1, outside the range D−1…D+1)
 *     D−1 18:30 19:30 20:30 21:30 22:30 23:30*            6 searches, 1 without a result (*)
 *     D   00:30 04:30 08:30 10:30* 15:30 20:30 23:30*     7 searches, 2 without a result
 *     D+1 00:30 01:30 02:30 12:30 21:30                   5 searches, none without a result
 *     D+2 00:30 (1, outside)
 *   The 23:30 and 00:30 searches either side of each midnight change day if the offset is read
 *   at the wrong side of the clock change, so a day cut in UTC or at a fixed offset miscounts.
 * - `weekly canary`: one search a day, at local noon, by a different guest, over two whole
 *   Monday-to-Sunday weeks ending at least a week ago: every daily cell has 1 guest (withheld),
 *   each week 7 (shown).
 */
export const REPORTING_ZONE = 'Atlantic/Bermuda';
export const DST_QUERY = 'dst canary';
export const WEEKLY_QUERY = 'weekly canary';

/** What the tests need to know about where the known events are (the counts are theirs to state). */
export interface KnownEvents {
  /** The local day of the clock change (D). */
  dstDay: string;
  /** Its length in hours: 23 (spring) or 25 (autumn). */
  dstDayHours: number;
  /** The Monday the two weekly-canary weeks start on. */
  weeklyFrom: string;
}

const DAY_MS = 86_400_000;

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The wall-clock reading of an instant in the zone, as if it were UTC (ms). */
function wall(at: number): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: REPORTING_ZONE, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
}

/** The instant a local day and time names (times used here exist exactly once on every day). */
export function localInstant(day: string, hh: number, mm: number): Date {
  const target = Date.parse(`${day}T00:00:00Z`) + (hh * 60 + mm) * 60_000;
  let t = target;
  for (let i = 0; i < 3; i++) t = target - (wall(t) - t);
  if (wall(t) !== target) throw new Error(`${day} ${hh}:${mm} does not exist in ${REPORTING_ZONE}`);
  return new Date(t);
}

const localDay = (at: number) => new Date(wall(at)).toISOString().slice(0, 10);
const dayHours = (day: string) => (localInstant(addDays(day, 1), 0, 0).getTime() - localInstant(day, 0, 0).getTime()) / 3_600_000;

export function knownEventsPlan(now = Date.now()): KnownEvents {
  let d = addDays(localDay(now), -3);
  while (dayHours(d) === 24) d = addDays(d, -1);
  const today = localDay(now);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return { dstDay: d, dstDayHours: dayHours(d), weeklyFrom: addDays(today, -weekday - 21) };
}

export function knownEvents(plan: KnownEvents): AnalyticsEvent[] {
  const D = plan.dstDay;
  // [day offset from D, hour, minute, results]
  const dst: [number, number, number, number][] = [
    [-2, 23, 30, 2],
    ...[18, 19, 20, 21, 22].map((h) => [-1, h, 30, 3] as [number, number, number, number]),
    [-1, 23, 30, 0],
    [0, 0, 30, 1], [0, 4, 30, 4], [0, 8, 30, 2], [0, 10, 30, 0], [0, 15, 30, 5], [0, 20, 30, 1], [0, 23, 30, 0],
    [1, 0, 30, 3], [1, 1, 30, 2], [1, 2, 30, 1], [1, 12, 30, 6], [1, 21, 30, 2],
    [2, 0, 30, 1],
  ];
  const search = (id: string, at: Date, query: string, results: number) =>
    exampleEvent('search', {
      occurred_at: at.toISOString(),
      guest_id: `known-${id}`,
      session_id: `known-sess-${id}`,
      guest_type: 'member',
      channel: 'web',
      language: 'en',
      properties: { query, results_count: results, category: 'stay' },
    }) as AnalyticsEvent;
  const events = dst.map(([off, h, m, results], i) => search(`dst-${i}`, localInstant(addDays(D, off), h, m), DST_QUERY, results));
  for (let i = 0; i < 14; i++) events.push(search(`week-${i}`, localInstant(addDays(plan.weeklyFrom, i), 12, 0), WEEKLY_QUERY, 1));
  if (events.some((e) => Date.parse(e.occurred_at) > Date.now() - DAY_MS)) throw new Error('known events must lie in the past');
  return events;
}

/** Sends them through the ingest API (the real path: validation, consent, redaction, group commit). */
export async function sendKnownEvents(apiUrl: string, ingestKey: string, plan: KnownEvents): Promise<void> {
  const res = await fetch(`${apiUrl}/ingest/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: knownEvents(plan) }),
  });
  const body = (await res.json()) as { counts?: { accepted: number } };
  if (res.status !== 202 || body.counts?.accepted !== knownEvents(plan).length) throw new Error(`known events not all accepted: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
}
