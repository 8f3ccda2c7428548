import type { Pool } from 'pg';
import type { Bucket, ResolvedWindow, Segment } from './window';

/** One aggregated cell: a bucket × segment value, its measures and its distinct guests. */
export interface Cell {
  bucket: string | null;
  segment_value: string | null;
  guests: number;
  values: Record<string, number>;
}

export interface CellSource {
  /** Fully qualified mart, e.g. marts.fct_searches. Never user input. */
  table: string;
  /** Time column (timestamptz or date) the window filters on. */
  time: string;
  /** Output name → SQL aggregate over the table's columns. */
  measures: Record<string, string>;
  /**
   * Distinct guests per cell. 'column' counts guest_key in the same table (exact); 'guest_daily'
   * counts them in marts.fct_guest_daily (exact for day, week and month buckets; for hour buckets
   * the hourly mart's per-row maximum, a lower bound, so suppression errs on the safe side).
   */
  guests: 'column' | 'guest_daily';
  /** Extra SQL condition (constant, never user input). */
  where?: string;
}

// Segments map to mart columns through this allow-list only: a segment value from the query
// string is never spliced into SQL.
const SEGMENT_COLUMN: Record<Segment, string | null> = {
  none: null,
  guest_type: 'guest_type',
  channel: 'channel',
  language: 'language',
  service_type: 'service_type',
};
const BUCKETS: readonly Bucket[] = ['hour', 'day', 'week', 'month'];

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export async function queryCells(
  pool: Pool,
  src: CellSource,
  range: { from: Date; to: Date },
  opts: { bucket: Bucket | null; segment: Segment },
): Promise<Cell[]> {
  if (opts.bucket && !BUCKETS.includes(opts.bucket)) throw new Error('bad bucket');
  const seg = SEGMENT_COLUMN[opts.segment];
  const bucketExpr = opts.bucket ? `date_trunc('${opts.bucket}', t.${src.time}::timestamptz)` : 'NULL::timestamptz';
  const segExpr = seg ? `t.${seg}` : 'NULL::text';
  const measures = Object.entries(src.measures).map(([k, sql]) => `${sql} AS "${k}"`);
  const isDate = src.time === 'activity_date';
  const cond = isDate ? `t.${src.time} >= $1::date AND t.${src.time} <= ($2::timestamptz - interval '1 microsecond')::date` : `t.${src.time} >= $1 AND t.${src.time} < $2`;
  const where = `${cond}${src.where ? ` AND ${src.where}` : ''}`;

  let sql: string;
  if (src.guests === 'column') {
    sql = `SELECT ${bucketExpr} AS bucket, ${segExpr} AS segment_value, ${measures.join(', ')},
             count(DISTINCT t.guest_key) AS guests
           FROM ${src.table} t WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`;
  } else {
    const hourly = opts.bucket === 'hour';
    const gBucket = opts.bucket ? `date_trunc('${opts.bucket}', g.activity_date::timestamptz)` : 'NULL::timestamptz';
    const gSeg = seg ? `g.${seg}` : 'NULL::text';
    sql = `WITH cells AS (
             SELECT ${bucketExpr} AS bucket, ${segExpr} AS segment_value, ${measures.join(', ')}, max(t.guests) AS max_guests
             FROM ${src.table} t WHERE ${where} GROUP BY 1, 2
           ), guests AS (
             SELECT ${gBucket} AS bucket, ${gSeg} AS segment_value, count(DISTINCT g.guest_key) AS guests
             FROM marts.fct_guest_daily g
             WHERE g.activity_date >= $1::date AND g.activity_date <= ($2::timestamptz - interval '1 microsecond')::date
             GROUP BY 1, 2
           )
           SELECT c.*, ${hourly ? 'c.max_guests' : 'coalesce(g.guests, 0)'} AS guests
           FROM cells c LEFT JOIN guests g
             ON g.bucket IS NOT DISTINCT FROM c.bucket AND g.segment_value IS NOT DISTINCT FROM c.segment_value
           ORDER BY 1, 2`;
  }
  const res = await pool.query(sql, [range.from, range.to]);
  return res.rows.map((r) => ({
    bucket: r.bucket ? new Date(r.bucket).toISOString() : null,
    segment_value: r.segment_value ?? null,
    guests: num(r.guests),
    values: Object.fromEntries(Object.keys(src.measures).map((k) => [k, num(r[k])])),
  }));
}

export async function windowCells(pool: Pool, src: CellSource, w: ResolvedWindow, segment: Segment) {
  const [series, [totals], [previous]] = await Promise.all([
    queryCells(pool, src, w, { bucket: w.bucket, segment }),
    queryCells(pool, src, w, { bucket: null, segment: 'none' }),
    queryCells(pool, src, w.previous, { bucket: null, segment: 'none' }),
  ]);
  return { series, totals, previous };
}
