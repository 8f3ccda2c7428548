import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createTestDatabase, freePort, startRedis, startTestStack, stopRedis } from '@cbc/devstack';
import { buildApp, loadConfig } from '@cbc/api';
import { createStaffCommand, runSeed } from '@cbc/jobs';
import { ADMIN, ensureBuild, SERVER } from './build';
import { knownEventsPlan, sendKnownEvents, type KnownEvents } from './known-events';

export type StaffRole = 'viewer' | 'operator' | 'privacy_officer' | 'admin';

/** What the e2e tests (and the benchmark) get: addresses, keys and one login per role. */
export interface E2EContext {
  baseUrl: string;
  apiUrl: string;
  ingestKey: string;
  readKey: string;
  privacyKey: string;
  /** Superuser URL of the test database (tests look at what is really stored). */
  dbAdminUrl: string;
  /** The admin's own Redis, which one test stops and restarts. */
  adminRedisDir: string;
  adminRedisPort: number;
  users: Record<StaffRole, { email: string; password: string }>;
  artifacts: string;
  /** Where the hand-countable searches beside the seed are (known-events.ts). */
  known: KnownEvents;
}

const ROOT = join(ADMIN, '..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
const DBT = join(ROOT, '.venv', 'bin', 'dbt');

function run(cmd: string, args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function waitFor(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the admin server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The whole stack on loopback: PostgreSQL 17 and Redis (devstack), the Ingest API in this
 * process, ~5,000 seeded events and a few dozen known ones (known-events.ts) through the API, a real `dbt build`, staff accounts created
 * through the CLI command, and the production admin server. The Next build runs in parallel
 * with the rest, since it needs none of it.
 */
export async function startE2EStack(log: (line: string) => void = (l) => console.log(`[e2e] ${l}`)) {
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  mkdirSync(ARTIFACTS, { recursive: true });
  const building = ensureBuild(log);
  building.catch(() => {}); // awaited below; avoid an unhandled rejection while the rest runs

  const { stack, stop: stopStack } = await startTestStack();
  const db = await createTestDatabase(stack, 'cbc_e2e');
  const adminRedisDir = mkdtempSync(join(tmpdir(), 'cbc-admin-redis-'));
  const adminRedis = await startRedis({ dir: adminRedisDir, port: await freePort() });
  log(`postgres :${stack.port}, redis ${stack.redisUrl} (API) and ${adminRedis.url} (admin) after ${since()}`);

  const ingestKey = `e2e-ingest-${randomBytes(12).toString('hex')}`;
  const readKey = `e2e-read-${randomBytes(12).toString('hex')}`;
  const privacyKey = `e2e-privacy-${randomBytes(12).toString('hex')}`;
  const hmac = `whsec_${randomBytes(32).toString('base64')}`;
  const apiLog = createWriteStream(join(ARTIFACTS, 'e2e-api.log'));
  const logStream = new PassThrough();
  logStream.pipe(apiLog);
  const api = await buildApp(
    loadConfig({
      DATABASE_URL: db.urls.cbc_ingest,
      DATABASE_READ_URL: db.urls.cbc_reader,
      DATABASE_PRIVACY_URL: db.urls.cbc_privacy,
      REDIS_URL: stack.redisUrl,
      INGEST_API_KEYS: `e2e-agent:${ingestKey}`,
      READ_API_KEYS: `e2e-dashboard:${readKey}`,
      PRIVACY_API_KEYS: `e2e-privacy:${privacyKey}`,
      // The dashboard's key, which alone may name the signed-in staff member in the audit log.
      PRIVACY_STAFF_KEY_IDS: 'e2e-privacy',
      PRIVACY_LEDGER_KEY: randomBytes(16).toString('hex'),
      HMAC_SECRET: hmac,
      IP_SALT: randomBytes(16).toString('hex'),
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMIT_MAX: '100000',
    }),
    { logStream },
  );
  await api.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;

  const seed = await runSeed({ env: { API_URL: apiUrl, INGEST_API_KEYS: `e2e-agent:${ingestKey}`, HMAC_SECRET: hmac } });
  if (seed.mode !== 'api' || seed.failed > 0) throw new Error(`seed failed: ${JSON.stringify(seed).slice(0, 500)}`);
  log(`seeded ${JSON.stringify(seed.results)} after ${since()}`);
  const known = knownEventsPlan();
  await sendKnownEvents(apiUrl, ingestKey, known);
  log(`known events around ${known.dstDay} (a ${known.dstDayHours}-hour day) and from ${known.weeklyFrom}`);

  const work = mkdtempSync(join(tmpdir(), 'cbc-e2e-dbt-'));
  const dbt = await run(
    DBT,
    ['build', '--profiles-dir', 'dbt', '--project-dir', 'dbt'],
    {
      DBT_HOST: '127.0.0.1',
      DBT_PORT: String(stack.port),
      DBT_DATABASE: db.name,
      DBT_USER: 'cbc_transformer',
      DBT_ENV_SECRET_PASSWORD: stack.passwords.cbc_transformer,
      DBT_TARGET_PATH: join(work, 'target'),
      DBT_LOG_PATH: join(work, 'logs'),
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    },
    ROOT,
  );
  if (dbt.code !== 0) throw new Error(`dbt build failed:\n${dbt.output.slice(-4000)}`);
  log(`dbt build done after ${since()}`);

  const users = {} as E2EContext['users'];
  for (const role of ['viewer', 'operator', 'privacy_officer', 'admin'] as const) {
    const email = `${role.replace('_', '.')}@cbc.test`;
    const password = `e2e-${role}-${randomBytes(9).toString('base64url')}`;
    const out = new PassThrough();
    const code = await createStaffCommand.run(['--email', email, '--role', role, '--password-stdin'], {
      stdin: PassThrough.from([`${password}\n`]),
      stdout: out,
      stderr: out,
      env: { ADMIN_DATABASE_URL: db.urls.cbc_admin },
    });
    if (code !== 0) throw new Error(`create-staff ${role} failed`);
    users[role] = { email, password };
  }

  await building;
  const port = await freePort();
  const serverLog = createWriteStream(join(ARTIFACTS, 'e2e-admin.log'));
  const server = spawn(process.execPath, [SERVER], {
    cwd: join(ADMIN, '.next', 'standalone', 'admin'),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      API_URL: apiUrl,
      READ_API_KEYS: `e2e-dashboard:${readKey}`,
      PRIVACY_API_KEYS: `e2e-privacy:${privacyKey}`,
      ADMIN_DATABASE_URL: db.urls.cbc_admin,
      REDIS_URL: adminRedis.url,
      // The suite signs in a few times per role: the limit stays on but out of its way.
      LOGIN_MAX_ATTEMPTS: '200',
      LOGIN_MAX_ATTEMPTS_PER_EMAIL: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.pipe(serverLog);
  server.stderr!.pipe(serverLog);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${baseUrl}/api/health`, 30_000, server);
  log(`admin serving at ${baseUrl} after ${since()}`);

  const context: E2EContext = {
    baseUrl,
    apiUrl,
    ingestKey,
    readKey,
    privacyKey,
    dbAdminUrl: db.adminUrl,
    adminRedisDir,
    adminRedisPort: adminRedis.port,
    users,
    artifacts: ARTIFACTS,
    known,
  };
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    await api.close();
    await stopRedis(adminRedisDir);
    rmSync(adminRedisDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
    await stopStack();
  };
  return { context, stop };
}
