import type { Bucket } from '@cbc/contract';

/**
 * Start of every bucket that overlaps [from, to), as ISO strings, the way the API's
 * date_trunc() labels them (UTC; weeks start on Monday). The API returns only buckets that hold
 * rows; this sequence lets the dashboard show the empty ones as true zeros instead of
 * silently joining the points on either side.
 */
export function bucketStarts(fromIso: string, toIso: string, bucket: Bucket, max = 1000): string[] {
  const to = new Date(toIso).getTime();
  const d = new Date(fromIso);
  if (Number.isNaN(d.getTime()) || Number.isNaN(to)) return [];
  switch (bucket) {
    case 'minute':
      d.setUTCSeconds(0, 0);
      break;
    case 'hour':
      d.setUTCMinutes(0, 0, 0);
      break;
    case 'day':
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'week':
      d.setUTCHours(0, 0, 0, 0);
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      break;
    case 'month':
      d.setUTCHours(0, 0, 0, 0);
      d.setUTCDate(1);
      break;
  }
  const out: string[] = [];
  while (d.getTime() < to && out.length < max) {
    out.push(d.toISOString());
    switch (bucket) {
      case 'minute':
        d.setUTCMinutes(d.getUTCMinutes() + 1);
        break;
      case 'hour':
        d.setUTCHours(d.getUTCHours() + 1);
        break;
      case 'day':
        d.setUTCDate(d.getUTCDate() + 1);
        break;
      case 'week':
        d.setUTCDate(d.getUTCDate() + 7);
        break;
      case 'month':
        d.setUTCMonth(d.getUTCMonth() + 1);
        break;
    }
  }
  return out;
}

/** Normalises any timestamp string to the ISO form used as a row key. */
export function isoKey(s: string): string {
  const t = new Date(s);
  return Number.isNaN(t.getTime()) ? s : t.toISOString();
}
