import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { eraseRows, recordErasure, subjectHash } from '@cbc/db';
import { backupCommand } from '../src/commands/backup';
import { restoreCommand } from '../src/commands/restore';
import { insertEvent, io } from './support';

const LEDGER_KEY = 'restore-drill-ledger-key-0123';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: pg.Pool;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('stack'));
  admin = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
  dir = await mkdtemp(join(tmpdir(), 'cbc-backup-'));
});
afterAll(async () => {
  await admin.end();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ DATABASE_ADMIN_URL: db.adminUrl, DATABASE_MIGRATOR_URL: db.urls.cbc_migrator, PRIVACY_LEDGER_KEY: LEDGER_KEY });
const rowsOf = async (guest: string) => Number((await admin.query('SELECT count(*) AS n FROM raw.events WHERE guest_id = $1', [guest])).rows[0].n);

it('restore drill: a guest erased after the backup is still gone after restoring it', async () => {
  for (let i = 0; i < 3; i++) await insertEvent(admin, 'service', new Date(), 'guest-erased');
  for (let i = 0; i < 2; i++) await insertEvent(admin, 'browsing', new Date(), 'guest-kept');

  const b = io(env());
  expect(await backupCommand.run(['--dir', dir], b)).toBe(0);
  const manifest = JSON.parse(b.out());
  expect(manifest).toMatchObject({ format: 'pg_dump custom', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), row_counts: { 'raw.events': 5 } });
  expect((await readdir(dir)).filter((f) => f.endsWith('.manifest.json'))).toHaveLength(1);

  // Erase after the backup, as the privacy role, exactly as the API does.
  const privacy = new pg.Client({ connectionString: db.urls.cbc_privacy });
  await privacy.connect();
  await privacy.query('BEGIN');
  const hash = subjectHash(LEDGER_KEY, 'guest-erased');
  await eraseRows(privacy as unknown as pg.PoolClient, { guestId: 'guest-erased', hash });
  await recordErasure(privacy as unknown as pg.PoolClient, hash, '00000000-0000-4000-8000-000000000001');
  await privacy.query('COMMIT');
  await privacy.end();
  expect(await rowsOf('guest-erased')).toBe(0);

  const r = io(env());
  expect(await restoreCommand.run(['--dir', dir], r)).toBe(0);
  const result = JSON.parse(r.out());
  expect(result).toMatchObject({ ledger_entries_merged: 1, guests_erased: 1 });

  expect(await rowsOf('guest-erased')).toBe(0);
  expect(await rowsOf('guest-kept')).toBe(2);
  expect((await admin.query('SELECT count(*)::int AS n FROM privacy.deletion_ledger')).rows[0].n).toBe(1);
  const runs = await admin.query(`SELECT job, status FROM ops.job_runs WHERE job IN ('backup', 'restore') ORDER BY started_at`);
  expect(runs.rows).toEqual(expect.arrayContaining([{ job: 'restore', status: 'success' }]));
});
