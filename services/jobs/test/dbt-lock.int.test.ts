import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase, dbtLockKey, runDbt } from '@cbc/devstack';

// Two dbt builds never run at once: every run goes through dbt/scripts/locked_dbt.py, which
// holds an advisory lock while dbt runs. The lock is held here by a test connection, so who
// holds it and when it is let go is deterministic.
const stack = inject('stack');
const KEY = dbtLockKey();
// A quick command that still writes and is recorded in ops.job_runs.
const RUN = ['run', '--select', 'stg_events'];
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let holder: pg.Client;

const dbtRuns = async () => Number((await holder.query(`SELECT count(*)::int AS n FROM ops.job_runs WHERE job = 'dbt_build'`)).rows[0].n);
const waiting = async () =>
  (
    await holder.query(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = $1`,
      [KEY],
    )
  ).rows[0].n as number;

beforeAll(async () => {
  db = await createTestDatabase(stack);
  holder = new pg.Client({ connectionString: db.adminUrl });
  await holder.connect();
  // The run's end hooks expect the marts schema a first full build creates; this file only
  // builds one staging view.
  await holder.query('CREATE SCHEMA marts AUTHORIZATION cbc_transformer');
});
afterAll(async () => holder.end());

it('a run that cannot get the lock in time exits 75 without starting dbt, naming the holder', async () => {
  await holder.query('SELECT pg_advisory_lock($1)', [KEY]);
  try {
    const r = await runDbt(stack, db.name, RUN, { DBT_LOCK_WAIT_SECONDS: '1' });
    expect(r.code).toBe(75);
    const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    expect(r.output).toContain(`another dbt run is in progress: the dbt lock on database ${db.name} is held by pid ${pid}; waited 1 s`);
    expect(await dbtRuns()).toBe(0);
  } finally {
    await holder.query('SELECT pg_advisory_unlock($1)', [KEY]);
  }
}, 60_000);

it('a second run waits for the lock and starts only once it is released', async () => {
  await holder.query('SELECT pg_advisory_lock($1)', [KEY]);
  const second = runDbt(stack, db.name, RUN, { DBT_LOCK_WAIT_SECONDS: '120' });
  try {
    await expect.poll(waiting, { timeout: 30_000, interval: 100 }).toBe(1);
    // Queued in the server, not yet running: dbt has not recorded anything.
    expect(await dbtRuns()).toBe(0);
  } finally {
    await holder.query('SELECT pg_advisory_unlock($1)', [KEY]);
  }
  const r = await second;
  expect(r.code, r.output.slice(-3000)).toBe(0);
  expect(r.output).toContain('holding the dbt lock');
  const runs = await holder.query(`SELECT status FROM ops.job_runs WHERE job = 'dbt_build'`);
  expect(runs.rows).toEqual([{ status: 'success' }]);
  // The wrapper let go of the lock when dbt exited.
  expect((await holder.query('SELECT pg_try_advisory_lock($1) AS ok', [KEY])).rows[0].ok).toBe(true);
  await holder.query('SELECT pg_advisory_unlock($1)', [KEY]);
}, 180_000);

it('commands that do not write run without the lock', async () => {
  await holder.query('SELECT pg_advisory_lock($1)', [KEY]);
  try {
    const r = await runDbt(stack, db.name, ['parse'], { DBT_LOCK_WAIT_SECONDS: '0' });
    expect(r.code, r.output.slice(-3000)).toBe(0);
    expect(r.output).not.toContain('locked_dbt');
  } finally {
    await holder.query('SELECT pg_advisory_unlock($1)', [KEY]);
  }
}, 120_000);
