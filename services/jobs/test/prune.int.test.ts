import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase, runDbt } from '@cbc/devstack';
import { pruneRetentionCommand } from '../src/commands/prune-retention';
import { insertConsent, insertEvent, io } from './support';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase(inject('stack'));
  admin = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
});
afterAll(async () => admin.end());

const exists = async (id: string, table = 'raw.events') => (await admin.query(`SELECT 1 FROM ${table} WHERE event_id = $1`, [id])).rowCount === 1;

async function prune(args: string[]) {
  const x = io({ DATABASE_PRUNER_URL: db.urls.cbc_pruner });
  const code = await pruneRetentionCommand.run(args, x);
  return { code, result: code === 0 ? JSON.parse(x.out()) : null };
}

describe('prune-retention is exact at the boundary, per class', () => {
  // `--now` pins the instant, so "1 second" is exact whatever the test's own speed.
  const now = new Date(Date.now() - 60_000);
  const at = async (months: number, seconds: number) =>
    new Date(((await admin.query('SELECT ($1::timestamptz - make_interval(months => $2) + make_interval(secs => $3)) AS t', [now, months, seconds])).rows[0].t as Date));

  it.each([
    ['browsing', 12],
    ['service', 24],
  ] as const)('%s: 1 s younger than %i months survives, 1 s older is gone, whole old partitions are dropped', async (cls, months) => {
    const younger = await insertEvent(admin, cls, await at(months, 1));
    const older = await insertEvent(admin, cls, await at(months, -1));
    const recent = await insertEvent(admin, cls, new Date());
    // A minimized row's link and an erased event's remembered id follow the event's idempotency key.
    for (const id of [younger, older]) {
      for (const sql of [
        `INSERT INTO privacy.minimized_links (event_id, subject_hash, retention_class, occurred_at) SELECT event_id, 'h', retention_class, occurred_at FROM raw.event_ids WHERE event_id = $1`,
        `INSERT INTO privacy.erased_events (event_id, retention_class, occurred_at) SELECT event_id, retention_class, occurred_at FROM raw.event_ids WHERE event_id = $1`,
      ]) await admin.query(sql, [id]);
    }

    const dry = await prune(['--class', cls, '--now', now.toISOString(), '--dry-run']);
    expect(dry.result[cls].rows_deleted).toBe(1);
    expect(await exists(older)).toBe(true);

    const { code, result } = await prune(['--class', cls, '--now', now.toISOString()]);
    expect(code).toBe(0);
    expect(await exists(younger)).toBe(true);
    expect(await exists(recent)).toBe(true);
    expect(await exists(older)).toBe(false);
    expect(await exists(older, 'raw.event_ids')).toBe(false);
    for (const table of ['privacy.minimized_links', 'privacy.erased_events']) {
      expect(await exists(older, table)).toBe(false);
      expect(await exists(younger, table)).toBe(true);
    }
    expect(result[cls].rows_deleted).toBe(1);
    // The first migration made 24 months of partitions; browsing keeps 12, so whole months go.
    if (cls === 'browsing') {
      expect(result[cls].partitions_dropped.length).toBeGreaterThanOrEqual(10);
      for (const p of result[cls].partitions_dropped) {
        expect(p).toMatch(/^raw\.events_browsing_p\d{4}_\d{2}$/);
        expect((await admin.query('SELECT to_regclass($1) AS r', [p])).rows[0].r).toBeNull();
      }
      // The partition holding the boundary stays: only its expired rows went.
      const { rows } = await admin.query('SELECT tableoid::regclass::text AS p FROM raw.events WHERE event_id = $1', [younger]);
      expect(rows[0].p).toMatch(/^raw\.events_browsing_p/);
    }
    // Idempotent: a second run removes nothing.
    expect((await prune(['--class', cls, '--now', now.toISOString()])).result[cls].rows_deleted).toBe(0);
  });

  it('consent: 7 years, row by row', async () => {
    const younger = await insertConsent(admin, await at(84, 1));
    const older = await insertConsent(admin, await at(84, -1));
    const { result } = await prune(['--class', 'consent', '--now', now.toISOString()]);
    expect(result.consent.rows_deleted).toBe(1);
    expect(await exists(younger, 'raw.consent_records')).toBe(true);
    expect(await exists(older, 'raw.consent_records')).toBe(false);
  });

  it('records each run in ops.job_runs with its counts', async () => {
    const { rows } = await admin.query(`SELECT status, details FROM ops.job_runs WHERE job = 'prune_retention' ORDER BY started_at DESC LIMIT 1`);
    expect(rows[0].status).toBe('success');
    expect(rows[0].details).toHaveProperty('rows_removed');
  });
});

describe('the pruner cannot remove anything younger than its class keeps', () => {
  it('refuses a shorter period, even asked directly', async () => {
    const pruner = new pg.Client({ connectionString: db.urls.cbc_pruner });
    await pruner.connect();
    try {
      await expect(pruner.query(`SELECT * FROM raw.prune_class('browsing', interval '1 month', now(), false)`)).rejects.toMatchObject({ code: '42501' });
      await expect(pruner.query('DELETE FROM raw.events')).rejects.toMatchObject({ code: '42501' });
      await expect(pruner.query('DROP TABLE raw.events_browsing')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await pruner.end();
    }
  });

  it('never prunes relative to a future --now', async () => {
    const fresh = await insertEvent(admin, 'browsing', new Date(Date.now() - 30 * 86_400_000));
    const x = io({ DATABASE_PRUNER_URL: db.urls.cbc_pruner, RETENTION_BROWSING_MONTHS: '12' });
    expect(await pruneRetentionCommand.run(['--class', 'browsing', '--now', '2030-01-01T00:00:00Z'], x)).toBe(0);
    expect(await exists(fresh)).toBe(true);
  });

  it('refuses a configured period below the floor', async () => {
    const x = io({ DATABASE_PRUNER_URL: db.urls.cbc_pruner, RETENTION_BROWSING_MONTHS: '6' });
    await expect(pruneRetentionCommand.run(['--class', 'browsing'], x)).rejects.toThrow(/shorter than/);
  });
});

describe('the guest-level marts are pruned with raw, at the same cutoff', () => {
  it('removes mart rows past retention and keeps younger ones', async () => {
    const stack = inject('stack');
    const fresh = await createTestDatabase(stack);
    const a = new pg.Pool({ connectionString: fresh.adminUrl, max: 2 });
    try {
      const old = new Date(Date.now() - 400 * 86_400_000); // past 12 months
      const recent = new Date(Date.now() - 2 * 86_400_000);
      const oldId = await insertEvent(a, 'browsing', old, 'guest-old');
      const recentId = await insertEvent(a, 'browsing', recent, 'guest-recent');
      const built = await runDbt(stack, fresh.name, ['build']);
      expect(built.code, built.output.slice(-2000)).toBe(0);
      const inMart = async (id: string) => (await a.query('SELECT 1 FROM marts.fct_page_views WHERE event_id = $1', [id])).rowCount === 1;
      expect(await inMart(oldId)).toBe(true);

      const x = io({ DATABASE_PRUNER_URL: fresh.urls.cbc_pruner });
      expect(await pruneRetentionCommand.run(['--class', 'browsing'], x)).toBe(0);
      const result = JSON.parse(x.out());
      expect(result.browsing.marts.fct_page_views).toBe(1);
      expect(await inMart(oldId)).toBe(false);
      expect(await inMart(recentId)).toBe(true);
      // The pruner reaches the marts only through that function.
      const pruner = new pg.Client({ connectionString: fresh.urls.cbc_pruner });
      await pruner.connect();
      await expect(pruner.query('DELETE FROM marts.fct_page_views')).rejects.toMatchObject({ code: '42501' });
      await expect(pruner.query(`SELECT marts.prune_expired('browsing', interval '1 month', now())`)).rejects.toMatchObject({ code: '42501' });
      await pruner.end();
    } finally {
      await a.end();
    }
  }, 240_000);
});
