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

export function formatValue(v: CellValue | undefined, kind: ValueKind): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return kind === 'time' ? v : v;
  switch (kind) {
    case 'count':
      return integer.format(v);
    case 'rate':
      return `${oneDecimal.format(v * 100)}%`;
    case 'minutes':
      return v < 90 ? `${oneDecimal.format(v)} min` : `${oneDecimal.format(v / 60)} h`;
    case 'score':
      return twoDecimals.format(v);
    default:
      return String(v);
  }
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Short axis labels: a tick has ~50 px ("1.2K", "40%", "85m", "2.8h"). */
export function formatAxis(v: number, kind: ValueKind): string {
  switch (kind) {
    case 'rate':
      return `${Math.round(v * 100)}%`;
    case 'minutes':
      return v < 90 ? `${Math.round(v)}m` : `${compact.format(v / 60)}h`;
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

const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...o });
const HOUR = fmt({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const MINUTE = fmt({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const DAY = fmt({ day: 'numeric', month: 'short' });
const MONTH = fmt({ month: 'short', year: 'numeric' });

export function formatBucket(iso: string, bucket: Bucket | undefined): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  switch (bucket) {
    case 'minute':
      return MINUTE.format(d);
    case 'hour':
      return HOUR.format(d);
    case 'week':
      return `wk ${DAY.format(d)}`;
    case 'month':
      return MONTH.format(d);
    default:
      return DAY.format(d);
  }
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

/** `hotel_guest` → `Hotel guest`; short codes (languages) upper-case. */
export function humanize(value: string): string {
  if (/^[a-z]{2}(-[a-z]{2})?$/i.test(value)) return value.toUpperCase();
  const s = value.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
