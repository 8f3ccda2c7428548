import { BUCKET_PARAMS, WINDOWS, type BucketParam, type Bucket as ResponseBucket, type Segment, type WindowName } from '@cbc/contract';
import { AppError } from '../errors';
import { localTime, startOfLocalDay, zonedInstant } from './zone';

export { BUCKET_PARAMS, SEGMENTS, WINDOWS, type BucketParam, type Segment, type WindowName } from '@cbc/contract';
/** The buckets a window can have (realtime's `minute` is not one). */
export type Bucket = Exclude<ResponseBucket, 'minute'>;

export interface ResolvedWindow {
  from: Date;
  to: Date;
  bucket: Bucket;
  /** The reporting zone (IANA) whose days, weeks and months the buckets and calendar windows follow. */
  timeZone: string;
  /**
   * What the window is compared with: for a calendar window the period before it, as far into
   * it as the window reaches into its own (this_month on the 7th at 11:00: the previous month's
   * 1st to its 7th at 11:00, local); otherwise the same span immediately before.
   */
  previous: { from: Date; to: Date };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The bucket that gives a readable series for a span: ~24–90 points. */
export function bucketFor(spanMs: number): Bucket {
  if (spanMs <= 2 * DAY) return 'hour';
  if (spanMs <= 62 * DAY) return 'day';
  if (spanMs <= 200 * DAY) return 'week';
  return 'month';
}

// RFC 3339 date-time with an explicit offset, as the event contract writes it (its pattern is
// not exported, so it is restated here): no lowercase `t`/`z`, no space, no expanded years.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/;
/** A local calendar date: its midnight in the reporting zone. */
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EARLIEST = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 366 * DAY;

/**
 * A strict RFC 3339 instant between 2000-01-01 and a year from now. JavaScript's Date accepts far
 * more (other formats, Feb 30 rolled into March, years before 4713 BC that PostgreSQL refuses),
 * and a metric window outside that range can only be a mistake.
 */
function parseInstant(raw: string, parameter: 'from' | 'to', now: number, zone: string): Date {
  const invalid = () => new AppError(400, 'invalid_parameter', `${parameter} must be a local date (YYYY-MM-DD, midnight in ${zone}) or an RFC 3339 timestamp with an offset, e.g. 2026-01-31T00:00:00Z`, { parameter });
  const d = LOCAL_DATE.exec(raw);
  if (d) {
    const [year, month, day] = d.slice(1).map(Number) as [number, number, number];
    const probe = new Date(Date.UTC(2000, month - 1, day));
    probe.setUTCFullYear(year);
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) throw invalid();
    return inRange(new Date(zonedInstant(zone, year, month, day)), parameter, now);
  }
  const m = RFC3339.exec(raw);
  if (!m) throw invalid();
  const [year, month, day, hour, minute, second, , offH, offM] = m.slice(1).map((g) => Number(g ?? 0));
  // setUTCFullYear, not Date.UTC: the latter reads years 0–99 as 1900–1999.
  const calendar = new Date(0);
  calendar.setUTCFullYear(year!, month! - 1, day!);
  calendar.setUTCHours(hour!, minute!, second!);
  const fieldsHold =
    calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month! - 1 && calendar.getUTCDate() === day &&
    calendar.getUTCHours() === hour && calendar.getUTCMinutes() === minute && calendar.getUTCSeconds() === second &&
    offH! <= 23 && offM! <= 59;
  const at = Date.parse(raw);
  if (!fieldsHold || Number.isNaN(at)) throw invalid();
  return inRange(new Date(at), parameter, now);
}

function inRange(at: Date, parameter: 'from' | 'to', now: number): Date {
  if (at.getTime() < EARLIEST || at.getTime() > now + MAX_AHEAD_MS) {
    throw new AppError(400, 'invalid_parameter', `${parameter} must lie between 2000-01-01 and a year from now`, { parameter });
  }
  return at;
}

const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;
const ceilHour = (ms: number) => Math.ceil(ms / HOUR) * HOUR;

type Calendar = 'day' | 'week' | 'month' | 'year';
/** The calendar windows: the period holding now (up to the end of the current hour), or the one before it, whole. */
const CALENDAR: Partial<Record<WindowName, { unit: Calendar; back: 0 | 1 }>> = {
  today: { unit: 'day', back: 0 },
  yesterday: { unit: 'day', back: 1 },
  this_week: { unit: 'week', back: 0 },
  last_week: { unit: 'week', back: 1 },
  this_month: { unit: 'month', back: 0 },
  last_month: { unit: 'month', back: 1 },
  this_year: { unit: 'year', back: 0 },
};

/** Local midnight starting the day, week (Monday), month or year that holds `at`, `back` periods earlier. */
function periodStart(at: number, unit: Calendar, zone: string, back = 0): number {
  const l = localTime(at, zone);
  if (unit === 'day') return zonedInstant(zone, l.year, l.month, l.day - back);
  if (unit === 'week') {
    const weekday = (new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay() + 6) % 7;
    return zonedInstant(zone, l.year, l.month, l.day - weekday - 7 * back);
  }
  if (unit === 'month') return zonedInstant(zone, l.year, l.month - back, 1);
  return zonedInstant(zone, l.year - back, 1, 1);
}

/**
 * The same local wall time one period earlier. A day of the month the previous month lacks
 * (the 31st, to February) becomes that month's end: the next month's midnight.
 */
function periodEarlier(at: number, unit: Calendar, zone: string): number {
  const l = localTime(at, zone);
  const shift = { day: [0, 0, 1], week: [0, 0, 7], month: [0, 1, 0], year: [1, 0, 0] }[unit];
  const [y, m, d] = [l.year - shift[0]!, l.month - shift[1]!, l.day - shift[2]!];
  const monthEnd = new Date(Date.UTC(y, m, 0));
  if (d > monthEnd.getUTCDate() && unit !== 'day' && unit !== 'week') return zonedInstant(zone, y, m + 1, 1);
  return zonedInstant(zone, y, m, d, l.hour);
}

/**
 * Resolves `window` (or `from`/`to`) into a half-open interval [from, to) on whole UTC hours.
 * The marts' finest grain is the UTC hour, so a window cut mid-hour could only be answered by
 * rounding some hour in or out without saying so; instead the window is widened to whole hours
 * (`from` down, `to` up) and the answer reports the window it counted. A window that runs up to
 * now ends at the end of the current hour, so identical requests within an hour share one cache
 * entry. Calendar windows (today … this_year) and local dates in `from`/`to` are the club's: local
 * midnights in `zone`, whole UTC hours because the zone is (zone.ts refuses others at boot).
 */
export function resolveWindow(q: { window?: string; from?: string; to?: string }, zone: string, now = Date.now()): ResolvedWindow {
  let from: Date;
  let to: Date;
  let previous: { from: Date; to: Date } | undefined;
  if (q.from !== undefined || q.to !== undefined) {
    if (q.window !== undefined) throw new AppError(400, 'invalid_parameter', 'Give either window or from/to, not both');
    if (q.from === undefined) throw new AppError(400, 'invalid_parameter', 'to needs a from', { parameter: 'from' });
    const asked = parseInstant(q.from, 'from', now, zone);
    const until = q.to !== undefined ? parseInstant(q.to, 'to', now, zone) : new Date(now);
    if (until <= asked) throw new AppError(400, 'invalid_parameter', 'to must be after from', { parameter: 'to' });
    if (until.getTime() - asked.getTime() > 400 * DAY) {
      throw new AppError(400, 'invalid_parameter', 'A window may span at most 400 days', { parameter: 'from/to' });
    }
    from = new Date(floorHour(asked.getTime()));
    to = new Date(ceilHour(until.getTime()));
  } else {
    const name = q.window ?? '7d';
    if (!(WINDOWS as readonly string[]).includes(name)) {
      throw new AppError(400, 'invalid_parameter', `Unknown window "${name}"`, { parameter: 'window', allowed: WINDOWS });
    }
    const endOfHour = floorHour(now) + HOUR;
    to = new Date(endOfHour);
    from = new Date(to);
    const calendar = CALENDAR[name as WindowName];
    if (calendar) {
      const { unit, back } = calendar;
      from = new Date(periodStart(now, unit, zone, back));
      if (back) to = new Date(periodStart(now, unit, zone));
      // A whole period is compared with the whole one before; a period so far, with as far into the one before.
      previous = {
        from: new Date(periodStart(from.getTime(), unit, zone, 1)),
        to: back ? from : new Date(Math.min(periodEarlier(to.getTime(), unit, zone), from.getTime())),
      };
    } else {
      switch (name as WindowName) {
        case '24h': from.setTime(to.getTime() - DAY); break;
        case '7d': from.setTime(to.getTime() - 7 * DAY); break;
        case '30d': from.setTime(to.getTime() - 30 * DAY); break;
        case '90d': from.setTime(to.getTime() - 90 * DAY); break;
        case '12m': from.setUTCFullYear(to.getUTCFullYear() - 1); break;
      }
    }
  }
  const span = to.getTime() - from.getTime();
  previous ??= { from: new Date(from.getTime() - span), to: from };
  return { from, to, bucket: bucketFor(span), timeZone: zone, previous };
}

export function parseSegment(raw: string | undefined, allowed: readonly Segment[]): Segment {
  const s = raw ?? 'none';
  if (!(allowed as readonly string[]).includes(s)) {
    throw new AppError(400, 'invalid_parameter', `Segment "${s}" is not available for this metric`, { parameter: 'segment', allowed });
  }
  return s as Segment;
}

/** `bucket`, refused rather than ignored where it cannot apply: realtime is always per minute. */
export function parseBucket(raw: string | undefined, metric?: string): BucketParam | undefined {
  if (raw === undefined) return undefined;
  if (!(BUCKET_PARAMS as readonly string[]).includes(raw)) {
    throw new AppError(400, 'invalid_parameter', `Unknown bucket "${raw}"`, { parameter: 'bucket', allowed: BUCKET_PARAMS });
  }
  if (metric === 'realtime') {
    throw new AppError(400, 'invalid_parameter', 'realtime is always counted per minute; it takes no bucket', { parameter: 'bucket', allowed: [] });
  }
  return raw as BucketParam;
}

/** A series longer than this is not a chart but a table dump: an explicit bucket is refused, auto skips it. */
export const MAX_POINTS = 1000;

/**
 * The start of the bucket holding an instant, as PostgreSQL's date_trunc(bucket, ts, zone)
 * computes it: local midnights, weeks from Monday (ISO), months from the 1st. Hours are UTC
 * hours, which are local hours too in a zone of whole-hour offsets.
 */
export function bucketStart(at: Date, bucket: Bucket, zone: string): Date {
  if (bucket === 'hour') return new Date(floorHour(at.getTime()));
  if (bucket === 'day') return new Date(startOfLocalDay(at.getTime(), zone));
  return new Date(periodStart(at.getTime(), bucket, zone));
}

/** The exclusive end of the bucket that starts at `start`: 23 or 25 hours on a DST change day. */
export function bucketEnd(start: Date, bucket: Bucket, zone: string): Date {
  if (bucket === 'hour') return new Date(start.getTime() + HOUR);
  const l = localTime(start.getTime(), zone);
  if (bucket === 'day') return new Date(zonedInstant(zone, l.year, l.month, l.day + 1));
  if (bucket === 'week') return new Date(zonedInstant(zone, l.year, l.month, l.day + 7));
  return new Date(zonedInstant(zone, l.year, l.month + 1, 1));
}

/** How many buckets of this width the window touches. */
export function pointsIn(w: { from: Date; to: Date; timeZone: string }, bucket: Bucket): number {
  let n = 0;
  for (let b = bucketStart(w.from, bucket, w.timeZone); b < w.to; b = bucketEnd(b, bucket, w.timeZone)) n++;
  return n;
}

/** A bucket the window cuts: it counts only the hours of it inside the window. */
export function isPartial(start: Date, bucket: Bucket, w: { from: Date; to: Date; timeZone: string }): boolean {
  return start < w.from || bucketEnd(start, bucket, w.timeZone) > w.to;
}
