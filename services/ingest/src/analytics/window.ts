import { AppError } from '../errors';

export const WINDOWS = ['24h', '7d', '30d', '90d', '12m'] as const;
export type WindowName = (typeof WINDOWS)[number];
export const SEGMENTS = ['none', 'guest_type', 'channel', 'language', 'service_type'] as const;
export type Segment = (typeof SEGMENTS)[number];
export type Bucket = 'hour' | 'day' | 'week' | 'month';

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

/**
 * Resolves `window` (or `from`/`to`) into a half-open interval [from, to). `to` is `now` cut to
 * the minute, so identical requests within a minute share one cache entry.
 */
export function resolveWindow(q: { window?: string; from?: string; to?: string }, now = Date.now()): ResolvedWindow {
  let from: Date;
  let to: Date;
  if (q.from !== undefined || q.to !== undefined) {
    if (q.window !== undefined) throw new AppError(400, 'invalid_parameter', 'Give either window or from/to, not both');
    from = new Date(q.from ?? '');
    to = q.to !== undefined ? new Date(q.to) : new Date(Math.floor(now / 60_000) * 60_000);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      throw new AppError(400, 'invalid_parameter', 'from and to must be RFC 3339 timestamps', { parameter: 'from/to' });
    }
    if (to <= from) throw new AppError(400, 'invalid_parameter', 'to must be after from', { parameter: 'to' });
    if (to.getTime() - from.getTime() > 400 * DAY) {
      throw new AppError(400, 'invalid_parameter', 'A window may span at most 400 days', { parameter: 'from/to' });
    }
  } else {
    const name = q.window ?? '7d';
    if (!(WINDOWS as readonly string[]).includes(name)) {
      throw new AppError(400, 'invalid_parameter', `Unknown window "${name}"`, { parameter: 'window', allowed: WINDOWS });
    }
    to = new Date(Math.floor(now / 60_000) * 60_000);
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
