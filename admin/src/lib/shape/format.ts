import type { Bucket } from '@cbc/contract';
import type { CellValue, ValueKind } from './table';

// Fixed locale and time zone: the server renders and the browser hydrates the same text, and
// staff in different places read the same buckets (the API buckets in UTC).
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** How a withheld value reads everywhere: never a zero, never a dash that looks like one. */
export function suppressedText(minGroupSize: number): string {
  return `fewer than ${minGroupSize} guests`;
}

/** A withheld figure standing alone (a chart's withheld bucket, the live panel's active guests). */
export function withheldText(minGroupSize: number): string {
  return `Withheld (${suppressedText(minGroupSize)})`;
}

export function formatValue(v: CellValue | undefined, kind: ValueKind): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return kind === 'time' ? v : v;
  switch (kind) {
    case 'count':
      return integer.format(v);
    case 'rate':
      return `${oneDecimal.format(v * 100)}%`;
    case 'minutes':
      return hoursFrom(v) ? `${oneDecimal.format(v / 60)} h` : `${oneDecimal.format(v)} min`;
    case 'score':
      return `${twoDecimals.format(v)} / ${SCORE_MAX}`;
    default:
      return String(v);
  }
}

/** CSAT is rated 1–5 (the contract): every score reads against its scale. */
export const SCORE_MAX = 5;

/**
 * The one rule for durations, on cards, in tables, tooltips and axes: minutes below 90, hours
 * from 90 on. An axis takes the unit of its largest tick, so one axis never mixes the two.
 */
export const hoursFrom = (minutes: number) => minutes >= 90;

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Short axis labels: a tick has ~50 px ("1.2K", "40%", "85 min", "2.8 h"); `top` is the axis's largest tick. */
export function formatAxis(v: number, kind: ValueKind, top = v): string {
  switch (kind) {
    case 'rate':
      return `${Math.round(v * 100)}%`;
    case 'minutes':
      return hoursFrom(top) ? `${compact.format(v / 60)} h` : `${Math.round(v)} min`;
    case 'score':
      return compact.format(v);
    default:
      return compact.format(v);
  }
}

/** The text of one table cell, withheld cells included. */
export function displayCell(v: CellValue | undefined, kind: ValueKind, suppressed: boolean, minGroupSize: number): string {
  return suppressed ? suppressedText(minGroupSize) : formatValue(v, kind);
}

const fmt = (o: Intl.DateTimeFormatOptions, timeZone = 'UTC') => new Intl.DateTimeFormat('en-GB', { timeZone, ...o });
const BUCKET_FORMATS = {
  hour: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  minute: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { day: 'numeric', month: 'short' },
  month: { month: 'short', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();
function bucketFormat(kind: keyof typeof BUCKET_FORMATS, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = fmt(BUCKET_FORMATS[kind], timeZone)));
  return f;
}

/**
 * A bucket's start as the page shows it. In the answer's time zone when given (a day bucket
 * starts at local midnight, which is 03:00 or 04:00 UTC in Bermuda; an hour is read on the
 * club's clock); UTC otherwise.
 */
export function formatBucket(iso: string, bucket: Bucket | undefined, timeZone = 'UTC'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  switch (bucket) {
    case 'minute':
      return bucketFormat('minute', timeZone).format(d);
    case 'hour':
      return bucketFormat('hour', timeZone).format(d);
    case 'week':
      return `wk ${bucketFormat('day', timeZone).format(d)}`;
    case 'month':
      return bucketFormat('month', timeZone).format(d);
    default:
      return bucketFormat('day', timeZone).format(d);
  }
}

/** `UTC−4` (a real minus sign), from an instant's offset in a zone. */
function utcOffset(at: number, timeZone: string): string {
  const key = `offset|${timeZone}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })));
  const part = f.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = part.replace(/^GMT/, '');
  return offset && offset !== '+0' ? `UTC${offset.replace('-', '−')}` : 'UTC';
}

/**
 * "Times in Atlantic/Bermuda (UTC−4)": the zone the page's days and hours are read in, with its
 * offset over the window (both when the window crosses a clock change: "UTC−4 and UTC−3").
 */
export function zoneLabel(timeZone: string, from: string, to: string): string {
  const start = Date.parse(from);
  const end = Date.parse(to) - 1;
  const offsets = [...new Set([start, end].filter((t) => !Number.isNaN(t)).map((t) => utcOffset(t, timeZone)))];
  // A window can hold a change and its reversal (a year): name every offset seen at any day's start.
  if (!Number.isNaN(start) && !Number.isNaN(end)) {
    for (let t = start; t < end; t += 86_400_000) {
      const o = utcOffset(t, timeZone);
      if (!offsets.includes(o)) offsets.push(o);
    }
  }
  return `Times in ${timeZone} (${offsets.join(' and ')})`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${fmt({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)} UTC`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${oneDecimal.format(seconds)} s`;
  if (seconds < 3600) return `${oneDecimal.format(seconds / 60)} min`;
  return `${oneDecimal.format(seconds / 3600)} h`;
}

// Controls, format characters (zero-width, bidi overrides), separators other than the space,
// surrogate halves, private-use and unassigned code points: invisible or a tofu box (▯) when
// drawn, and a bidi override can make text read backwards. Stored text is shown, never hidden.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;

/** Text from the data as it may be drawn: invisible characters spelled out (`\u0007`). */
export function displayText(value: string): string {
  return value.replace(INVISIBLE, (ch) => {
    const cp = ch.codePointAt(0)!;
    const hex = cp.toString(16).toUpperCase();
    return cp > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
  });
}

/** `faq-pool-hours` → `Pool hours`: the readable name of an FAQ when the data has no title. */
export function faqTitle(id: string): string {
  return humanize(id.replace(/^faq[-_]/i, '').replace(/-/g, ' '));
}

/** How an FAQ reads: the title staff gave it in the catalogue, else its humanised id (an id the catalogue does not list yet). */
export function faqLabel(id: string, title: unknown): string {
  return typeof title === 'string' && title.trim() !== '' ? title : faqTitle(id);
}

/** `hotel_guest` → `Hotel guest`; short codes (languages) upper-case. */
export function humanize(value: string): string {
  if (/^[a-z]{2}(-[a-z]{2})?$/i.test(value)) return value.toUpperCase();
  const s = value.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
