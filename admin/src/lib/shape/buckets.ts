import type { Bucket } from '@cbc/contract';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The wall-clock reading of an instant in a zone, as if it were UTC (ms). */
function wall(at: number, zone: string): number {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
}

/** The first instant showing a wall-clock reading (the API's zones change offset away from midnight). */
function instant(wallMs: number, zone: string): number {
  const candidates = [wall(wallMs - DAY, zone) - (wallMs - DAY), wall(wallMs + DAY, zone) - (wallMs + DAY)].map((offset) => wallMs - offset);
  const valid = candidates.filter((t) => wall(t, zone) === wallMs);
  return Math.min(...(valid.length ? valid : candidates));
}

/**
 * Start of every bucket that overlaps [from, to), as ISO strings, the way the API's
 * date_trunc(bucket, ts, time_zone) labels them: minutes and hours as UTC ones, days from local
 * midnight in the window's time zone, weeks from Monday, months from the 1st. The API returns only
 * buckets that hold rows; this sequence lets the dashboard show the empty ones as true zeros
 * instead of silently joining the points on either side.
 */
export function bucketStarts(fromIso: string, toIso: string, bucket: Bucket, timeZone = 'UTC', max = 1000): string[] {
  const to = new Date(toIso).getTime();
  const from = new Date(fromIso).getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) return [];
  const out: string[] = [];
  if (bucket === 'minute' || bucket === 'hour') {
    const step = bucket === 'minute' ? 60_000 : HOUR;
    for (let t = Math.floor(from / step) * step; t < to && out.length < max; t += step) out.push(new Date(t).toISOString());
    return out;
  }
  // Step the local calendar (as UTC fields), then read each local midnight back as an instant.
  const d = new Date(wall(from, timeZone));
  d.setUTCHours(0, 0, 0, 0);
  if (bucket === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  if (bucket === 'month') d.setUTCDate(1);
  for (let t = instant(d.getTime(), timeZone); t < to && out.length < max; t = instant(d.getTime(), timeZone)) {
    out.push(new Date(t).toISOString());
    if (bucket === 'day') d.setUTCDate(d.getUTCDate() + 1);
    else if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** Normalises any timestamp string to the ISO form used as a row key. */
export function isoKey(s: string): string {
  const t = new Date(s);
  return Number.isNaN(t.getTime()) ? s : t.toISOString();
}
