import { METRIC_SEGMENTS, SEGMENTS, WINDOWS, type MetricType, type Segment, type WindowName } from '@cbc/contract/metric-vocabulary';

/** What a dashboard page shows: the API's window and segment, and whether to overlay the previous period. */
export interface ViewParams {
  window: WindowName;
  segment: Segment;
  compare: boolean;
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
export const SEGMENT_LABELS: Record<Segment, string> = {
  none: 'No segment',
  guest_type: 'Guest type',
  channel: 'Channel',
  language: 'Language',
  service_type: 'Service type',
};

export const DEFAULT_VIEW: ViewParams = { window: '7d', segment: 'none', compare: false };

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function one(p: Params, name: string): string | undefined {
  const v = p instanceof URLSearchParams ? p.get(name) ?? undefined : p[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The view controls live in the URL (?window=30d&segment=channel&compare=1) so a view can be
 * shared. Anything unknown falls back to the default rather than erroring: a stale link
 * still opens, and the value never reaches the API unchecked.
 */
export function parseView(p: Params, metric?: MetricType): ViewParams {
  const w = one(p, 'window');
  const s = one(p, 'segment');
  const allowed: readonly Segment[] = metric ? METRIC_SEGMENTS[metric] : SEGMENTS;
  return {
    window: (WINDOWS as readonly string[]).includes(w ?? '') ? (w as WindowName) : DEFAULT_VIEW.window,
    segment: (allowed as readonly string[]).includes(s ?? '') ? (s as Segment) : DEFAULT_VIEW.segment,
    compare: one(p, 'compare') === '1',
  };
}

/** The query string of a view; defaults included so a copied URL says exactly what it shows. */
export function viewQuery(v: ViewParams): string {
  const q = new URLSearchParams({ window: v.window, segment: v.segment });
  if (v.compare) q.set('compare', '1');
  return q.toString();
}

/** What Next hands a page as `searchParams`. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
