import pg from 'pg';
import { FILTERS, METRICS, METRIC_TYPES, WINDOWS, metricParams, parseFilters, resolveWindow, timeZoneProblem, type MetricType, type Segment } from '@cbc/api/analytics';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';

const USAGE = '<metric> [--window 7d] [--segment none] [--<filter> value …] [--totals]';
const HELP = `Prints the SQL behind a metric (services/api/src/analytics/sql/<metric>.ts), the parameters the
API would bind for the window and segment, and EXPLAIN (ANALYZE, BUFFERS) of it against
DATABASE_URL (any role that may read the marts; the query runs, read-only).

  <metric>     ${METRIC_TYPES.filter((t) => METRICS[t].query).join(', ')}
  --window     ${WINDOWS.join(', ')} (default 7d), resolved as the API
               resolves it, in REPORTING_TIME_ZONE; the series bucket follows from it
  --segment    none, or one of the metric's segments (default none)
  --${FILTERS.join(', --')}
               a filter the metric honours (GET /metrics lists them), bound as the API binds it
  --totals     explain the totals query (no bucket, no segment) instead of the series
`;

/**
 * `explain-metric <metric> --window 7d [--segment guest_type]`: the exact text and plan of the
 * query the API runs for a metric, so a slow dashboard panel can be read and explained without
 * reconstructing SQL from code.
 */
export const explainMetricCommand: Command = {
  summary: 'Print a metric\'s SQL and EXPLAIN (ANALYZE, BUFFERS) it (explain-metric overview --window 7d [--segment guest_type])',
  usage: USAGE,
  help: HELP,
  async run(args, io) {
    if (args.length === 0) {
      io.stderr.write(`usage: npm run -s cli -- explain-metric ${USAGE}\n\n${HELP}`);
      return 2;
    }
    const [type, ...rest] = args;
    if (!type || !(METRIC_TYPES as readonly string[]).includes(type) || !METRICS[type as MetricType].query) {
      io.stderr.write(`unknown metric "${type}"\n\nusage: npm run -s cli -- explain-metric ${USAGE}\n\n${HELP}`);
      return 2;
    }
    const metric = type as MetricType;
    const f = parseFlags(rest, { window: 'string', segment: 'string', totals: 'boolean', ...Object.fromEntries(FILTERS.map((n) => [n, 'string' as const])) });
    const segment = (f.segment ?? 'none') as Segment;
    if (!METRICS[metric].segments.includes(segment)) {
      io.stderr.write(`--segment must be one of ${METRICS[metric].segments.join(', ')} for ${metric}\n`);
      return 2;
    }
    const env = loadCommandEnv('explain-metric', io.env);
    const zoneProblem = timeZoneProblem(env.REPORTING_TIME_ZONE);
    if (zoneProblem) {
      io.stderr.write(`REPORTING_TIME_ZONE: ${zoneProblem}\n`);
      return 2;
    }
    // resolveWindow refuses an unknown window with the API's own message.
    const w = resolveWindow({ window: typeof f.window === 'string' ? f.window : '7d' }, env.REPORTING_TIME_ZONE);
    // parseFilters refuses a filter the metric cannot honour, or a bad value, with the API's own message.
    let filters;
    try {
      filters = parseFilters(metric, f);
    } catch (err) {
      io.stderr.write(`${(err as Error).message}\n`);
      return 2;
    }
    const timeZone = w.timeZone;
    const { query, values } = metricParams(metric, w, f.totals ? { bucket: null, segment: 'none', filters, timeZone } : { bucket: w.bucket, segment, filters, timeZone });

    io.stdout.write(`-- ${metric}: services/api/src/analytics/sql, run by the API unchanged\n`);
    io.stdout.write(`-- $1 from = ${w.from.toISOString()}, $2 to = ${w.to.toISOString()}, $3 bucket = ${values[2] ?? 'NULL'}, $4 segment = ${values[3]}, $5 time zone = ${timeZone}\n`);
    const bound = query.filters.map((name, i) => `$${i + 6} ${name} = ${values[i + 5] ?? 'NULL'}`);
    if (bound.length) io.stdout.write(`-- ${bound.join(', ')}\n`);
    io.stdout.write(`${query.sql.trim()};\n\n`);
    // The API's read pool runs in UTC: buckets and date windows depend on the session time zone.
    const client = new pg.Client({ connectionString: env.DATABASE_URL, application_name: 'cbc-explain-metric', options: '-c timezone=UTC' });
    await client.connect();
    try {
      // EXPLAIN ANALYZE executes the statement: in a read-only transaction, rolled back.
      await client.query('BEGIN READ ONLY');
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, values);
      io.stdout.write(`${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
    return 0;
  },
};
