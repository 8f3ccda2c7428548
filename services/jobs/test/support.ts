import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { CommandIO } from '../src/command';
import type pg from 'pg';

/** Runs a CLI command in-process with the given environment, capturing its output. */
export function io(env: Record<string, string>): CommandIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdin: Readable.from([]), stdout, stderr, env, out: () => out, err: () => err };
}

/** Inserts raw rows as the superuser (tests of jobs need data at precise instants). */
export async function insertEvent(admin: pg.Pool | pg.Client, cls: 'browsing' | 'service', occurredAt: Date | string, guestId = 'g-1') {
  const id = randomUUID();
  await admin.query('SELECT raw.ensure_partitions($1, $1)', [occurredAt]);
  const type = cls === 'browsing' ? 'page_view' : 'feedback';
  await admin.query('INSERT INTO raw.event_ids (event_id, retention_class, occurred_at) VALUES ($1, $2, $3)', [id, cls, occurredAt]);
  await admin.query(
    `INSERT INTO raw.events (event_id, event_type, retention_class, occurred_at, guest_id, guest_type, channel, language, properties, source)
     VALUES ($1, $2, $3, $4, $5, 'hotel_guest', 'web', 'en', '{}', 'api')`,
    [id, type, cls, occurredAt, guestId],
  );
  return id;
}

export async function insertConsent(admin: pg.Pool | pg.Client, occurredAt: Date | string, guestId = 'g-1') {
  const id = randomUUID();
  await admin.query('INSERT INTO raw.event_ids (event_id, retention_class, occurred_at) VALUES ($1, $2, $3)', [id, 'consent', occurredAt]);
  await admin.query(
    `INSERT INTO raw.consent_records (event_id, guest_id, analytics, policy_version, occurred_at, guest_type, channel, language, source)
     VALUES ($1, $2, true, 'v1', $3, 'hotel_guest', 'web', 'en', 'api')`,
    [id, guestId, occurredAt],
  );
  return id;
}
