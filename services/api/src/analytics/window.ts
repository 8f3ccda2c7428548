import { BUCKET_PARAMS, WINDOWS, type BucketParam, type Bucket as ResponseBucket, type Segment, type WindowName } from '@cbc/contract';
import { AppError } from '../errors';

export { BUCKET_PARAMS, SEGMENTS, WINDOWS, type BucketParam, type Segment, type WindowName } from '@cbc/contract';
/** The buckets a window can have (realtime's `minute` is not one). */
export type Bucket = Exclude<ResponseBucket, 'minute'>;

export interface ResolvedWindow {
  from: Date;
  to: Date;
  bucket: Bucket;
  /** The same span immediately before, for comparison. */
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
const EARLIEST = Date.UTC(2000, 0, 1);
const MAX_AHEAD_MS = 366 * DAY;

/**
 * A strict RFC 3339 instant between 2000-01-01 and a year from now. JavaScript's Date accepts far
 * more (other formats, Feb 30 rolled into March, years before 4713 BC that PostgreSQL refuses),
 * and a metric window outside that range can only be a mistake.
 */
function parseInstant(raw: string, parameter: 'from' | 'to', now: number): Date {
  const invalid = () => new AppError(400, 'invalid_parameter', `${parameter} must be an RFC 3339 timestamp with an offset, e.g. 2026-01-31T00:00:00Z`, { parameter });
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
  if (at < EARLIEST || at > now + MAX_AHEAD_MS) {
    throw new AppError(400, 'invalid_parameter', `${parameter} must lie between 2000-01-01 and a year from now`, { parameter });
  }
  return new Date(at);
}

const floorHour = (ms: number) => Math.floor(ms / HOUR) * HOUR;
const ceilHour = (ms: number) => Math.ceil(ms / HOUR) * HOUR;

/**
 * Resolves `window` (or `from`/`to`) into a half-open interval [from, to) on whole UTC hours.
 * The marts' finest grain is the UTC hour, so a window cut mid-hour could only be answered by
 * rounding some hour in or out without saying so; instead the window is widened to whole hours
 * (`from` down, `to` up) and the answer reports the window it counted. A named window ends at
 * the end of the current hour, so identical requests within an hour share one cache entry.
 */
export function resolveWindow(q: { window?: string; from?: string; to?: string }, now = Date.now()): ResolvedWindow {
  let from: Date;
  let to: Date;
  if (q.from !== undefined || q.to !== undefined) {
    if (q.window !== undefined) throw new AppError(400, 'invalid_parameter', 'Give either window or from/to, not both');
    if (q.from === undefined) throw new AppError(400, 'invalid_parameter', 'to needs a from', { parameter: 'from' });
    const asked = parseInstant(q.from, 'from', now);
    const until = q.to !== undefined ? parseInstant(q.to, 'to', now) : new Date(now);
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
    to = new Date(floorHour(now) + HOUR);
    from = new Date(to);
    switch (name as WindowName) {
      case '24h': from.setTime(to.getTime() - DAY); break;
      case '7d': from.setTime(to.getTime() - 7 * DAY); break;
      case '30d': from.setTime(to.getTime() - 30 * DAY); break;
      case '90d': from.setTime(to.getTime() - 90 * DAY); break;
      case '12m': from.setUTCFullYear(to.getUTCFullYear() - 1); break;
    }
  }
  const span = to.getTime() - from.getTime();
  return { from, to, bucket: bucketFor(span), previous: { from: new Date(from.getTime() - span), to: from } };
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
 * The start of the bucket holding an instant, as PostgreSQL's date_trunc computes it in the
 * sessions' UTC: weeks start on Monday (ISO), months on the 1st.
 */
export function bucketStart(at: Date, bucket: Bucket): Date {
  const d = new Date(at);
  if (bucket === 'hour') return new Date(floorHour(d.getTime()));
  d.setUTCHours(0, 0, 0, 0);
  if (bucket === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (bucket === 'month') d.setUTCDate(1);
  return d;
}

/** The exclusive end of the bucket that starts at `start`. */
export function bucketEnd(start: Date, bucket: Bucket): Date {
  const d = new Date(start);
  if (bucket === 'hour') d.setTime(d.getTime() + HOUR);
  else if (bucket === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}

/** How many buckets of this width the window touches. */
export function pointsIn(w: { from: Date; to: Date }, bucket: Bucket): number {
  let n = 0;
  for (let b = bucketStart(w.from, bucket); b < w.to; b = bucketEnd(b, bucket)) n++;
  return n;
}

/** A bucket the window cuts: it counts only the hours of it inside the window. */
export function isPartial(start: Date, bucket: Bucket, w: { from: Date; to: Date }): boolean {
  return start < w.from || bucketEnd(start, bucket) > w.to;
}
