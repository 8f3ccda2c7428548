// The independent oracle of the metrics API: plain SQL over raw.events that shares nothing with the
// API's queries or the dbt models (no import from src/, no mart read), and the comparison of an
// API answer with it. Used by test/integration/analytics-exact.test.ts against a generated
// population, and by test/live/verify-metrics.ts (`make verify-metrics`) against the running
// local stack. It runs its SQL through the query function it is given, as a role that may read
// raw.events.
import type { FilterName } from '@cbc/contract';

const HOUR = 3_600_000;
/** The club's zone, as the API is configured; the oracle uses it only through PostgreSQL's AT TIME ZONE. */
export const ZONE = 'Atlantic/Bermuda';

export type Metric = 'overview' | 'page_views' | 'searches' | 'faq' | 'chat' | 'service_requests' | 'guests';
/** The metrics the oracle recomputes from the marts' side (realtime, read from raw events by the minute, is checked apart in verify-metrics.ts). */
export const METRICS: Metric[] = ['overview', 'page_views', 'searches', 'faq', 'chat', 'service_requests', 'guests'];
export type Seg = 'none' | 'guest_type' | 'channel' | 'language' | 'service_type';

// ---- The independent recomputation: plain SQL over raw.events, nothing shared with the API. ----

export interface Cell { bucket: string | null; end: string | null; seg: string | null; guests: number; values: Record<string, number | null> }
export type Filters = Partial<Record<FilterName, string>>;
const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;

/**
 * The filters as plain conditions on a row that has the columns guest_type, channel, language and,
 * per metric, the page path, query text, FAQ id or service type under the names given.
 */
function filterSql(f: Filters, own: Partial<Record<FilterName, string>> = {}): string {
  const cols: Record<FilterName, string | undefined> = { guest_type: 'guest_type', channel: 'channel', language: 'language', ...own } as never;
  return Object.entries(f).map(([k, v]) => {
    const col = cols[k as FilterName];
    if (!col) throw new Error(`the oracle has no column for ${k}`);
    return ` AND ${col} = ${literal(v!)}`;
  }).join('');
}
const PAGE = `split_part(properties->>'path', '?', 1)`;
/** A query as top_queries lists it and the query filter matches it (docs/analytics.md): lower case, single spaces. */
const QUERY = `regexp_replace(btrim(lower(properties->>'query')), '\\s+', ' ', 'g')`;
/** The targets docs/metrics.md points to (dbt/seeds/service_sla.csv), in minutes: every service type. */
const SLA = `(VALUES ('spa', 15, 120), ('dining', 10, 45), ('housekeeping', 15, 60), ('transport', 10, 30), ('activities', 30, 240),
                     ('maintenance', 20, 240), ('other', 30, 240)) AS sla(service_type, ack_min, complete_min)`;

/**
 * A bucket's start as a UTC ISO instant: hours are UTC hours; days, weeks and months are truncated
 * on the Bermuda wall clock and read back as the instant of that local midnight.
 */
function bucketStartSql(bucket: string, col: string) {
  return bucket === 'hour' ? `date_trunc('hour', ${col} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'` : `date_trunc('${bucket}', ${col} AT TIME ZONE '${ZONE}') AT TIME ZONE '${ZONE}'`;
}
const isoSql = (ts: string) => `to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`;
function bucketSql(bucket: string | null, col: string) {
  if (!bucket) return 'NULL AS bucket, NULL';
  const end = bucket === 'hour'
    ? `(date_trunc('hour', ${col} AT TIME ZONE 'UTC') + interval '1 hour') AT TIME ZONE 'UTC'`
    : `(date_trunc('${bucket}', ${col} AT TIME ZONE '${ZONE}') + interval '1 ${bucket}') AT TIME ZONE '${ZONE}'`;
  return `${isoSql(bucketStartSql(bucket, col))}`
    // The bucket's exclusive end rides along in the grouping (it follows from the start), so partial can be judged without calendar code.
    + ` AS bucket, ${isoSql(end)}`;
}
const segSql = (seg: Seg, alias = '') => (seg === 'none' ? 'NULL::text' : `${alias}${seg}`);
const rate = (num: string, den: string) => `round((${num})::numeric / nullif(${den}, 0), 4)`;

/** The cells of one metric over [from, to): values plus distinct guests per bucket × segment value. */
export function oracleSql(metric: Metric, bucket: string | null, seg: Seg, f: Filters = {}): string {
  const own = { page: PAGE, query: QUERY, faq_id: 'faq_id', service_type: 'service_type' };
  const inWindow = (col: string) => `${col} >= $1 AND ${col} < $2${filterSql(f, own)}`;
  const b = (col: string) => bucketSql(bucket, col);
  switch (metric) {
    case 'page_views':
      return `SELECT ${b('occurred_at')} AS bucket_end, ${segSql(seg)} AS seg, count(*) AS page_views, count(DISTINCT guest_id) AS guests
              FROM raw.events WHERE event_type = 'page_view' AND ${inWindow('occurred_at')} GROUP BY bucket, bucket_end, seg`;
    case 'searches':
      return `SELECT ${b('occurred_at')} AS bucket_end, ${segSql(seg)} AS seg, count(*) AS searches,
                     count(*) FILTER (WHERE (properties->>'results_count')::int = 0) AS zero_result_searches,
                     ${rate(`count(*) FILTER (WHERE (properties->>'results_count')::int = 0)`, 'count(*)')} AS zero_result_rate,
                     count(DISTINCT guest_id) AS guests
              FROM raw.events WHERE event_type = 'search' AND ${inWindow('occurred_at')} GROUP BY bucket, bucket_end, seg`;
    case 'faq':
      return `WITH v AS (${FAQ_VIEWS})
              SELECT ${b('occurred_at')} AS bucket_end, ${segSql(seg)} AS seg, count(*) AS faq_views,
                     count(*) FILTER (WHERE guest_id IS NOT NULL) AS followed_views, count(*) FILTER (WHERE deflected) AS deflected,
                     ${rate('count(*) FILTER (WHERE deflected)', 'count(*) FILTER (WHERE guest_id IS NOT NULL)')} AS deflection_rate,
                     count(DISTINCT guest_id) AS guests
              FROM v WHERE ${inWindow('occurred_at')} GROUP BY bucket, bucket_end, seg`;
    case 'chat':
      return `WITH c AS (
                SELECT properties->>'chat_session_id' AS id,
                       coalesce(min(occurred_at) FILTER (WHERE event_type = 'chat_session_started'), min(occurred_at)) AS started,
                       min(guest_id) AS guest_id, min(guest_type) AS guest_type, min(channel) AS channel, min(language) AS language,
                       max(properties->>'outcome') FILTER (WHERE event_type = 'chat_session_ended') AS outcome,
                       max((properties->>'csat')::int) FILTER (WHERE event_type = 'chat_session_ended') AS csat
                FROM raw.events WHERE event_type LIKE 'chat_session_%' AND properties->>'chat_session_id' IS NOT NULL GROUP BY 1)
              SELECT ${b('started')} AS bucket_end, ${segSql(seg)} AS seg, count(*) AS chat_sessions,
                     count(*) FILTER (WHERE outcome = 'resolved') AS resolved, count(*) FILTER (WHERE outcome = 'handoff') AS handoff,
                     count(*) FILTER (WHERE outcome = 'service_request') AS service_request, count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
                     count(*) FILTER (WHERE outcome IS NULL) AS open, count(csat) AS csat_responses, coalesce(sum(csat), 0) AS csat_sum,
                     ${rate(`count(*) FILTER (WHERE outcome = 'resolved')`, 'count(*)')} AS resolution_rate,
                     ${rate(`count(*) FILTER (WHERE outcome = 'handoff')`, 'count(*)')} AS handoff_rate,
                     ${rate('sum(csat)', 'count(csat)')} AS avg_csat,
                     count(DISTINCT guest_id) AS guests
              FROM c WHERE ${inWindow('started')} GROUP BY bucket, bucket_end, seg`;
    case 'service_requests':
      return `WITH r AS (${REQUESTS})
              SELECT ${b('created')} AS bucket_end, ${segSql(seg)} AS seg, count(*) AS requests, count(completed) AS completed, count(cancelled) AS cancelled,
                     count(*) FILTER (WHERE ack_breached) AS ack_breached, count(*) FILTER (WHERE complete_breached) AS complete_breached,
                     count(*) FILTER (WHERE ack_breached OR complete_breached) AS breached,
                     coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY ack_minutes), 0) AS ack_p50_minutes,
                     coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY ack_minutes), 0) AS ack_p90_minutes,
                     coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY complete_minutes), 0) AS complete_p50_minutes,
                     coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY complete_minutes), 0) AS complete_p90_minutes,
                     ${rate('count(*) FILTER (WHERE ack_breached OR complete_breached)', 'count(*)')} AS sla_breach_rate,
                     count(DISTINCT guest_id) AS guests
              FROM r WHERE ${inWindow('created')} GROUP BY bucket, bucket_end, seg`;
    case 'guests':
      return `SELECT ${b('occurred_at')} AS bucket_end, ${segSql(seg)} AS seg,
                     count(DISTINCT (guest_id, (occurred_at AT TIME ZONE '${ZONE}')::date)) AS guest_days, count(*) AS events,
                     count(DISTINCT guest_id) AS guests
              FROM raw.events WHERE guest_id IS NOT NULL AND ${inWindow('occurred_at')} GROUP BY bucket, bucket_end, seg`;
    case 'overview':
      return `WITH v AS (${FAQ_VIEWS}),
              s AS (SELECT DISTINCT ON (session_id) session_id, occurred_at, guest_type, channel, language
                    FROM raw.events WHERE session_id IS NOT NULL ORDER BY session_id, occurred_at, event_id),
              e AS (SELECT occurred_at, guest_type, channel, language, guest_id,
                           1 AS events, 0 AS sessions, (event_type = 'page_view')::int AS page_views, (event_type = 'search')::int AS searches,
                           (event_type = 'search' AND (properties->>'results_count')::int = 0)::int AS zero_result_searches,
                           (event_type = 'faq_view')::int AS faq_views, 0 AS faq_followed_views, 0 AS faq_deflected,
                           (event_type = 'chat_session_started')::int AS chats,
                           (event_type = 'service_request' AND properties->>'status' = 'created')::int AS service_requests
                    FROM raw.events
                    UNION ALL SELECT occurred_at, guest_type, channel, language, NULL, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 FROM s
                    UNION ALL SELECT occurred_at, guest_type, channel, language, NULL, 0, 0, 0, 0, 0, 0,
                                     (guest_id IS NOT NULL)::int, deflected::int, 0, 0 FROM v)
              SELECT ${b('occurred_at')} AS bucket_end, ${segSql(seg)} AS seg, sum(events) AS events, sum(sessions) AS sessions,
                     sum(page_views) AS page_views, sum(searches) AS searches, sum(zero_result_searches) AS zero_result_searches,
                     sum(faq_views) AS faq_views, sum(faq_followed_views) AS faq_followed_views, sum(faq_deflected) AS faq_deflected,
                     sum(chats) AS chats, sum(service_requests) AS service_requests,
                     ${rate('sum(searches) - sum(zero_result_searches)', 'sum(searches)')} AS search_success_rate,
                     ${rate('sum(faq_deflected)', 'sum(faq_followed_views)')} AS faq_deflection_rate,
                     count(DISTINCT guest_id) AS guests
              FROM e WHERE ${inWindow('occurred_at')} GROUP BY bucket, bucket_end, seg`;
  }
}

/** Each FAQ view; deflected when its guest neither handed a chat off nor created a request within 30 minutes. */
const FAQ_VIEWS = `
  SELECT f.occurred_at, f.guest_id, f.guest_type, f.channel, f.language, f.properties->>'faq_id' AS faq_id,
         f.guest_id IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM raw.events x WHERE x.guest_id = f.guest_id
             AND x.occurred_at BETWEEN f.occurred_at AND f.occurred_at + interval '30 minutes'
             AND ((x.event_type = 'chat_session_ended' AND x.properties->>'outcome' = 'handoff')
               OR (x.event_type = 'service_request' AND x.properties->>'status' = 'created'))) AS deflected
  FROM raw.events f WHERE f.event_type = 'faq_view'`;

/** Each request (all closed), timed from its creation; a step is late when its clock passes the target. */
const REQUESTS = `
  SELECT q.*, round(extract(epoch FROM acked - created) / 60, 2) AS ack_minutes,
         round(extract(epoch FROM completed - created) / 60, 2) AS complete_minutes,
         extract(epoch FROM coalesce(acked, completed, cancelled) - created) / 60 > sla.ack_min AS ack_breached,
         extract(epoch FROM coalesce(completed, cancelled) - created) / 60 > sla.complete_min AS complete_breached,
         CASE WHEN cancelled IS NOT NULL THEN 'cancelled' ELSE 'completed' END AS status
  FROM (SELECT properties->>'request_id' AS id, min(properties->>'service_type') AS service_type,
               min(guest_id) AS guest_id, min(guest_type) AS guest_type, min(channel) AS channel, min(language) AS language,
               min(occurred_at) FILTER (WHERE properties->>'status' = 'created') AS created,
               min(occurred_at) FILTER (WHERE properties->>'status' IN ('acknowledged', 'in_progress')) AS acked,
               min(occurred_at) FILTER (WHERE properties->>'status' = 'completed') AS completed,
               min(occurred_at) FILTER (WHERE properties->>'status' = 'cancelled') AS cancelled
        FROM raw.events WHERE event_type = 'service_request' AND properties->>'request_id' IS NOT NULL GROUP BY 1) q
  JOIN ${SLA} USING (service_type)`;

/** The top lists and breakdowns beside a metric, each entry kept only with at least k guests. */
export function oracleExtras(metric: Metric, f: Filters = {}): Record<string, string> {
  const and = filterSql(f, { page: PAGE, query: QUERY, faq_id: 'faq_id', service_type: 'service_type' });
  switch (metric) {
    case 'page_views':
      return { top_pages: `SELECT properties->>'path' AS path, count(*) AS views, count(DISTINCT guest_id) AS guests FROM raw.events
               WHERE event_type = 'page_view' AND occurred_at >= $1 AND occurred_at < $2${and}
               GROUP BY 1 HAVING count(DISTINCT guest_id) >= $3 ORDER BY views DESC, path LIMIT 10` };
    case 'searches': {
      const q = (zero: boolean) => `SELECT ${QUERY} AS query, count(*) AS searches,
               count(*) FILTER (WHERE (properties->>'results_count')::int = 0) AS zero_result_searches, count(DISTINCT guest_id) AS guests
               FROM raw.events WHERE event_type = 'search' AND occurred_at >= $1 AND occurred_at < $2${and}
               ${zero ? `AND (properties->>'results_count')::int = 0` : ''}
               GROUP BY 1 HAVING count(DISTINCT guest_id) >= $3 ORDER BY searches DESC, query LIMIT 10`;
      return { top_queries: q(false), top_zero_result_queries: q(true) };
    }
    case 'faq':
      // Titles from the seed as loaded (staging.faq_catalogue), not from marts.dim_faqs: the mart's copy is checked too.
      return { top_faqs: `WITH v AS (${FAQ_VIEWS}) SELECT faq_id, c.title, count(*) AS views, count(*) FILTER (WHERE deflected) AS deflected,
               ${rate('count(*) FILTER (WHERE deflected)', 'count(*) FILTER (WHERE guest_id IS NOT NULL)')} AS deflection_rate,
               count(DISTINCT guest_id) AS guests FROM v LEFT JOIN staging.faq_catalogue c USING (faq_id)
               WHERE occurred_at >= $1 AND occurred_at < $2${and}
               GROUP BY 1, 2 HAVING count(DISTINCT guest_id) >= $3 ORDER BY views DESC, faq_id LIMIT 10` };
    case 'service_requests':
      return { by_type_status: `WITH r AS (${REQUESTS}) SELECT service_type, status, count(*) AS requests, count(DISTINCT guest_id) AS guests
               FROM r WHERE created >= $1 AND created < $2${and} GROUP BY 1, 2 HAVING count(DISTINCT guest_id) >= $3 ORDER BY 1, 2` };
    case 'guests': {
      const by = (col: string) => `SELECT ${col} AS value, count(DISTINCT guest_id) AS guests FROM raw.events
               WHERE guest_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2${and}
               GROUP BY 1 HAVING count(DISTINCT guest_id) >= $3 ORDER BY guests DESC, value`;
      return {
        // First seen in the window, and (under a filter) active in the slice there.
        new_guests: `SELECT count(*) AS new_guests FROM (SELECT guest_id FROM raw.events WHERE guest_id IS NOT NULL GROUP BY 1
                     HAVING min(occurred_at) >= $1 AND min(occurred_at) < $2
                        AND bool_or(occurred_at >= $1 AND occurred_at < $2${and})) g HAVING count(*) >= $3`,
        'breakdown.guest_type': by('guest_type'), 'breakdown.channel': by('channel'), 'breakdown.language': by('language'),
      };
    }
    default:
      return {};
  }
}

const numeric = (row: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || typeof v === 'string' && !/^-?[\d.]+$/.test(v) ? v : Number(v)]));

const close = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-4 : a === b);

export type Values = Record<string, unknown>;
export interface Answer {
  min_group_size: number;
  suppressed: number;
  window: { from: string; to: string; bucket: string; time_zone: string; bucket_requested?: string; bucket_reason?: string };
  filters?: Filters;
  series: Values[];
  totals: Values;
  previous_totals: Values;
  extras?: Values;
}

/** [from, to, previous from, previous to] of a calendar window, per the rules docs/metrics.md states. */
export function calendarSql(window: string): string {
  const L = `(now() AT TIME ZONE '${ZONE}')`;
  const endOfHour = `((date_trunc('hour', now()) + interval '1 hour') AT TIME ZONE '${ZONE}')`;
  const at = (local: string) => `(${local}) AT TIME ZONE '${ZONE}'`;
  const [unit, back] = {
    today: ['day', 0], yesterday: ['day', 1], this_week: ['week', 0], last_week: ['week', 1],
    this_month: ['month', 0], last_month: ['month', 1], this_year: ['year', 0],
  }[window] as [string, number];
  const start = (n: number) => `date_trunc('${unit}', ${L}) - interval '${n} ${unit}'`;
  // A period so far is compared with as far into the one before; when that day does not exist
  // there (the 31st, in a 30-day month), with the whole of it.
  const earlier = `${endOfHour} - interval '1 ${unit}'`;
  const previousTo = back
    ? at(start(back))
    : `least(CASE WHEN (${earlier}) + interval '1 ${unit}' = ${endOfHour} THEN ${at(earlier)} ELSE ${at(start(0))} END, ${at(start(0))})`;
  return `SELECT ${at(start(back))} AS from, ${back ? at(start(back - 1)) : `date_trunc('hour', now()) + interval '1 hour'`} AS to,
                 ${at(start(back + 1))} AS previous_from, ${previousTo} AS previous_to`;
}

export const CALENDAR = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_year'];

/** Runs one statement with positional parameters (a pg Pool's or Client's query fits). */
export type Query = (sql: string, params: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

/** What the checks covered, counted when a tally is given. */
export interface Tally {
  /** Values of series cells, totals and extras compared with the recomputation (withheld ones included). */
  values: number;
  /** Of those, series values that had to be withheld (checked to be null). */
  withheld: number;
  /** Guest-standing numbers shown though the recomputation puts fewer than k guests behind them. */
  shownUnderK: number;
}

export interface OracleOptions {
  /** The k the answers must keep to; without it, each answer's own min_group_size. */
  k?: number;
  tally?: Tally;
}

/** The recomputation and the comparison, reading raw.events through `query`. */
export function metricsOracle(query: Query, opts: OracleOptions = {}) {
  const tally = opts.tally ?? { values: 0, withheld: 0, shownUnderK: 0 };

  async function oracleCells(metric: Metric, from: Date, to: Date, bucket: string | null, seg: Seg, f: Filters = {}): Promise<Cell[]> {
    const { rows } = await query(oracleSql(metric, bucket, seg, f), [from, to]);
    return rows.map((r: Record<string, unknown>) => {
      const { bucket: b, bucket_end: end, seg: s, guests, ...values } = numeric(r);
      return { bucket: b as string | null, end: end as string | null, seg: s as string | null, guests: guests as number, values: values as Record<string, number | null> };
    });
  }

  /**
   * The width bucket=auto must choose, recomputed: from the finest, the first where at least half of
   * the non-empty cells of the filtered slice have k guests (an empty series takes the finest; an
   * hourly series of over 1000 points is skipped); none: month.
   */
  async function expectedAuto(metric: Metric, from: Date, to: Date, seg: Seg, f: Filters, k: number): Promise<string> {
    for (const width of ['hour', 'day', 'week', 'month']) {
      if (width === 'hour' && (to.getTime() - from.getTime()) / HOUR > 1000) continue;
      const cells = await oracleCells(metric, from, to, width, seg, f);
      if (cells.length === 0 || cells.filter((c) => c.guests >= k).length * 2 >= cells.length) return width;
    }
    return 'month';
  }

  /** Compares one API answer with the recomputation; returns the differences, empty when exact. */
  async function check(metric: Metric, body: Answer, seg: Seg, f: Filters = {}, previous?: [Date, Date]): Promise<string[]> {
    const k = opts.k ?? body.min_group_size;
    const problems: string[] = [];
    const from = new Date(body.window.from);
    const to = new Date(body.window.to);
    const span = to.getTime() - from.getTime();
    const where = `${metric} ${body.window.from}–${body.window.to} ${body.window.bucket} segment=${seg} filters=${JSON.stringify(f)}`;
    if (body.min_group_size !== k) problems.push(`${where}: min_group_size ${body.min_group_size}, k is ${k}`);
    if (from.getTime() % HOUR !== 0 || to.getTime() % HOUR !== 0) problems.push(`${where}: window not on whole hours`);

    if (JSON.stringify(body.filters ?? {}) !== JSON.stringify(f)) problems.push(`${where}: filters echoed as ${JSON.stringify(body.filters)}`);
    const expected = await oracleCells(metric, from, to, body.window.bucket, seg, f);
    const keyOf = (b: string | null, s: string | null) => `${b}|${seg === 'none' ? '' : s ?? 'unknown'}`;
    const shown = new Map(body.series.map((p) => [keyOf(p.bucket as string, (p.segment_value as string | undefined) ?? null), p]));
    // Withheld: every cell under k guests and, in each group (a bucket when segmented, else the whole
    // series) that has one, also the shown cell with the fewest guests (any one of a tie), so that
    // no subtraction from the bucket's or the window's total isolates fewer than k guests.
    const groups = new Map<string, Cell[]>();
    for (const c of expected) groups.set(seg === 'none' ? '' : String(c.bucket), [...(groups.get(seg === 'none' ? '' : String(c.bucket)) ?? []), c]);
    const complement = new Set<Cell>();
    for (const [group, cells] of groups) {
      const big = cells.filter((c) => c.guests >= k);
      if (big.length === cells.length || big.length === 0) continue;
      const fewest = Math.min(...big.map((c) => c.guests));
      const tied = big.filter((c) => c.guests === fewest);
      tied.forEach((c) => complement.add(c));
      const taken = tied.filter((c) => shown.get(keyOf(c.bucket, c.seg))?.suppressed === true).length;
      if (taken !== 1) problems.push(`${where}: group ${group} withholds ${taken} of its smallest shown cells (${fewest} guests), not one`);
    }
    for (const c of expected) {
      const key = keyOf(c.bucket, c.seg);
      const p = shown.get(key);
      shown.delete(key);
      if (!p) { problems.push(`${where}: cell ${key} missing`); continue; }
      if (body.window.bucket === 'week' && new Date(c.bucket!).getUTCDay() !== 1) problems.push(`${where}: week bucket ${c.bucket} is not a Monday`);
      const cut = new Date(c.bucket!) < from || new Date(c.end!) > to;
      if ((p.partial === true) !== cut) problems.push(`${where}: cell ${key} partial=${p.partial}, but the window ${cut ? 'cuts' : 'holds'} it`);
      tally.values += Object.keys(c.values).length;
      if (c.guests < k && (p.suppressed !== true || Object.keys(c.values).some((v) => p[v] !== null))) tally.shownUnderK++;
      if (c.guests < k || (complement.has(c) && p.suppressed === true)) {
        tally.withheld += Object.keys(c.values).length;
        if (p.suppressed !== true || Object.keys(c.values).some((v) => p[v] !== null)) problems.push(`${where}: cell ${key} of ${c.guests} guests shown: ${JSON.stringify(p)}`);
        continue;
      }
      if (p.suppressed) { problems.push(`${where}: cell ${key} of ${c.guests} guests withheld`); continue; }
      for (const [v, want] of Object.entries(c.values)) if (!close(p[v], want)) problems.push(`${where}: cell ${key} ${v} = ${p[v]}, raw says ${want}`);
    }
    for (const [key, p] of shown) {
      problems.push(`${where}: cell ${key} has no events in raw`);
      if (p.suppressed !== true) tally.shownUnderK++;
    }
    const withheld = body.series.filter((p) => p.suppressed === true).length;
    if (body.suppressed !== withheld) problems.push(`${where}: suppressed = ${body.suppressed}, ${withheld} cells withheld`);

    if (body.window.time_zone !== ZONE) problems.push(`${where}: time_zone ${body.window.time_zone}`);
    for (const [name, range] of [['totals', [from, to]], ['previous_totals', previous ?? [new Date(from.getTime() - span), from]]] as const) {
      const [c] = await oracleCells(metric, range[0], range[1], null, 'none', f);
      const got = body[name];
      tally.values += Object.keys(got).length;
      if (c && c.guests < k && Object.values(got).some((v) => v !== null)) tally.shownUnderK++;
      if (!c) {
        if (got.guests !== 0 || Object.entries(got).some(([, v]) => v !== 0 && v !== null)) problems.push(`${where}: ${name} of an empty window ${JSON.stringify(got)}`);
        continue;
      }
      if (c.guests < k) {
        if (Object.values(got).some((v) => v !== null)) problems.push(`${where}: ${name} of ${c.guests} guests shown: ${JSON.stringify(got)}`);
        continue;
      }
      for (const [v, want] of Object.entries({ ...c.values, guests: c.guests })) if (!close(got[v], want)) problems.push(`${where}: ${name}.${v} = ${got[v]}, raw says ${want}`);
    }

    for (const [path, sql] of Object.entries(oracleExtras(metric, f))) {
      const { rows } = await query(sql, [from, to, k]);
      const want = path === 'new_guests' ? (rows[0] ? Number(rows[0].new_guests) : null) : rows.map(numeric);
      const got = path.split('.').reduce<unknown>((o, p) => (o as Values | undefined)?.[p], body.extras);
      tally.values += Array.isArray(want) ? Math.max(1, want.reduce((n, e) => n + Object.keys(e).length, 0)) : 1;
      if (path === 'new_guests' ? want === null && got != null : Array.isArray(got) && got.some((e) => Number((e as Values).guests) < k)) tally.shownUnderK++;
      if (JSON.stringify(got ?? null) !== JSON.stringify(want)) problems.push(`${where}: extras.${path} = ${JSON.stringify(got)}, raw says ${JSON.stringify(want)}`);
    }
    return problems;
  }

  return { oracleCells, expectedAuto, check };
}
