// `make up`: the whole stack on this machine, on embedded defaults. Re-runnable: whatever is
// already running is kept, whatever is missing is started. `make down` stops it all.
// Each step prints one line with its time (deploy/local/steps.ts); tools stay quiet unless their
// step fails. The admin's Next.js build is the longest step, so it runs alongside the others
// (started first, awaited last) instead of before them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionDatabase, redisServerPath, roleUrl, startCluster, startRedis } from '@cbc/devstack';
import { runSeed, seedSummaryLine } from '@cbc/jobs';
import { DATABASE, LOCAL, PATHS, PORTS, ROOT } from './paths';
import { servicePid, startService, waitForHttp } from './processes';
import { localSecrets } from './secrets';
import { ADMIN_PORT, startAdmin } from './admin';
import { dbtProgress } from './dbt-progress';
import { CommandError, runQuiet, seconds, Steps } from './steps';

/** Stops the background build when `make up` fails, so no orphan keeps compiling. */
const background = new AbortController();

async function main() {
  for (const d of [LOCAL, PATHS.logs, PATHS.run]) mkdirSync(d, { recursive: true });
  const s = localSecrets();
  const steps = new Steps(8);
  const quiet = (cmd: string, args: string[], env: Record<string, string> = {}, onLine?: (line: string) => void) =>
    runQuiet(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, signal: background.signal, ...(onLine ? { onLine } : {}) });

  // A running service is kept as it is (not restarted), so it needs no build.
  const apiRunning = servicePid('api') !== null;
  const adminRunning = servicePid('admin') !== null;
  await steps.run(apiRunning ? 'API build (skipped: the API runs)' : 'API build (esbuild)', async () => {
    if (!apiRunning) await quiet('npm', ['run', '-s', 'build', '-w', '@cbc/api']);
  });
  const adminBuildStarted = performance.now();
  const adminBuild: Promise<number> = adminRunning
    ? Promise.resolve(0)
    : quiet('npm', ['run', '-s', 'build', '-w', '@cbc/admin']).then(() => performance.now() - adminBuildStarted);
  // Awaited in the admin step; until then a failure must not surface as an unhandled rejection.
  adminBuild.catch(() => undefined);
  if (!adminRunning) steps.print('      the admin dashboard\'s Next.js production build runs in the background until the last step');

  const cluster = await steps.run(`PostgreSQL 17 on :${PORTS.postgres} (embedded, data in .local/pg)`, () =>
    startCluster({
      dataDir: PATHS.pgData,
      port: PORTS.postgres,
      password: s.superuserPassword,
      logFile: join(PATHS.logs, 'postgres.log'),
    }),
  );
  const urls = await steps.run('roles and migrations', () =>
    provisionDatabase({ adminUrl: cluster.adminUrl, port: PORTS.postgres, database: DATABASE, passwords: s.rolePasswords }),
  );

  let redisUrl = '';
  await steps.run(redisServerPath() ? `Redis on :${PORTS.redis}` : 'Redis (not installed)', async (ctx) => {
    if (redisServerPath()) redisUrl = (await startRedis({ dir: PATHS.redis, port: PORTS.redis })).url;
    else ctx.note('\u001b[33mthe API runs with its in-process fallbacks (per-process rate limits, no cache).\u001b[0m Install it with: apt-get install -y redis-server');
  });

  const env: Record<string, string> = {
    API_URL: `http://127.0.0.1:${PORTS.api}`,
    DATABASE_URL: urls.cbc_ingest,
    DATABASE_ADMIN_URL: roleUrl(PORTS.postgres, DATABASE, 'postgres', s.superuserPassword),
    DATABASE_MIGRATOR_URL: urls.cbc_migrator,
    DATABASE_READ_URL: urls.cbc_reader,
    DATABASE_PRIVACY_URL: urls.cbc_privacy,
    DATABASE_PRUNER_URL: urls.cbc_pruner,
    DATABASE_TRANSFORMER_URL: urls.cbc_transformer,
    ADMIN_DATABASE_URL: urls.cbc_admin,
    REDIS_URL: redisUrl,
    INGEST_API_KEYS: `local-agent:${s.ingestKey}`,
    READ_API_KEYS: `local-dashboard:${s.readKey}`,
    PRIVACY_API_KEYS: `local-privacy:${s.privacyKey}`,
    // The dashboard calls with this key, and names the signed-in staff member with it.
    PRIVACY_STAFF_KEY_IDS: 'local-privacy',
    HMAC_SECRET: s.hmacSecret,
    IP_SALT: s.ipSalt,
    PRIVACY_LEDGER_KEY: s.ledgerKey,
    // Loopback only: the local stack runs on a developer's machine, whose network should reach
    // neither the API nor its metrics (the chart's containers keep the 0.0.0.0 default).
    HOST: '127.0.0.1',
    PORT: String(PORTS.api),
    METRICS_HOST: '127.0.0.1',
    METRICS_PORT: String(PORTS.metrics),
  };
  writeFileSync(
    PATHS.stackEnv,
    '# Written by `make up`: the local stack\'s settings (development values, generated per checkout).\n' +
      Object.entries(env)
        .map(([k, v]) => `${k}='${v}'`)
        .join('\n') +
      '\n',
    { mode: 0o600 },
  );

  await steps.run(`API on ${env.HOST}:${PORTS.api} (metrics :${PORTS.metrics}; log .local/logs/api.log)`, async (ctx) => {
    if (apiRunning) ctx.note('already running (make down to stop it)');
    else startService('api', process.execPath, ['--enable-source-maps', 'services/api/dist/server.js'], env, ROOT);
    await waitForHttp(`${env.API_URL}/ready`, 30_000);
  });

  // Seed through the real API (events and signed webhooks); a re-run sends the same ids, so it
  // only reports duplicates. Then build the marts the metrics API reads.
  await steps.run('seed through the API (SEED=42; a re-run sends duplicates)', async (ctx) => {
    const summary = await runSeed({ env, progress: (done, total) => ctx.progress(done, total) });
    ctx.note(seedSummaryLine(summary));
    if (summary.mode === 'api' && (summary.failed > 0 || summary.results.invalid > 0)) {
      throw new CommandError('the seed was not fully accepted', summary.errors.join('\n'));
    }
  });
  await steps.run('dbt build (staging → marts, with tests)', async (ctx) => {
    await quiet('scripts/dbt.sh', ['build'], env, dbtProgress(ctx));
  });
  await steps.run(`admin dashboard on :${ADMIN_PORT} (log .local/logs/admin.log)`, async (ctx) => {
    const buildMs = await adminBuild;
    if (buildMs > 0) ctx.note(`its build ran ${seconds(buildMs)} alongside the steps above`);
    await startAdmin(env, (line) => steps.print(`  ${line}`));
  });

  // Only what a person needs to start: the URLs and the dashboard's sign-in. The keys, secrets and
  // database passwords stay in .local/stack.env (mode 600), out of terminal scroll-back and CI logs.
  console.log(`
The stack is up.
  dashboard  ${env.ADMIN_URL}   sign in as ${env.ADMIN_EMAIL} (password: ADMIN_PASSWORD in .local/stack.env)
  API        ${env.API_URL}   metrics http://${env.METRICS_HOST}:${PORTS.metrics}/metrics
  every setting, key and password of this stack: .local/stack.env

Try it (the keys come from .local/stack.env):
  set -a; . .local/stack.env; set +a
  curl -s -X POST "$API_URL/ingest/event" \\
    -H "authorization: Bearer \${INGEST_API_KEYS#*:}" -H 'content-type: application/json' \\
    -d '{"event_id":"'$(cat /proc/sys/kernel/random/uuid)'","type":"search","occurred_at":"'$(date -u +%FT%TZ)'","guest_id":"g-1","guest_type":"hotel_guest","channel":"web","language":"en","consent":{"analytics":true},"properties":{"query":"spa opening hours","results_count":3}}'

  curl -s "$API_URL/metrics/overview?window=30d" -H "authorization: Bearer \${READ_API_KEYS#*:}"

  make logs      follow the logs        make down   stop everything
`);
}

main().catch((err) => {
  background.abort();
  console.error(`make up failed: ${(err as Error).message}`);
  process.exit(1);
});
