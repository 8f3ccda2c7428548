// `make up`: the whole stack on this machine, on embedded defaults. Re-runnable: whatever is
// already running is kept, whatever is missing is started. `make down` stops it all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionDatabase, redisServerPath, roleUrl, startCluster, startRedis } from '@cbc/devstack';
import { DATABASE, LOCAL, PATHS, PORTS, ROOT } from './paths';
import { servicePid, startService, waitForHttp } from './processes';
import { localSecrets } from './secrets';
import { startAdmin } from './admin';

const step = (msg: string) => console.log(`\u001b[36m▸\u001b[0m ${msg}`);

function run(cmd: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

async function main() {
  for (const d of [LOCAL, PATHS.logs, PATHS.run]) mkdirSync(d, { recursive: true });
  const s = localSecrets();

  step(`PostgreSQL 17 (embedded) on 127.0.0.1:${PORTS.postgres}, data in .local/pg`);
  const cluster = await startCluster({
    dataDir: PATHS.pgData,
    port: PORTS.postgres,
    password: s.superuserPassword,
    logFile: join(PATHS.logs, 'postgres.log'),
  });
  step('roles and migrations');
  const urls = await provisionDatabase({ adminUrl: cluster.adminUrl, port: PORTS.postgres, database: DATABASE, passwords: s.rolePasswords });

  let redisUrl = '';
  if (redisServerPath()) {
    step(`Redis on 127.0.0.1:${PORTS.redis}`);
    redisUrl = (await startRedis({ dir: PATHS.redis, port: PORTS.redis })).url;
  } else {
    step('\u001b[33mredis-server is not installed: the API runs with its in-process fallbacks (per-process rate limits, no cache).\u001b[0m Install it with: apt-get install -y redis-server');
  }

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

  if (servicePid('api')) {
    step('API already running (make down to stop it)');
  } else {
    step(`API on ${env.HOST}:${PORTS.api} (metrics on ${env.METRICS_HOST}:${PORTS.metrics}), log in .local/logs/api.log`);
    startService('api', process.execPath, ['--enable-source-maps', 'services/api/dist/server.js'], env, ROOT);
  }
  await waitForHttp(`${env.API_URL}/ready`, 30_000);

  // Seed through the real API (events and signed webhooks); a re-run sends the same ids, so it
  // only reports duplicates. Then build the marts the metrics API reads.
  step('seed data through the API (deterministic, SEED=42; re-runs are duplicates)');
  run('npm', ['run', '-s', 'cli', '--', 'seed'], env);
  step('dbt build (staging → intermediate → marts, with tests)');
  run('scripts/dbt.sh', ['build', '--quiet'], env);
  await startAdmin(env);

  console.log('\nThe stack is up. Settings (also in .local/stack.env):\n');
  for (const [k, v] of Object.entries(env)) console.log(`  ${k}=${v}`);
  console.log(`
Try it:
  curl -s -X POST ${env.API_URL}/ingest/event \\
    -H 'authorization: Bearer ${s.ingestKey}' -H 'content-type: application/json' \\
    -d '{"event_id":"'$(cat /proc/sys/kernel/random/uuid)'","type":"search","occurred_at":"'$(date -u +%FT%TZ)'","guest_id":"g-1","guest_type":"hotel_guest","channel":"web","language":"en","consent":{"analytics":true},"properties":{"query":"spa opening hours","results_count":3}}'

  curl -s '${env.API_URL}/metrics/overview?window=30d' -H 'authorization: Bearer ${s.readKey}'

  make logs      follow the logs        make down   stop everything
`);
}

main().catch((err) => {
  console.error(`make up failed: ${(err as Error).message}`);
  process.exit(1);
});
