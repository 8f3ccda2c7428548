import type { Pool } from 'pg';
import { METRICS, type MetricType } from './catalogue';
import type { FilterName, MetricFilters } from './filters';
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

export interface CellOptions {
  bucket: Bucket | null;
  /** The reporting zone (IANA) whose days, weeks and months the buckets are. */
  timeZone: string;
  segment: Segment;
  filters?: MetricFilters;
}

/**
 * The parameters of a metric's query (sql/README.md), checked here: the bucket against the
 * closed list, the segment against the metric's own segments, so each query's CASE only ever
 * sees a value it maps to a column, and the filters against those the query honours (parseFilters
 * refuses the others with a 400 first; this is the last line, not the message).
 */
export function metricParams(type: MetricType, range: { from: Date; to: Date }, opts: CellOptions) {
  const def = METRICS[type];
  if (!def.query) throw new Error(`${type} has no query`);
  if (opts.bucket && !BUCKETS.includes(opts.bucket)) throw new Error('bad bucket');
  if (!def.segments.includes(opts.segment)) throw new Error(`segment ${opts.segment} is not one of ${type}'s`);
  const filters = opts.filters ?? {};
  const unknown = (Object.keys(filters) as FilterName[]).filter((f) => filters[f] !== undefined && !def.query!.filters.includes(f));
  if (unknown.length) throw new Error(`${type} cannot be filtered by ${unknown.join(', ')}`);
  const filterValues = def.query.filters.map((f) => filters[f] ?? null);
  return { query: def.query, values: [range.from, range.to, opts.bucket, opts.segment, opts.timeZone, ...filterValues] };
}

/** Runs a metric's query as written in sql/<metric>.ts; only the parameters vary. */
export async function queryCells(
  pool: Pool,
  type: MetricType,
  range: { from: Date; to: Date },
  opts: CellOptions,
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

/**
 * The series, totals and previous totals of a window, all of the same filtered slice. A series
 * already read (bucket=auto reads candidates to choose one) is not read again.
 */
export async function windowCells(pool: Pool, type: MetricType, w: ResolvedWindow, segment: Segment, filters: MetricFilters = {}, series?: Cell[]) {
  const [cells, [totals], [previous]] = await Promise.all([
    series ?? queryCells(pool, type, w, { bucket: w.bucket, segment, filters, timeZone: w.timeZone }),
    queryCells(pool, type, w, { bucket: null, segment: 'none', filters, timeZone: w.timeZone }),
    queryCells(pool, type, w.previous, { bucket: null, segment: 'none', filters, timeZone: w.timeZone }),
  ]);
  return { series: cells, totals, previous };
}
