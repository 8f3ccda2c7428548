import { Value } from 'typebox/value';
import { FILTER_VALUES } from '@cbc/contract';
import { FILTERS, METRIC_SEGMENTS, SEGMENTS, WINDOWS, type FilterName, type MetricType, type Segment, type WindowName } from '@cbc/contract/metric-vocabulary';
import { DEFAULT_VIEW, FILTER_LABELS, WINDOW_LABELS, type DayRange, type ViewFilters, type ViewParams } from './view-query';

export * from './view-query';

/** A view read from a URL, with what could not be honoured said in words (shown above the charts). */
export interface ParsedView extends ViewParams {
  problems: string[];
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function one(p: Params, name: string): string | undefined {
  const v = p instanceof URLSearchParams ? p.get(name) ?? undefined : p[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The API's limits on `from`/`to` (docs/analytics.md): not before 2000, at most 400 days. */
const EARLIEST = '2000-01-01';
const MAX_DAYS = 400;

/** Quoted for a message, cut short: a URL is anyone's text. */
const quote = (s: string) => `“${s.length > 40 ? `${s.slice(0, 39)}…` : s}”`;

function isDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** A custom range, or why it cannot be shown. */
function parseRange(from: string | undefined, to: string | undefined): { range?: DayRange; problem?: string } {
  if (from === undefined && to === undefined) return {};
  if (from === undefined || to === undefined) return { problem: 'A custom range needs both a first day (from) and a last day (to).' };
  for (const [name, day] of [['from', from], ['to', to]] as const) {
    if (!isDay(day)) return { problem: `The custom range’s ${name} ${quote(day)} is not a calendar day written YYYY-MM-DD.` };
  }
  if (from < EARLIEST) return { problem: `The custom range starts on ${from}; the dashboard holds nothing before ${EARLIEST}.` };
  if (to < from) return { problem: `The custom range ends (${to}) before it starts (${from}).` };
  if (daysBetween(from, to) + 1 > MAX_DAYS) return { problem: `The custom range ${from} to ${to} is longer than ${MAX_DAYS} days.` };
  return { range: { from, to } };
}

/**
 * The view of a URL. `from`/`to` (club days, both included) are honoured as given and replace
 * the window; a segment the page's metric does not offer becomes "none"; filters are checked
 * against the contract's own schemas, so a value never reaches the API unchecked. Anything that
 * cannot be honoured is left out and named in `problems`, never a crash: a stale or mistyped
 * link still opens, and says what it could not show.
 */
export function parseView(p: Params, metric?: MetricType): ParsedView {
  const problems: string[] = [];
  const w = one(p, 'window');
  const s = one(p, 'segment');
  const { range, problem } = parseRange(one(p, 'from'), one(p, 'to'));
  if (problem) problems.push(problem);
  let window: WindowName = DEFAULT_VIEW.window;
  if ((WINDOWS as readonly string[]).includes(w ?? '')) window = w as WindowName;
  // A valid range replaces the window, so a stray window beside it costs nothing.
  else if (w !== undefined && !range) problems.push(`The period ${quote(w)} is not one the dashboard knows.`);
  if (problems.length && !range) problems.push(`Showing ${WINDOW_LABELS[window].toLowerCase()} instead.`);

  const filters: ViewFilters = {};
  for (const f of FILTERS) {
    const v = one(p, f);
    if (v === undefined) continue;
    if (isFilterValue(f, v)) filters[f] = v;
    else problems.push(`${quote(v)} is not a valid ${FILTER_LABELS[f].toLowerCase()} filter; the pages are shown without it.`);
  }

  const allowed: readonly Segment[] = metric ? METRIC_SEGMENTS[metric] : SEGMENTS;
  return {
    window,
    ...(range ? { range } : {}),
    segment: (allowed as readonly string[]).includes(s ?? '') ? (s as Segment) : DEFAULT_VIEW.segment,
    compare: one(p, 'compare') === '1',
    filters,
    problems,
  };
}

/** What Next hands a page as `searchParams`. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Whether a value may be a filter's (the contract's schema): drill-down links are made only for these. */
export function isFilterValue(name: FilterName, value: string): boolean {
  return Value.Check(FILTER_VALUES[name], value);
}
