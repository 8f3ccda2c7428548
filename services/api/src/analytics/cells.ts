import type { Pool } from 'pg';
import { METRICS, type MetricType } from './catalogue';
import type { Bucket, ResolvedWindow, Segment } from './window';

/** One aggregated cell: a bucket × segment value, its measures and its distinct guests. */
export interface Cell {
  bucket: string | null;
  segment_value: string | null;
  guests: number;
  values: Record<string, number>;
}

const BUCKETS: readonly Bucket[] = ['hour', 'day', 'week', 'month'];

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * The parameters of a metric's query (sql/README.md), checked here: the bucket against the
 * closed list and the segment against the metric's own segments, so each query's CASE only ever
 * sees a value it maps to a column.
 */
export function metricParams(type: MetricType, range: { from: Date; to: Date }, opts: { bucket: Bucket | null; segment: Segment }) {
  const def = METRICS[type];
  if (!def.query) throw new Error(`${type} has no query`);
  if (opts.bucket && !BUCKETS.includes(opts.bucket)) throw new Error('bad bucket');
  if (!def.segments.includes(opts.segment)) throw new Error(`segment ${opts.segment} is not one of ${type}'s`);
  return { query: def.query, values: [range.from, range.to, opts.bucket, opts.segment] };
}

/** Runs a metric's query as written in sql/<metric>.ts; only the parameters vary. */
export async function queryCells(
  pool: Pool,
  type: MetricType,
  range: { from: Date; to: Date },
  opts: { bucket: Bucket | null; segment: Segment },
): Promise<Cell[]> {
  const { query, values } = metricParams(type, range, opts);
  const res = await pool.query(query.sql, values);
  return res.rows.map((r) => ({
    bucket: r.bucket ? new Date(r.bucket).toISOString() : null,
    segment_value: r.segment_value ?? null,
    guests: num(r.guests),
    values: Object.fromEntries(query.measures.map((k) => [k, num(r[k])])),
  }));
}

export async function windowCells(pool: Pool, type: MetricType, w: ResolvedWindow, segment: Segment) {
  const [series, [totals], [previous]] = await Promise.all([
    queryCells(pool, type, w, { bucket: w.bucket, segment }),
    queryCells(pool, type, w, { bucket: null, segment: 'none' }),
    queryCells(pool, type, w.previous, { bucket: null, segment: 'none' }),
  ]);
  return { series, totals, previous };
}
