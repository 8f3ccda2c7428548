import type { Pool } from 'pg';
import type { MetricType } from './catalogue';
import { queryCells, type Cell } from './cells';
import type { MetricFilters } from './filters';
import { AppError } from '../errors';
import { MAX_POINTS, pointsIn, type Bucket, type BucketParam, type ResolvedWindow, type Segment } from './window';

const WIDTHS: readonly Bucket[] = ['hour', 'day', 'week', 'month'];
/** auto takes the finest width where at least this share of the non-empty cells reach k. */
export const AUTO_SHOWN_SHARE = 0.5;

export interface SeriesChoice {
  bucket: Bucket;
  requested?: BucketParam;
  reason?: string;
  /** The series of the chosen width when choosing it meant reading it. */
  series?: Cell[];
}

/**
 * The width of the series. Without `bucket` it follows the span (resolveWindow). An explicit width
 * is taken as asked unless it gives more than MAX_POINTS points. `auto` reads the series of each
 * width from the finest up, with the request's segment and filters, and takes the first where at
 * least half of the non-empty cells have k distinct guests (exact per width: distinct guests do
 * not add up, so a coarser width is counted, never derived); when none does, the coarsest.
 */
export async function chooseSeries(
  pool: Pool,
  type: MetricType,
  w: ResolvedWindow,
  opts: { segment: Segment; filters: MetricFilters; k: number; requested?: BucketParam },
): Promise<SeriesChoice> {
  const { requested } = opts;
  if (!requested) return { bucket: w.bucket };
  if (requested !== 'auto') {
    const points = pointsIn(w, requested);
    if (points > MAX_POINTS) {
      throw new AppError(400, 'invalid_parameter', `bucket=${requested} gives ${points} points over this window; at most ${MAX_POINTS}`, { parameter: 'bucket' });
    }
    return { bucket: requested, requested, reason: 'requested' };
  }
  const tried: string[] = [];
  let last: { bucket: Bucket; series: Cell[] } | undefined;
  for (const bucket of WIDTHS) {
    const points = pointsIn(w, bucket);
    if (points > MAX_POINTS) {
      tried.push(`${bucket}: over ${MAX_POINTS} points`);
      continue;
    }
    const series = await queryCells(pool, type, w, { bucket, segment: opts.segment, filters: opts.filters, timeZone: w.timeZone });
    last = { bucket, series };
    if (series.length === 0) {
      // No activity: every width is empty, so the finest is as good as any.
      return { bucket, requested, reason: `${[...tried, `${bucket}: no activity`].join('; ')}`, series };
    }
    const shown = series.filter((c) => c.guests >= opts.k).length;
    tried.push(`${bucket}: ${shown} of ${series.length} cells reach ${opts.k} guests`);
    if (shown >= AUTO_SHOWN_SHARE * series.length) return { bucket, requested, reason: tried.join('; '), series };
  }
  return { bucket: last!.bucket, requested, reason: `${tried.join('; ')}; none reaches half, so the coarsest`, series: last!.series };
}
