import 'server-only';
import { cache } from 'react';
import { getMetric, getOperations, getPreviousPeriod } from '../api';
import type { AnalyticsMetric, MetricResponse, Segment, WindowName } from '@cbc/contract';
import type { ViewParams } from '@/lib/view';
import type { ChartTable } from '../shape/table';
import { chartDefinition, type ChartDefinition, type MetricInput } from './definitions';

// Per request, each API answer is fetched once however many charts and cards use it.
const metric = cache(<T extends AnalyticsMetric>(type: T, window: WindowName, segment: Segment) => getMetric(type, { window, segment }));
const previous = cache(<T extends AnalyticsMetric>(type: T, current: MetricResponse<T>) => getPreviousPeriod(type, current));
export const operations = cache(() => getOperations());

/**
 * A page's data for one metric: the window as chosen, plus — when comparing — the previous
 * period (unsegmented: one line per segment and period would be unreadable). Extras and
 * totals never depend on the segment, so the segmented answer serves both.
 */
export async function metricInput<T extends AnalyticsMetric>(type: T, view: ViewParams): Promise<MetricInput<T>> {
  const current = await metric(type, view.window, view.segment);
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
