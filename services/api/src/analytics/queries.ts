import type { Pool } from 'pg';
import type { MetricType } from './catalogue';
import type { MetricFilters } from './filters';
import { faqDeflectionRate } from './rates';

/**
 * The "top N" lists and breakdowns that accompany a metric. Each list keeps only entries that
 * at least k distinct guests stand behind (HAVING … >= $3): a search query typed by one guest
 * may identify them even after redaction. They count the request's filtered slice, like the
 * series: $4–$6 are the guest_type, channel and language filters and $7 the metric's own filter
 * (sql/README.md), NULL when not given, so k is counted within the slice.
 */
type Range = { from: Date; to: Date };
type Row = Record<string, unknown>;
type Own = 'page' | 'query' | 'faq_id' | 'service_type';

const LIMIT = 10;
const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const SLICE = `($4::text IS NULL OR guest_type = $4) AND ($5::text IS NULL OR channel = $5) AND ($6::text IS NULL OR language = $6)`;
const own = (column: string) => `($7::text IS NULL OR ${column} = $7)`;

async function rows(pool: Pool, sql: string, r: Range, k: number, f: MetricFilters, ownFilter?: Own): Promise<Row[]> {
  const values: unknown[] = [r.from, r.to, k, f.guest_type ?? null, f.channel ?? null, f.language ?? null];
  if (ownFilter) values.push(f[ownFilter] ?? null);
  return (await pool.query(sql, values)).rows;
}

type Extras = (pool: Pool, r: Range, k: number, f: MetricFilters) => Promise<Record<string, unknown>>;

const EXTRAS: Partial<Record<MetricType, Extras>> = {
  async page_views(pool, r, k, f) {
    const top = await rows(pool, `
      SELECT path, count(*) AS views, count(DISTINCT guest_key) AS guests
      FROM marts.fct_page_views WHERE viewed_at >= $1 AND viewed_at < $2 AND ${SLICE} AND ${own('path')}
      GROUP BY path HAVING count(DISTINCT guest_key) >= $3
      ORDER BY views DESC, path LIMIT ${LIMIT}`, r, k, f, 'page');
    return { top_pages: top.map((x) => ({ path: x.path, views: n(x.views), guests: n(x.guests) })) };
  },
  async searches(pool, r, k, f) {
    const q = (zeroOnly: boolean) => rows(pool, `
      SELECT query_text, count(*) AS searches, count(*) FILTER (WHERE is_zero_result) AS zero_result_searches,
             count(DISTINCT guest_key) AS guests
      FROM marts.fct_searches WHERE searched_at >= $1 AND searched_at < $2 AND ${SLICE} AND ${own('query_text')} ${zeroOnly ? 'AND is_zero_result' : ''}
      GROUP BY query_text HAVING count(DISTINCT guest_key) >= $3
      ORDER BY searches DESC, query_text LIMIT ${LIMIT}`, r, k, f, 'query');
    const [top, zero] = await Promise.all([q(false), q(true)]);
    const shape = (x: Row) => ({ query: x.query_text, searches: n(x.searches), zero_result_searches: n(x.zero_result_searches), guests: n(x.guests) });
    return { top_queries: top.map(shape), top_zero_result_queries: zero.map(shape) };
  },
  async faq(pool, r, k, f) {
    const top = await rows(pool, `
      SELECT faq_id, title, count(*) AS views, count(is_deflected) AS followed, count(*) FILTER (WHERE is_deflected) AS deflected, count(DISTINCT guest_key) AS guests
      FROM marts.fct_faq_views LEFT JOIN marts.dim_faqs USING (faq_id)
      WHERE viewed_at >= $1 AND viewed_at < $2 AND ${SLICE} AND ${own('faq_id')}
      GROUP BY faq_id, title HAVING count(DISTINCT guest_key) >= $3
      ORDER BY views DESC, faq_id LIMIT ${LIMIT}`, r, k, f, 'faq_id');
    return {
      top_faqs: top.map((x) => ({
        faq_id: x.faq_id,
        title: x.title ?? null,
        views: n(x.views),
        deflected: n(x.deflected),
        deflection_rate: faqDeflectionRate(Number(x.deflected), Number(x.followed)),
        guests: n(x.guests),
      })),
    };
  },
  async service_requests(pool, r, k, f) {
    const by = await rows(pool, `
      SELECT service_type, final_status, count(*) AS requests, count(DISTINCT guest_key) AS guests
      FROM marts.fct_service_requests WHERE created_at >= $1 AND created_at < $2 AND ${SLICE} AND ${own('service_type')}
      GROUP BY service_type, final_status HAVING count(DISTINCT guest_key) >= $3
      ORDER BY service_type, final_status`, r, k, f, 'service_type');
    return { by_type_status: by.map((x) => ({ service_type: x.service_type, status: x.final_status, requests: n(x.requests), guests: n(x.guests) })) };
  },
  async guests(pool, r, k, f) {
    // Under a filter, the new guests of the slice: first seen (anywhere) in the window and active
    // in the slice there. dim_guests keeps one segment per guest, the latest, which is not the
    // slice of their events in the window.
    const [fresh] = await rows(pool, `
      SELECT count(*) AS new_guests FROM marts.dim_guests d WHERE d.first_seen_at >= $1 AND d.first_seen_at < $2
        AND (($4::text IS NULL AND $5::text IS NULL AND $6::text IS NULL) OR EXISTS (
          SELECT 1 FROM marts.fct_guest_hourly g WHERE g.guest_key = d.guest_key AND g.activity_hour >= $1 AND g.activity_hour < $2
            AND ($4::text IS NULL OR g.guest_type = $4) AND ($5::text IS NULL OR g.channel = $5) AND ($6::text IS NULL OR g.language = $6)))
      HAVING count(*) >= $3`, r, k, f);
    // Guests active in the window, by the segment of their events there: dim_guests' first/last
    // seen would also count a guest seen before and after the window but not in it.
    const breakdown = async (col: 'guest_type' | 'channel' | 'language') =>
      (await rows(pool, `
        SELECT ${col} AS value, count(DISTINCT guest_key) AS guests FROM marts.fct_guest_hourly
        WHERE activity_hour >= $1 AND activity_hour < $2 AND ${SLICE}
        GROUP BY 1 HAVING count(DISTINCT guest_key) >= $3 ORDER BY guests DESC, value`, r, k, f)).map((x) => ({ value: x.value, guests: n(x.guests) }));
    const [guest_type, channel, language] = await Promise.all([breakdown('guest_type'), breakdown('channel'), breakdown('language')]);
    return { new_guests: fresh ? n(fresh.new_guests) : null, breakdown: { guest_type, channel, language } };
  },
};

export async function extrasFor(pool: Pool, type: MetricType, r: Range, k: number, f: MetricFilters = {}): Promise<Record<string, unknown>> {
  const fn = EXTRAS[type];
  return fn ? fn(pool, r, k, f) : {};
}

/** One row of raw.realtime_activity(): a minute and type, a minute (all types), or the summary (no minute). */
export interface RealtimeRow {
  minute: string | null;
  event_type: string | null;
  events: number;
  guests: number | null;
  late_arrivals: number | null;
  lag_median_seconds: number | null;
  lag_p95_seconds: number | null;
}

/**
 * The last hour by time of occurrence, guests active now and arrival lag, through a SECURITY
 * DEFINER function (the reader role cannot read raw); packages/db/migrations/0014_realtime_activity.sql
 * says what each row holds.
 */
export async function realtimeActivity(pool: Pool): Promise<RealtimeRow[]> {
  const res = await pool.query<{ minute: Date | null; event_type: string | null; events: string; guests: string | null; late_arrivals: string | null; lag_median_seconds: number | null; lag_p95_seconds: number | null }>(
    'SELECT minute, event_type, events, guests, late_arrivals, lag_median_seconds, lag_p95_seconds FROM raw.realtime_activity()',
  );
  const num = (v: string | null) => (v === null ? null : Number(v));
  return res.rows.map((r) => ({
    minute: r.minute === null ? null : new Date(r.minute).toISOString(),
    event_type: r.event_type,
    events: Number(r.events),
    guests: num(r.guests),
    late_arrivals: num(r.late_arrivals),
    lag_median_seconds: r.lag_median_seconds,
    lag_p95_seconds: r.lag_p95_seconds,
  }));
}

/**
 * Mart rows dbt moved to the PII quarantine and the privacy officer has not yet reviewed (deleted),
 * per mart: counts, kinds and times only. The view hides the keys and values from this role.
 */
async function piiQuarantine(pool: Pool) {
  const res = await pool.query<{ model: string; rows: number; kinds: string[]; since: Date; latest: Date }>(
    `SELECT q.model, count(DISTINCT q.quarantine_id)::int AS rows, array_agg(DISTINCT f.kind ORDER BY f.kind) AS kinds,
            min(q.found_at) AS since, max(q.found_at) AS latest
     FROM ops.pii_quarantine_findings q CROSS JOIN LATERAL jsonb_each_text(q.findings) AS f(col, kind)
     GROUP BY q.model ORDER BY q.model`,
  );
  const byModel = res.rows.map((r) => ({ model: r.model, rows: r.rows, kinds: r.kinds, since: new Date(r.since).toISOString() }));
  const rows = byModel.reduce((n, m) => n + m.rows, 0);
  const since = res.rows.length ? new Date(Math.min(...res.rows.map((r) => new Date(r.since).getTime()))).toISOString() : null;
  const latest = res.rows.length ? new Date(Math.max(...res.rows.map((r) => new Date(r.latest).getTime()))).toISOString() : null;
  return {
    rows,
    since,
    latest_found_at: latest,
    by_model: byModel,
    summary: rows ? `${rows} row${rows === 1 ? '' : 's'} quarantined since ${since}, privacy officer to review` : null,
  };
}

/** The latest runs of every job kind, data freshness and the PII quarantine, for the Operations page. */
export async function operationsSnapshot(pool: Pool, perJob = 10) {
  const [runs, fresh, quarantine] = await Promise.all([
    pool.query(
      `SELECT run_id, job, started_at, finished_at, status, details
       FROM (SELECT *, row_number() OVER (PARTITION BY job ORDER BY started_at DESC) AS n FROM ops.job_runs) r
       WHERE n <= $1 ORDER BY job, started_at DESC`,
      [perJob],
    ),
    pool.query<{ at: Date | null }>('SELECT raw.latest_received_at() AS at'),
    piiQuarantine(pool),
  ]);
  const jobs: Record<string, unknown[]> = {};
  for (const r of runs.rows) {
    (jobs[r.job] ??= []).push({
      run_id: r.run_id,
      started_at: new Date(r.started_at).toISOString(),
      finished_at: r.finished_at ? new Date(r.finished_at).toISOString() : null,
      duration_s: r.finished_at ? (new Date(r.finished_at).getTime() - new Date(r.started_at).getTime()) / 1000 : null,
      status: r.status,
      details: r.details,
    });
  }
  const latest = fresh.rows[0]?.at ? new Date(fresh.rows[0].at) : null;
  return { jobs, pii_quarantine: quarantine, freshness: { latest_event_received_at: latest?.toISOString() ?? null, lag_seconds: latest ? Math.round((Date.now() - latest.getTime()) / 1000) : null } };
}
