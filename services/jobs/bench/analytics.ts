// Analytics benchmark (docs: bench/README.md; every figure a ratio against a baseline measured in the same run).
//
//   npx tsx services/jobs/bench/analytics.ts            1M vs 10M events (`make bench-analytics`)
//   npx tsx services/jobs/bench/analytics.ts --small    100k vs 1M, a quick validation run
//   npx tsx services/jobs/bench/analytics.ts --dbt-only only A and its dbt incremental vs full figure
//   npx tsx services/jobs/bench/analytics.ts --no-cache a throwaway cluster, loaded from scratch
//
// One embedded PostgreSQL 17 cluster, two databases (A: the smaller, B: the larger), each
// bulk-seeded over the same 90 days through the seed command's COPY path and built with
// `dbt build`. The cluster lives in a cache directory (BENCH_CACHE_DIR, default
// .cache/bench-analytics, git-ignored) and keeps each loaded database as a template keyed by
// everything its rows depend on (cacheKey below), so a second run clones it instead of loading.
// Every figure is a ratio measured side by side in this run, in alternating pairs
// (A B, B A, …) after a discarded warm-up. One JSON line per metric goes to stdout and is
// appended to bench-results/analytics-<ts>.jsonl, and in the shared shape to
// bench-results/latest.jsonl (@cbc/bench); progress goes to stderr. The working databases are
// dropped and the cluster stopped on exit, error or Ctrl-C (with --no-cache, removed).
//
// Knobs (environment; the reported figures use the defaults):
//   BENCH_SCALE_A / BENCH_SCALE_B   override the event counts (labelled in every note)
//   BENCH_PAIRS=5                   overview and SQL pairs
//   BENCH_REQUESTS=50               sequential requests per overview window
//   BENCH_DBT_PAIRS=3               incremental/full-refresh pairs
//   BENCH_BUDGET_MIN=20             warn when B's estimated load + dbt build exceeds this
//   BENCH_CACHE_DIR                 where the cached cluster lives (rm -rf it to clear the cache)
import { execFileSync, spawn } from 'node:child_process';
import { openBenchResults } from '@cbc/bench';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { freePort, generatePasswords, provisionDatabase, startCluster, stopCluster, type RoleUrls } from '@cbc/devstack';
import { runSeed } from '../src/commands/seed';
import { benchSeed } from './bulk-seed';
import { cacheName, LOADER_SOURCES, treeHash } from './cache-key';
import { buildApp, loadConfig, METRIC_TYPES, queryCells } from '@cbc/api';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const DBT = join(REPO_ROOT, '.venv', 'bin', 'dbt');
const DAY = 86_400_000;

const SMALL = process.argv.includes('--small');
const DBT_ONLY = process.argv.includes('--dbt-only');
const NO_CACHE = process.argv.includes('--no-cache');
const CACHE_DIR = resolve(process.env.BENCH_CACHE_DIR || join(REPO_ROOT, '.cache', 'bench-analytics'));
const num = (name: string, dflt: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const SCALE_A = num('BENCH_SCALE_A', SMALL ? 100_000 : 1_000_000);
const SCALE_B = num('BENCH_SCALE_B', SMALL ? 1_000_000 : 10_000_000);
const PAIRS = num('BENCH_PAIRS', 5);
const REQUESTS = num('BENCH_REQUESTS', 50);
const DBT_PAIRS = num('BENCH_DBT_PAIRS', 3);
const BUDGET_MIN = num('BENCH_BUDGET_MIN', 20);
const DAYS = 90;
const SEED = 42;
const OVERVIEW_URL = '/metrics/overview?window=7d&segment=guest_type';
// The base data ends DBT_PAIRS days before the start of today (UTC), so every day the dbt
// benchmark adds lies in the past (the last one ends at midnight) and no test sees future
// events. A whole day, not the current instant: the loaded data, and so the cache, stays valid
// for every run of the same day.
const NOW = Date.now();
const BASE_END = Math.floor(NOW / DAY) * DAY - DBT_PAIRS * DAY;

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const fmtN = (n: number) => (n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));

// ---------------------------------------------------------------------------------------------
// Statistics and output

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
};
const median = (xs: number[]) => quantile(xs, 0.5);
const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

interface Pair {
  a: number;
  b: number;
}

function gitSha(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT }).toString().trim() !== '';
    return dirty ? `${sha}-dirty` : sha;
  } catch {
    return 'unknown';
  }
}

const GIT_SHA = gitSha();
const STAMP = new Date().toISOString().replace(/[:.]/g, '-');
const RESULTS_DIR = join(REPO_ROOT, 'bench-results');
const RESULTS_FILE = join(RESULTS_DIR, `analytics-${STAMP}.jsonl`);

/**
 * One JSON line. `ratio` computes each pair's ratio; `target` is `<= x` or `>= x` on the median.
 */
const latest = openBenchResults('analytics', { gitSha: GIT_SHA });

function emit(o: {
  metric: string;
  pairs: Pair[];
  ratio: (p: Pair) => number;
  target: { op: '<=' | '>='; value: number };
  note: string;
  /** For bench-results/latest.jsonl: which side the ratio measures, against what, in what unit. */
  measured: 'a' | 'b';
  baseline: string;
  unit: string;
}) {
  const ratios = o.pairs.map(o.ratio);
  const ratio_median = median(ratios);
  const line = {
    metric: o.metric,
    ratio_median: round(ratio_median),
    ratio_min: round(Math.min(...ratios)),
    ratio_max: round(Math.max(...ratios)),
    pairs: o.pairs.length,
    abs_a: round(median(o.pairs.map((p) => p.a))),
    abs_b: round(median(o.pairs.map((p) => p.b))),
    target: `${o.target.op} ${o.target.value}`,
    pass: o.target.op === '<=' ? ratio_median <= o.target.value : ratio_median >= o.target.value,
    git_sha: GIT_SHA,
    note: o.note,
  };
  const text = JSON.stringify(line);
  process.stdout.write(`${text}\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  appendFileSync(RESULTS_FILE, `${text}\n`);
  latest.add({
    metric: o.metric,
    unit: o.unit,
    value: o.measured === 'a' ? line.abs_a : line.abs_b,
    baseline: o.baseline,
    baseline_value: o.measured === 'a' ? line.abs_b : line.abs_a,
    ratio: line.ratio_median,
    ratio_min: line.ratio_min,
    ratio_max: line.ratio_max,
    pairs: line.pairs,
    target: line.target,
    pass: line.pass,
    extra: { note: o.note },
  });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle: everything started is stopped on every exit path

const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      try {
        await cleanups.pop()!();
      } catch (err) {
        log(`cleanup step failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

interface Db {
  name: string;
  scale: number;
  urls: RoleUrls;
  adminUrl: string;
  rows: number;
  load_s: number;
  /** The load was a clone of the cached database: load_s is the clone's time. */
  cached: boolean;
  /** CPU seconds of the load (this process and the cluster's), when loaded in this run. */
  load_cpu_s: number;
  dbt_s: number;
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// dbt

let dbtWork = '';
let dbtSeq = 0;
let dbtPort = 0;
let transformerPassword = '';

/** Runs the real dbt CLI as the transformer role; returns wall seconds. Throws on failure. */
async function dbt(database: string, args: string[], label: string): Promise<number> {
  const work = join(dbtWork, `run-${(dbtSeq += 1)}`);
  const env = {
    ...process.env,
    DBT_HOST: '127.0.0.1',
    DBT_PORT: String(dbtPort),
    DBT_DATABASE: database,
    DBT_USER: 'cbc_transformer',
    DBT_ENV_SECRET_PASSWORD: transformerPassword,
    DBT_TARGET_PATH: join(work, 'target'),
    DBT_LOG_PATH: join(work, 'logs'),
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
  };
  const started = performance.now();
  const { code, output } = await new Promise<{ code: number; output: string }>((res, rej) => {
    const child = spawn(DBT, [...args, '--profiles-dir', 'dbt', '--project-dir', 'dbt'], { cwd: REPO_ROOT, env });
    const kill = () => {
      child.kill('SIGTERM');
    };
    cleanups.push(kill);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', rej);
    child.on('close', (c) => {
      const i = cleanups.indexOf(kill);
      if (i >= 0) cleanups.splice(i, 1);
      res({ code: c ?? 1, output: out });
    });
  });
  const s = (performance.now() - started) / 1000;
  const summary = output.match(/Done\. PASS=\d+ WARN=\d+ ERROR=\d+ SKIP=\d+[^\n]*/)?.[0] ?? '';
  log(`dbt ${label} on ${database}: ${s.toFixed(1)} s, exit ${code} ${summary}`);
  try {
    // The slowest nodes, from dbt's own timings: where an incremental run spends its time.
    const rr = JSON.parse(readFileSync(join(work, 'target', 'run_results.json'), 'utf8')) as { results: Array<{ unique_id: string; execution_time: number }> };
    const slow = [...rr.results].sort((x, y) => y.execution_time - x.execution_time).slice(0, 4);
    log(`  slowest: ${slow.map((r) => `${r.unique_id.split('.').slice(-1)[0]} ${r.execution_time.toFixed(1)} s`).join(', ')}`);
  } catch {
    // run_results.json is missing when dbt failed early; the output above says why.
  }
  if (code !== 0) {
    process.stderr.write(output.split('\n').slice(-40).join('\n') + '\n');
    throw new Error(`dbt ${args.join(' ')} failed on ${database} (exit ${code})`);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Data

// Fixed, so the same options load the same rows (ip_hash, ledger links) and a cached database
// equals a fresh load. Bench-only values for a throwaway cluster.
const IP_SALT = 'cbc-bench-analytics-ip-salt';
// Bulk rows are checked against the deletion ledger, keyed like the API's (empty here).
const LEDGER_KEY = 'cbc-bench-analytics-ledger-key';

async function seed(db: Db, o: { scale: number; days: number; end: number; seed: number; quiet?: boolean }) {
  const summary = await runSeed({
    seed: o.seed,
    days: o.days,
    scale: o.scale,
    end: o.end,
    env: { DATABASE_URL: db.urls.cbc_ingest, IP_SALT, PRIVACY_LEDGER_KEY: LEDGER_KEY },
    log: o.quiet ? () => undefined : (line) => log(`${db.name}: ${line}`),
  });
  if (summary.mode !== 'bulk') throw new Error('expected bulk mode');
  return summary.rows.events;
}

interface ClusterInfo {
  adminUrl: string;
  port: number;
  passwords: ReturnType<typeof generatePasswords>;
  dataDir: string;
}

/**
 * CPU seconds used so far by this process and by the cluster's processes (the postmaster's
 * children, from /proc): the load's cost in CPU, which other jobs on a shared machine do not
 * change as much as they change its wall time (reference protocol: resource per unit of work).
 */
function cpuSeconds(dataDir: string): number {
  const self = process.cpuUsage();
  let total = (self.user + self.system) / 1e6;
  try {
    const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
    const tick = 100; // USER_HZ on Linux
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // Fields after the command: state ppid … utime (14th of the line), stime, cutime, cstime
        // (17th). The postmaster's cutime/cstime hold the backends that have ended (it reaps them).
        if (pid === postmaster) total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / tick;
        else if (f[1] === postmaster) total += (Number(f[11]) + Number(f[12])) / tick;
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    return NaN; // not Linux, or the cluster is not running
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Cache: loaded databases kept as templates in the cached cluster

const SOURCES_HASH = treeHash(REPO_ROOT, LOADER_SOURCES);
const cacheKey = (scale: number, realisticReceivedAt: boolean) =>
  cacheName({ scale, seed: SEED, days: DAYS, end: BASE_END, realisticReceivedAt, sources: SOURCES_HASH });

async function createDb(name: string, scale: number, cluster: ClusterInfo, template?: string): Promise<Db> {
  const urls = await provisionDatabase({ adminUrl: cluster.adminUrl, port: cluster.port, database: name, passwords: cluster.passwords, ...(template ? { template } : {}) });
  return { name, scale, urls, adminUrl: cluster.adminUrl.replace(/\/[^/]*$/, `/${name}`), rows: 0, load_s: 0, cached: false, load_cpu_s: 0, dbt_s: 0 };
}

/**
 * Bulk load: COPY stamps received_at with the load time. Real events are received as they
 * occur, and dbt's incremental marts rebuild every day holding a row received since (their last
 * run − 15 min): left as loaded, the first incremental runs would rebuild all 90 days. So, where
 * the dbt benchmark runs, received_at is set to occurred_at + 1 s before the first build.
 */
async function loadAndBuild(name: string, scale: number, cluster: ClusterInfo, realisticReceivedAt: boolean): Promise<Db> {
  const t = performance.now();
  const cached = NO_CACHE ? null : cacheKey(scale, realisticReceivedAt);
  const hit = cached !== null && (await admin(cluster.adminUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [cached])).rowCount === 1));
  let db: Db;
  if (hit) {
    // A file-level copy of the database as it was right after its load: seconds, not minutes.
    db = await createDb(name, scale, cluster, cached);
    db.cached = true;
    db.rows = await admin(db.adminUrl, async (c) => Number((await c.query('SELECT count(*) AS n FROM raw.events')).rows[0].n));
    db.load_s = (performance.now() - t) / 1000;
    log(`${name}: ${db.rows} events cloned from the cache (${cached}) in ${db.load_s.toFixed(0)} s`);
  } else {
    db = await createDb(name, scale, cluster);
    const cpu0 = cpuSeconds(cluster.dataDir);
    log(`${name}: bulk-loading ~${fmtN(scale)} events over ${DAYS} days ending ${new Date(BASE_END).toISOString()}`);
    const r = await benchSeed(db.adminUrl, {
      seed: SEED,
      days: DAYS,
      scale,
      end: BASE_END,
      env: { DATABASE_URL: db.urls.cbc_ingest, IP_SALT, PRIVACY_LEDGER_KEY: LEDGER_KEY },
      log: (line) => log(`${name}: ${line}`),
    });
    db.rows = r.events;
    const cpu = cpuSeconds(cluster.dataDir) - cpu0;
    await admin(db.adminUrl, async (c) => {
      if (realisticReceivedAt) {
        await c.query(`UPDATE raw.events SET received_at = occurred_at + interval '1 second'`);
        await c.query(`UPDATE raw.event_ids SET received_at = occurred_at + interval '1 second'`);
      }
      await c.query('VACUUM ANALYZE');
      await c.query('CHECKPOINT');
    });
    db.load_s = (performance.now() - t) / 1000;
    db.load_cpu_s = cpuSeconds(cluster.dataDir) - cpu0;
    log(
      `${name}: ${db.rows} events in ${db.load_s.toFixed(0)} s: ${Math.round(db.rows / db.load_s)} events/s wall, ${Math.round(db.rows / cpu)} events per CPU second of the seed ` +
        `(node + postgres, ${cpu.toFixed(0)} CPU s), ${Math.round(db.rows / db.load_cpu_s)} with the index rebuild (${r.index_s.toFixed(0)} s), UPDATE and VACUUM (${db.load_cpu_s.toFixed(0)} CPU s); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    );
    if (cached) {
      // Kept before dbt or the benchmark touch it; nobody is connected to it now.
      await admin(cluster.adminUrl, async (c) => {
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(cached)} TEMPLATE ${pg.escapeIdentifier(name)}`);
        // The end day, so a later day's run can drop it (no run of another day can use it).
        await c.query(`COMMENT ON DATABASE ${pg.escapeIdentifier(cached)} IS ${pg.escapeLiteral(`end ${new Date(BASE_END).toISOString()}`)}`);
      });
      log(`${name}: kept in the cache as ${cached} (${CACHE_DIR})`);
    }
  }
  db.dbt_s = await dbt(db.name, ['build'], 'build (full)');
  await admin(db.adminUrl, async (c) => {
    await c.query('VACUUM ANALYZE');
  });
  return db;
}

// ---------------------------------------------------------------------------------------------
// 1. GET /metrics/overview at A vs B

async function overviewBench(a: Db, b: Db, note: string) {
  const readKey = randomBytes(18).toString('hex');
  const mkApp = async (db: Db) => {
    const app = await buildApp(
      loadConfig({
        DATABASE_URL: db.urls.cbc_ingest,
        DATABASE_READ_URL: db.urls.cbc_reader,
        READ_API_KEYS: `bench:${readKey}`,
        INGEST_API_KEYS: `ingest:${randomBytes(18).toString('hex')}`,
        IP_SALT,
        PRIVACY_LEDGER_KEY: randomBytes(18).toString('hex'),
        METRICS_CACHE_TTL_SECONDS: '0',
        // Every metric × 5 pairs × BENCH_REQUESTS from one key: far over a real client's limit.
        RATE_LIMIT_MAX: '1000000',
        REDIS_URL: '',
        LOG_LEVEL: 'warn',
      }),
      // The API's log lines go to stderr: stdout carries only the metric lines.
      { logStream: process.stderr },
    );
    await app.ready();
    cleanups.push(() => app.close());
    return app;
  };
  const apps = { a: await mkApp(a), b: await mkApp(b) };
  const headers = { authorization: `Bearer ${readKey}` };

  // Sanity: both answer with a non-empty series before anything is timed.
  for (const k of ['a', 'b'] as const) {
    const res = await apps[k].inject({ url: OVERVIEW_URL, headers });
    if (res.statusCode !== 200) throw new Error(`overview on ${k}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
    const body = res.json() as { series: unknown[]; totals: Record<string, unknown> };
    if (!Array.isArray(body.series) || body.series.length === 0) throw new Error(`overview on ${k}: empty series`);
    log(`overview ${k}: ${body.series.length} series cells, totals ${JSON.stringify(body.totals).slice(0, 160)}`);
  }

  const window = async (k: 'a' | 'b', url: string) => {
    for (let i = 0; i < 10; i += 1) await apps[k].inject({ url, headers }); // warm-up, discarded
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i += 1) {
      const t = performance.now();
      const res = await apps[k].inject({ url, headers });
      ms.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`${url} on ${k}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
    return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
  };
  const timed = async (url: string, label: string) => {
    const p50: Pair[] = [];
    const p95: Pair[] = [];
    for (let i = 0; i < PAIRS; i += 1) {
      const order: Array<'a' | 'b'> = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
      const r: Record<string, { p50: number; p95: number }> = {};
      for (const k of order) r[k] = await window(k, url);
      p50.push({ a: r.a!.p50, b: r.b!.p50 });
      p95.push({ a: r.a!.p95, b: r.b!.p95 });
      log(`${label} pair ${i + 1}/${PAIRS} (${order.join(' ')}): p50 ${r.a!.p50.toFixed(2)} / ${r.b!.p50.toFixed(2)} ms, p95 ${r.a!.p95.toFixed(2)} / ${r.b!.p95.toFixed(2)} ms`);
    }
    return { p50, p95 };
  };

  const { p50, p95 } = await timed(OVERVIEW_URL, 'overview');
  const base = `A=${a.rows} events (db ${a.name}, scale ${fmtN(a.scale)}), B=${b.rows} events (db ${b.name}, scale ${fmtN(b.scale)}); ${REQUESTS} sequential app.inject requests per window after 10 discarded, cache off (METRICS_CACHE_TTL_SECONDS=0), reader role; abs in ms; ${note}`;
  const label = a.scale === 1_000_000 && b.scale === 10_000_000 ? '' : ` SCALE IS NOT 1M/10M: ratio is B/A at the scales above.`;
  const sides = { measured: 'b', baseline: `the same request at A (${a.rows} events)`, unit: 'ms' } as const;
  emit({ metric: 'metrics_overview_p50_10m_vs_1m', pairs: p50, ratio: (p) => p.b / p.a, target: { op: '<=', value: 1.3 }, note: `p50(B)/p50(A). ${base}.${label}`, ...sides });
  emit({ metric: 'metrics_overview_p95_10m_vs_1m', pairs: p95, ratio: (p) => p.b / p.a, target: { op: '<=', value: 1.3 }, note: `p95(B)/p95(A). ${base}.${label}`, ...sides });

  // Every other metric the dashboard reads, over the same 7 days, without a segment: p50 only.
  // realtime is left out: it counts the last hour of raw events, which this data (ending at
  // midnight) does not have, and it reads raw.realtime_activity, not a mart.
  for (const type of METRIC_TYPES.filter((t) => t !== 'overview' && t !== 'realtime')) {
    const url = `/metrics/${type}?window=7d`;
    const r = await timed(url, type);
    emit({ metric: `metrics_${type}_p50_10m_vs_1m`, pairs: r.p50, ratio: (p) => p.b / p.a, target: { op: '<=', value: 1.3 }, note: `p50(B)/p50(A) of GET ${url}. ${base}.${label}`, ...sides });
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The same question over raw.events vs the mart (the API's own SQL)

// 7-day totals by guest_type over raw events. The mart side also carries FAQ deflection (a
// 30-minute follow-up search per view); this raw query leaves it out, so the speedup it gives
// is a lower bound. Sessions: distinct session ids seen in the window (the mart counts sessions
// started in it; the work is the same kind).
const RAW_SQL = `
  SELECT e.guest_type AS segment_value,
         count(*) AS events,
         count(DISTINCT e.session_id) AS sessions,
         count(*) FILTER (WHERE e.event_type = 'page_view') AS page_views,
         count(*) FILTER (WHERE e.event_type = 'search') AS searches,
         count(*) FILTER (WHERE e.event_type = 'search' AND (e.properties ->> 'results_count')::int = 0) AS zero_result_searches,
         count(*) FILTER (WHERE e.event_type = 'faq_view') AS faq_views,
         count(*) FILTER (WHERE e.event_type = 'chat_session_started') AS chats,
         count(*) FILTER (WHERE e.event_type = 'service_request' AND e.properties ->> 'status' = 'created') AS service_requests,
         count(DISTINCT md5(e.guest_id)) AS guests
  FROM raw.events e
  WHERE e.occurred_at >= $1 AND e.occurred_at < $2
  GROUP BY 1 ORDER BY 1`;

async function martSpeedup(db: Db, note: string) {
  const pool = new pg.Pool({ connectionString: db.adminUrl, max: 1 });
  cleanups.push(() => pool.end());
  const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const range = { from: new Date(to.getTime() - 7 * DAY), to };
  const runRaw = async () => (await pool.query(RAW_SQL, [range.from, range.to])).rows;
  const runMart = async () => queryCells(pool, 'overview', range, { bucket: null, segment: 'guest_type', timeZone: 'UTC' });

  const raw = await runRaw();
  const mart = await runMart();
  const rawEvents = raw.reduce((s, r) => s + Number(r.events), 0);
  const martEvents = mart.reduce((s, c) => s + (c.values.events ?? 0), 0);
  log(`mart check: 7-day events raw ${rawEvents}, mart ${martEvents} (${raw.length} / ${mart.length} guest types)`);

  const window = async (fn: () => Promise<unknown>, n: number) => {
    await fn(); // warm-up, discarded
    const ms: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    return median(ms);
  };
  const pairs: Pair[] = [];
  for (let i = 0; i < PAIRS; i += 1) {
    const r: { a?: number; b?: number } = {};
    if (i % 2 === 0) {
      r.a = await window(runRaw, 5);
      r.b = await window(runMart, 20);
    } else {
      r.b = await window(runMart, 20);
      r.a = await window(runRaw, 5);
    }
    pairs.push({ a: r.a, b: r.b });
    log(`mart pair ${i + 1}/${PAIRS}: raw ${r.a.toFixed(2)} ms, mart ${r.b.toFixed(2)} ms`);
  }
  emit({
    metric: 'mart_speedup_overview_7d',
    pairs,
    ratio: (p) => p.a / p.b,
    measured: 'a',
    baseline: "the API's overview SQL on the marts",
    unit: 'ms',
    target: { op: '>=', value: 20 },
    note:
      `raw_ms/mart_ms on db ${db.name} (${db.rows} events, scale ${fmtN(db.scale)}): a = SQL over raw.events (median of 5 per window), b = the API's overview SQL (services/api/src/analytics/sql/overview.ts on marts.fct_hourly_activity + fct_guest_hourly, segment guest_type, no bucket; median of 20); ` +
      `7-day window holding ${rawEvents} raw events (mart events ${martEvents}); raw side omits FAQ deflection, so a lower bound; superuser connection, one client; ${note}`,
  });
}

// ---------------------------------------------------------------------------------------------
// 3. dbt incremental after +1 day vs full refresh

async function dbtBench(db: Db, note: string) {
  const perDay = Math.max(1, Math.round(db.scale / DAYS));
  let added = 0;
  let addedRows = 0;
  const addDay = async () => {
    added += 1;
    const end = BASE_END + added * DAY;
    const t = performance.now();
    const rows = await seed(db, { scale: perDay, days: 1, end, seed: SEED + 1000 + added, quiet: true });
    addedRows += rows;
    await admin(db.adminUrl, (c) => c.query('ANALYZE raw.events'));
    log(`${db.name}: +1 day (${rows} events ending ${new Date(end).toISOString()}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  // After a pair, the added day counts as received before the runs that follow (as it would be
  // in production, where it arrives during the day, before the next nightly run).
  const age = () =>
    admin(db.adminUrl, async (c) => {
      await c.query(`UPDATE raw.events SET received_at = occurred_at + interval '1 second' WHERE received_at > occurred_at + interval '1 minute'`);
    });

  log('dbt: warm-up incremental run (discarded)');
  await dbt(db.name, ['build', '--select', 'marts'], 'warm-up incremental');
  const pairs: Pair[] = [];
  for (let i = 0; i < DBT_PAIRS; i += 1) {
    let inc = 0;
    let full = 0;
    if (i % 2 === 0) {
      await addDay();
      inc = await dbt(db.name, ['build', '--select', 'marts'], `incremental #${i + 1}`);
      full = await dbt(db.name, ['build', '--full-refresh', '--select', 'marts'], `full refresh #${i + 1}`);
    } else {
      full = await dbt(db.name, ['build', '--full-refresh', '--select', 'marts'], `full refresh #${i + 1}`);
      await addDay();
      inc = await dbt(db.name, ['build', '--select', 'marts'], `incremental #${i + 1}`);
    }
    await age();
    pairs.push({ a: inc, b: full });
  }
  emit({
    metric: 'dbt_incremental_vs_full_refresh',
    pairs,
    ratio: (p) => p.a / p.b,
    measured: 'a',
    baseline: 'dbt build --full-refresh --select marts',
    unit: 's',
    target: { op: '<=', value: 0.2 },
    note:
      `incremental/full wall seconds of \`dbt build --select marts\` (models + their tests) vs \`dbt build --full-refresh --select marts\` on db ${db.name} (${db.rows} events + ${addedRows} added); ` +
      `each incremental preceded by +1 day (~${perDay} events, seed bulk mode --days 1, new seed); abs_a = incremental s, abs_b = full s; includes dbt's own start-up (~parse, hooks); ${note}`,
  });
}

// ---------------------------------------------------------------------------------------------

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), 'cbc-bench-analytics-'));
  chmodSync(root, 0o755); // postgres runs as its own user when we are root
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  dbtWork = join(root, 'dbt');
  // The cached cluster (or, with --no-cache, one in the temporary directory). Its superuser
  // password is kept beside it: a local throwaway cluster on 127.0.0.1, nothing else uses it.
  const home = NO_CACHE ? root : CACHE_DIR;
  mkdirSync(home, { recursive: true, mode: 0o755 });
  chmodSync(home, 0o755); // postgres runs as its own user when we are root
  // One run per cache directory: a second would stop the first one's cluster under it.
  const owner = join(home, 'owner.pid');
  const other = existsSync(owner) ? Number(readFileSync(owner, 'utf8')) : 0;
  if (other > 0 && other !== process.pid && alive(other)) throw new Error(`another bench run (pid ${other}) uses ${home}; wait for it, or set BENCH_CACHE_DIR`);
  writeFileSync(owner, String(process.pid));
  cleanups.push(() => rmSync(owner, { force: true }));
  const pgDataDir = join(home, 'pg');
  const secret = join(home, 'superuser-password');
  if (!existsSync(secret)) writeFileSync(secret, randomBytes(12).toString('hex'), { mode: 0o600 });
  const password = readFileSync(secret, 'utf8').trim();
  const port = await freePort();
  log(`scale A=${fmtN(SCALE_A)} B=${fmtN(SCALE_B)}${SMALL ? ' (--small)' : ''}; ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}; results → ${RESULTS_FILE}; cluster ${pgDataDir}`);
  // A run that was killed may have left its cluster running on another port.
  await stopCluster(pgDataDir, 'fast');
  cleanups.push(() => stopCluster(pgDataDir, 'fast'));
  // Bench-only durability trade: a lost commit after a crash costs a re-run, nothing else. The
  // reads and dbt runs timed below see the same settings on both sides of every ratio.
  const cluster = await startCluster({
    dataDir: pgDataDir,
    port,
    password,
    logFile: join(root, 'pg-log', 'postgres.log'),
    settings: { synchronous_commit: 'off', maintenance_work_mem: "'512MB'", max_wal_size: "'8GB'", checkpoint_timeout: "'30min'" },
  });
  dbtPort = port;
  const passwords = generatePasswords();
  transformerPassword = passwords.cbc_transformer;
  const info: ClusterInfo = { adminUrl: cluster.adminUrl, port, passwords, dataDir: pgDataDir };
  const settings = await admin(cluster.adminUrl, async (c) => {
    // The working databases of a run that was killed, and cached loads of another day.
    for (const name of ['bench_a', 'bench_b']) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const stale = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'cache\\_%' AND coalesce(shobj_description(oid, 'pg_database'), '') <> $1`,
      [`end ${new Date(BASE_END).toISOString()}`],
    );
    for (const { datname } of stale.rows) {
      await c.query(`DROP DATABASE ${pg.escapeIdentifier(datname)}`);
      log(`dropped ${datname}: a cached load of another day`);
    }
    const r = await c.query(`SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_parallel_workers_per_gather') ORDER BY name`);
    return r.rows.map((x) => `${x.name}=${x.setting}`).join(' ');
  });
  cleanups.push(() => admin(cluster.adminUrl, async (c) => {
    for (const name of ['bench_a', 'bench_b']) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }));
  log(`postgres 17 on :${port}: ${settings}`);
  const env = `postgres ${settings}; ${cpus().length} cores shared, load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')}${SMALL ? '; --small' : ''}`;
  const loadNote = (d: Db) => (d.cached ? `load cached (clone ${d.load_s.toFixed(0)} s)` : `load ${d.load_s.toFixed(0)} s`);

  // A first, and the dbt benchmark on it right away: it needs only A, so its figure exists even
  // when B (10M) is stopped for time. It adds DBT_PAIRS days to A; B gets the same days below,
  // so both cover the same 90 + DBT_PAIRS days, ending at midnight, when the overview is timed.
  const a = await loadAndBuild('bench_a', SCALE_A, info, true);
  const bCached = NO_CACHE ? false : await admin(cluster.adminUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [cacheKey(SCALE_B, false)])).rowCount === 1);
  // Linear in events; the load part from A's own rate when A was loaded in this run.
  const loadEstimate = bCached ? 0 : a.cached ? NaN : a.load_s * (SCALE_B / SCALE_A);
  const estimate = ((Number.isNaN(loadEstimate) ? 0 : loadEstimate) + a.dbt_s * (SCALE_B / SCALE_A)) / 60;
  log(
    `A took ${loadNote(a)} + ${a.dbt_s.toFixed(0)} s dbt build; B (${fmtN(SCALE_B)}) extrapolates to ~${estimate.toFixed(0)} min ` +
      `(load ${bCached ? 'cached' : Number.isNaN(loadEstimate) ? 'unknown: A came from the cache' : `~${(loadEstimate / 60).toFixed(0)} min`} + dbt build ~${((a.dbt_s * (SCALE_B / SCALE_A)) / 60).toFixed(0)} min)`,
  );
  if (!DBT_ONLY && estimate > BUDGET_MIN) log(`WARNING: B is estimated at ~${estimate.toFixed(0)} min, over the ${BUDGET_MIN}-min budget; continuing (set BENCH_SCALE_B or use --small for a quick run)`);
  await dbtBench(a, `A ${loadNote(a)} + first dbt build ${a.dbt_s.toFixed(0)} s; ${env}`);
  if (DBT_ONLY) {
    log(`done (--dbt-only) in ${((performance.now() - started) / 60000).toFixed(1)} min`);
    return;
  }

  const b = await loadAndBuild('bench_b', SCALE_B, info, false);
  const perDayB = Math.max(1, Math.round(b.scale / DAYS));
  const t = performance.now();
  for (let i = 1; i <= DBT_PAIRS; i += 1) b.rows += await seed(b, { scale: perDayB, days: 1, end: BASE_END + i * DAY, seed: SEED + 1000 + i, quiet: true });
  await dbt(b.name, ['build', '--select', 'marts'], 'incremental after the added days');
  await admin(b.adminUrl, (c) => c.query('VACUUM ANALYZE'));
  log(`${b.name}: +${DBT_PAIRS} days (~${perDayB}/day) and incremental build in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  a.rows = await admin(a.adminUrl, async (c) => Number((await c.query('SELECT count(*) AS n FROM raw.events')).rows[0].n));
  b.rows = await admin(b.adminUrl, async (c) => Number((await c.query('SELECT count(*) AS n FROM raw.events')).rows[0].n));
  void t;

  const common = `A ${loadNote(a)} + dbt build ${a.dbt_s.toFixed(0)} s, B ${loadNote(b)} + dbt build ${b.dbt_s.toFixed(0)} s; both ${DAYS} days + ${DBT_PAIRS} added days (~1/${DAYS} of the scale each), ending at midnight UTC; ${env}`;
  await overviewBench(a, b, common);
  await martSpeedup(b, common);
  log(`done in ${((performance.now() - started) / 60000).toFixed(1)} min`);
}

main()
  .then(() => cleanup())
  .catch(async (err) => {
    log(`FAILED: ${(err as Error).stack ?? err}`);
    await cleanup();
    process.exitCode = 1;
  });
