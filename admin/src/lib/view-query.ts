import { FILTERS, type FilterName, type Segment, type WindowName } from '@cbc/contract/metric-vocabulary';

// The view's shape and how it is written into a URL. Browser-safe (the period picker, the
// filter chips and the nav links run in the browser); reading a URL back, which checks filter
// values against the contract's schemas, is `parseView` in view.ts, on the server.

/** A custom range of the club's days (YYYY-MM-DD), both ends included: what the picker shows. */
export interface DayRange {
  from: string;
  to: string;
}

/** The filters of the metrics API, as the URL carries them (`?query=spa+hours&channel=web`). */
export type ViewFilters = Partial<Record<FilterName, string>>;

/** What a dashboard page shows: a period, a segment, the comparison and the drill-down filters. */
export interface ViewParams {
  window: WindowName;
  /** Replaces `window` when set. */
  range?: DayRange;
  segment: Segment;
  compare: boolean;
  filters: ViewFilters;
}

export const WINDOW_LABELS: Record<WindowName, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '12m': 'Last 12 months',
  today: 'Today',
  yesterday: 'Yesterday',
  this_week: 'This week',
  last_week: 'Last week',
  this_month: 'This month',
  last_month: 'Last month',
  this_year: 'This year',
};

/** The order the period picker lists them in: calendar days and weeks first, then longer spans. */
export const PERIOD_CHOICES: readonly WindowName[] = ['today', 'yesterday', '24h', '7d', 'this_week', 'last_week', '30d', 'this_month', 'last_month', '90d', 'this_year', '12m'];

export const SEGMENT_LABELS: Record<Segment, string> = {
  none: 'No segment',
  guest_type: 'Guest type',
  channel: 'Channel',
  language: 'Language',
  service_type: 'Service type',
};

export const FILTER_LABELS: Record<FilterName, string> = {
  guest_type: 'Guest type',
  channel: 'Channel',
  language: 'Language',
  page: 'Page',
  query: 'Search query',
  faq_id: 'FAQ',
  service_type: 'Service type',
};

export const DEFAULT_VIEW: ViewParams = { window: '7d', segment: 'none', compare: false, filters: {} };

/**
 * The query string of a view; window and segment always written so a copied URL says exactly
 * what it shows. A custom range is written instead of the window (both ends included, as the
 * picker showed them), filters in the contract's order so equal views have equal URLs.
 */
export function viewQuery(v: ViewParams): string {
  const q = new URLSearchParams();
  if (v.range) {
    q.set('from', v.range.from);
    q.set('to', v.range.to);
  } else q.set('window', v.window);
  q.set('segment', v.segment);
  if (v.compare) q.set('compare', '1');
  for (const f of FILTERS) {
    const value = v.filters[f];
    if (value !== undefined) q.set(f, value);
  }
  return q.toString();
}

/** The view with one more filter (a drill-down), or with one removed (a chip's ×). */
export function withFilter(v: ViewParams, name: FilterName, value: string | undefined): ViewParams {
  const filters = { ...v.filters };
  if (value === undefined) delete filters[name];
  else filters[name] = value;
  return { ...v, filters };
}

/** The URL parameters that make up a view: the nav links carry these from page to page. */
export const VIEW_PARAMS: readonly string[] = ['window', 'from', 'to', 'segment', 'compare', ...FILTERS];

/** Calendar arithmetic on YYYY-MM-DD strings (no time zone: these are the club's day names). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 7 March 2026 → "7 Mar 2026" (fixed locale, as every date on the pages). */
export function formatDay(day: string, withYear = true): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** What the period picker's button says. */
export function periodLabel(v: Pick<ViewParams, 'window' | 'range'>): string {
  if (!v.range) return WINDOW_LABELS[v.window];
  if (v.range.from === v.range.to) return formatDay(v.range.from);
  return `${formatDay(v.range.from, v.range.from.slice(0, 4) !== v.range.to.slice(0, 4))} – ${formatDay(v.range.to)}`;
}
