import 'server-only';
import { cache } from 'react';
import { getMetric, getOperations, getPreviousPeriod, type MetricQuery } from '../api';
import { METRIC_FILTERS, type AnalyticsMetric, type FilterName, type MetricFilters, type MetricResponse } from '@cbc/contract';
import { addDays, type ViewParams } from '@/lib/view-query';
import type { ChartTable } from '../shape/table';
import { chartDefinition, type ChartDefinition, type MetricInput } from './definitions';

// Per request, each API answer is fetched once however many charts and cards use it (the key
// is the query as text: React's cache compares arguments by identity).
const metric = cache(<T extends AnalyticsMetric>(type: T, query: string) => getMetric(type, JSON.parse(query) as MetricQuery));
const previous = cache(<T extends AnalyticsMetric>(type: T, current: MetricResponse<T>) => getPreviousPeriod(type, current));
export const operations = cache(() => getOperations());

/** The view's filters this metric can honour; the API refuses the others (400), never ignores them. */
export function appliedFilters(type: AnalyticsMetric, view: ViewParams): MetricFilters {
  const accepted: readonly FilterName[] = METRIC_FILTERS[type];
  return Object.fromEntries(Object.entries(view.filters).filter(([f]) => accepted.includes(f as FilterName))) as MetricFilters;
}

/** The view's filters this metric has no dimension for: its charts say so instead of pretending. */
export function unappliedFilters(type: AnalyticsMetric, view: ViewParams): FilterName[] {
  const accepted: readonly FilterName[] = METRIC_FILTERS[type];
  return (Object.keys(view.filters) as FilterName[]).filter((f) => !accepted.includes(f));
}

/**
 * The API query of a view. A custom range's last day is included on the page, so `to` is the
 * day after (the API's `to` is exclusive); both are the club's days, cut by the API in its time
 * zone. `bucket=auto`: the finest width at which most cells are not withheld, so a slice too
 * thin for daily values still draws weekly ones instead of a row of gaps.
 */
export function metricQuery(type: AnalyticsMetric, view: ViewParams): MetricQuery {
  return {
    ...(view.range ? { from: view.range.from, to: addDays(view.range.to, 1) } : { window: view.window }),
    segment: view.segment,
    bucket: 'auto',
    filters: appliedFilters(type, view),
  };
}

/**
 * A page's data for one metric: the period as chosen, plus — when comparing — the previous
 * period (unsegmented: one line per segment and period would be unreadable). Extras and
 * totals never depend on the segment, so the segmented answer serves both.
 */
export async function metricInput<T extends AnalyticsMetric>(type: T, view: ViewParams): Promise<MetricInput<T>> {
  const current = (await metric(type, JSON.stringify(metricQuery(type, view)))) as MetricResponse<T>;
  if (!view.compare || view.segment !== 'none') return { current };
  return { current, previous: await previous(type, current) };
}

/** The table of one chart for a view: what the page drew, rebuilt (the CSV route). */
export async function chartTable(def: ChartDefinition, view: ViewParams): Promise<ChartTable> {
  if (def.source === 'operations') return def.build(await operations());
  const input = await metricInput(def.metric, def.trend ? view : { ...view, segment: 'none', compare: false });
  return def.build(input);
}

export { chartDefinition };
