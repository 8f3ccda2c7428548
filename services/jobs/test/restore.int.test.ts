import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it, inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { eraseRows, recordErasure, subjectHash } from '@cbc/db';
import { backupCommand } from '../src/commands/backup';
import { replayLedgerCommand } from '../src/commands/replay-ledger';
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

/** A row stored without analytics consent (no guest id), linked to its guest as the API links it. */
async function insertMinimized(guest: string) {
  const id = await insertEvent(admin, 'browsing', new Date(), 'placeholder');
  await admin.query(`UPDATE raw.events SET guest_id = NULL, minimized = true WHERE event_id = $1`, [id]);
  await admin.query(
    `INSERT INTO privacy.minimized_links (event_id, subject_hash, retention_class, occurred_at)
     SELECT event_id, $2, retention_class, occurred_at FROM raw.event_ids WHERE event_id = $1`,
    [id, subjectHash(LEDGER_KEY, guest)],
  );
  return id;
}

it('ledger replay reaches linked minimized rows, and keeps what a guest stored after coming back', async () => {
  // As a restore leaves it: rows the erasure had deleted are back, links included.
  const before = [await insertEvent(admin, 'browsing', new Date(), 'guest-replayed'), await insertMinimized('guest-replayed')];
  const onlyMinimized = await insertMinimized('guest-only-minimized');
  for (const guest of ['guest-replayed', 'guest-only-minimized']) {
    await admin.query('INSERT INTO privacy.deletion_ledger (subject_hash, receipt_id) VALUES ($1, gen_random_uuid())', [subjectHash(LEDGER_KEY, guest)]);
  }
  // Received after the erasure: the guest came back and starts afresh.
  const back = await insertEvent(admin, 'browsing', new Date(), 'guest-replayed');

  const r = io({ DATABASE_PRIVACY_URL: db.urls.cbc_privacy, PRIVACY_LEDGER_KEY: LEDGER_KEY });
  expect(await replayLedgerCommand.run([], r)).toBe(0);
  expect(JSON.parse(r.out())).toMatchObject({ guests_erased: 2, rows_removed: 3 });

  const left = await admin.query<{ id: string }>('SELECT event_id::text AS id FROM raw.events WHERE event_id = ANY($1::uuid[])', [[...before, onlyMinimized, back]]);
  expect(left.rows.map((x) => x.id)).toEqual([back]);
  expect((await admin.query('SELECT 1 FROM privacy.minimized_links WHERE event_id = ANY($1::uuid[])', [[...before, onlyMinimized]])).rows).toEqual([]);
  expect((await admin.query('SELECT 1 FROM privacy.erased_events WHERE event_id = ANY($1::uuid[])', [[...before, onlyMinimized]])).rows).toHaveLength(3);
});
