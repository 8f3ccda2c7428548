// A throwaway PostgreSQL 17 for developing the dbt project: the same role split and migrations as
// `make up`, in /tmp so it never touches the stack's .local/ data. Run through dev-db.sh.
//
//   up        start (or reuse) the cluster, provision database `cbc`, write the env file
//   sql FILE  run a SQL file as the superuser (fixtures: raw tables are written by cbc_ingest only)
//   reset     drop database `cbc` and provision it afresh (empty raw tables, no dbt schemas)
//   down      stop the cluster (data stays in the state dir until `rm -rf`)
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort, generatePasswords, provisionDatabase, startCluster, stopCluster } from '@cbc/devstack';

const DIR = process.env.CBC_DBT_DEV_DIR ?? '/tmp/cbc-dbt-dev';
const STATE = join(DIR, 'state.json');
const ENV_FILE = join(DIR, 'dbt.env');
const DATABASE = 'cbc';

interface State {
  port: number;
  superuserPassword: string;
  passwords: ReturnType<typeof generatePasswords>;
}

function loadState(): State | null {
  return existsSync(STATE) ? (JSON.parse(readFileSync(STATE, 'utf8')) as State) : null;
}

function adminUrl(s: State, db = DATABASE): string {
  return `postgres://postgres:${encodeURIComponent(s.superuserPassword)}@127.0.0.1:${s.port}/${db}`;
}

async function up(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  // Postgres runs as the `postgres` user when we are root: it must be able to enter the directory.
  chmodSync(DIR, 0o755);
  const state = loadState() ?? {
    port: await freePort(),
    superuserPassword: randomBytes(12).toString('hex'),
    passwords: generatePasswords(),
  };
  writeFileSync(STATE, JSON.stringify(state), { mode: 0o600 });
  const cluster = await startCluster({
    dataDir: join(DIR, 'pg'),
    port: state.port,
    password: state.superuserPassword,
    logFile: join(DIR, 'log', 'postgres.log'),
  });
  await provisionDatabase({ adminUrl: cluster.adminUrl, port: state.port, database: DATABASE, passwords: state.passwords });
  // dbt needs temporary tables (incremental models stage their new rows in one; unit tests too),
  // and bootstrapRoles revokes TEMPORARY from PUBLIC without granting it back to the transformer.
  // Until @cbc/db grants it, the dev database does so here.
  const admin = new pg.Client({ connectionString: adminUrl(state) });
  await admin.connect();
  try {
    await admin.query(`GRANT TEMPORARY ON DATABASE ${DATABASE} TO cbc_transformer`);
  } finally {
    await admin.end();
  }
  const env = {
    DBT_HOST: '127.0.0.1',
    DBT_PORT: String(state.port),
    DBT_DATABASE: DATABASE,
    DBT_USER: 'cbc_transformer',
    DBT_ENV_SECRET_PASSWORD: state.passwords.cbc_transformer,
    DATABASE_ADMIN_URL: adminUrl(state),
    DATABASE_READ_URL: `postgres://cbc_reader:${encodeURIComponent(state.passwords.cbc_reader)}@127.0.0.1:${state.port}/${DATABASE}`,
  };
  writeFileSync(ENV_FILE, Object.entries(env).map(([k, v]) => `export ${k}='${v}'`).join('\n') + '\n', { mode: 0o600 });
  console.log(`PostgreSQL 17 on 127.0.0.1:${state.port}, database ${DATABASE}; env in ${ENV_FILE}`);
}

async function sql(file: string): Promise<void> {
  const state = loadState();
  if (!state) throw new Error('no dev database: run `dev-db.sh up` first');
  const client = new pg.Client({ connectionString: adminUrl(state) });
  await client.connect();
  try {
    await client.query(readFileSync(file, 'utf8'));
  } finally {
    await client.end();
  }
  console.log(`ran ${file}`);
}

async function reset(): Promise<void> {
  const state = loadState();
  if (!state) return up();
  const admin = new pg.Client({ connectionString: adminUrl(state, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await up();
}

async function down(): Promise<void> {
  await stopCluster(join(DIR, 'pg'));
  console.log('stopped');
}

const [cmd, arg] = process.argv.slice(2);
const run = cmd === 'up' ? up() : cmd === 'reset' ? reset() : cmd === 'down' ? down() : cmd === 'sql' && arg ? sql(arg) : null;
if (!run) {
  console.error('usage: dev-db.sh up | reset | sql FILE | down');
  process.exit(2);
}
run.catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
