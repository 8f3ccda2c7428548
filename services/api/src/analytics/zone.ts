/**
 * The club's calendar: the reporting time zone (REPORTING_TIME_ZONE, an IANA name) in which every
 * metric day, week and month is cut. The one home of local-calendar arithmetic in the API; the
 * queries do the same cutting in PostgreSQL with date_trunc's zone argument.
 */
export const DEFAULT_REPORTING_TIME_ZONE = 'Atlantic/Bermuda';

const HOUR = 3_600_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(zone, f);
  }
  return f;
}

/** A wall-clock reading in the zone; month is 1–12. */
export interface LocalTime { year: number; month: number; day: number; hour: number; minute: number; second: number }

export function localTime(at: number, zone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of format(zone).formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The zone's offset from UTC at an instant, in ms (Bermuda: −4 h, −3 h in summer). */
export function offsetAt(at: number, zone: string): number {
  const l = localTime(Math.floor(at / 1000) * 1000, zone);
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant of a local wall-clock time. Date.UTC normalizes overflowing fields, so day 0 or
 * month 13 roll over as a calendar would. A time a DST change repeats resolves to its first
 * occurrence; one it skips, to the instant the gap's length later (as Temporal's "compatible"
 * does). Bermuda changes at 02:00, so its midnights always exist, once.
 */
export function zonedInstant(zone: string, year: number, month: number, day: number, hour = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  // The offsets in force a day either side are the only ones a wall time near them can have.
  const earlier = offsetAt(wall - 24 * HOUR, zone);
  const later = offsetAt(wall + 24 * HOUR, zone);
  const valid = [wall - earlier, wall - later].filter((t) => offsetAt(t, zone) === wall - t);
  return valid.length ? Math.min(...valid) : wall - earlier;
}

/** Local midnight starting the day that holds `at`. */
export function startOfLocalDay(at: number, zone: string): number {
  const l = localTime(at, zone);
  return zonedInstant(zone, l.year, l.month, l.day);
}

/**
 * Why an IANA name cannot be the reporting zone, or null when it can. The marts' finest grain is
 * the UTC hour, so a local day can only be cut from hour rows if the zone's offset is a whole
 * number of hours at every instant the data may cover (checked weekly from 2000 to two years on).
 */
export function timeZoneProblem(zone: string, now = Date.now()): string | null {
  try {
    format(zone);
  } catch {
    return `"${zone}" is not an IANA time zone this runtime knows (e.g. Atlantic/Bermuda)`;
  }
  const end = now + 2 * 366 * 24 * HOUR;
  for (let t = Date.UTC(2000, 0, 1); t < end; t += 7 * 24 * HOUR) {
    if (offsetAt(t, zone) % HOUR !== 0) {
      return `"${zone}" is not a whole number of hours from UTC on ${new Date(t).toISOString().slice(0, 10)}; metric days are cut from UTC-hour rows`;
    }
  }
  return null;
}
