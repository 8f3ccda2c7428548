import { createHmac } from 'node:crypto';
import type { PoolClient } from 'pg';
import pg from 'pg';

/** The keyed hash under which an erased guest is remembered in the ledger (never the clear id). */
export function subjectHash(ledgerKey: string, guestId: string): string {
  return createHmac('sha256', ledgerKey).update(guestId, 'utf8').digest('hex');
}

/**
 * The SQL of data-subject requests, shared by the API (export, erasure) and the jobs CLI
 * (ledger replay after a restore), so both erase exactly the same rows. Marts that carry guest-level rows are found by their
 * `guest_key` column (md5 of the guest id, as dbt computes it), so a new mart is covered by
 * export and erasure the day it is built, without anyone remembering to add it here.
 */
export async function guestMarts(client: PoolClient): Promise<string[]> {
  const res = await client.query<{ t: string }>(`
    SELECT format('%I.%I', c.table_schema, c.table_name) AS t
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'marts' AND c.column_name = 'guest_key' AND t.table_type = 'BASE TABLE'
    ORDER BY 1`);
  return res.rows.map((r) => r.t);
}

export async function exportRows(client: PoolClient, guestId: string) {
  const events = await client.query(
    `SELECT event_id, event_type, retention_class, occurred_at, received_at, guest_id, session_id, guest_type,
            channel, language, minimized, host(ip_network) AS ip_network, ip_hash, device_class, properties, source
     FROM raw.events WHERE guest_id = $1 ORDER BY occurred_at, event_id`,
    [guestId],
  );
  const consent = await client.query(
    `SELECT event_id, guest_id, analytics, marketing, policy_version, occurred_at, received_at, guest_type, channel, language, source
     FROM raw.consent_records WHERE guest_id = $1 ORDER BY occurred_at, event_id`,
    [guestId],
  );
  const marts: Record<string, unknown[]> = {};
  for (const table of await guestMarts(client)) {
    marts[table] = (await client.query(`SELECT * FROM ${table} WHERE guest_key = md5($1) ORDER BY 1`, [guestId])).rows;
  }
  return { events: events.rows, consent: consent.rows, marts };
}

export async function eraseRows(client: PoolClient, guestId: string): Promise<{ raw_events: number; marts: Record<string, number> }> {
  const raw = await client.query('DELETE FROM raw.events WHERE guest_id = $1', [guestId]);
  const marts: Record<string, number> = {};
  for (const table of await guestMarts(client)) {
    marts[table] = (await client.query(`DELETE FROM ${table} WHERE guest_key = md5($1)`, [guestId])).rowCount ?? 0;
  }
  return { raw_events: raw.rowCount ?? 0, marts };
}

export async function countConsentRecords(client: PoolClient, guestId: string): Promise<number> {
  const res = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM raw.consent_records WHERE guest_id = $1', [guestId]);
  return res.rows[0]?.n ?? 0;
}

export async function recordErasure(client: PoolClient, subjectHash: string, receiptId: string): Promise<boolean> {
  const res = await client.query(
    'INSERT INTO privacy.deletion_ledger (subject_hash, receipt_id) VALUES ($1, $2) ON CONFLICT (subject_hash) DO NOTHING',
    [subjectHash, receiptId],
  );
  return (res.rowCount ?? 0) > 0;
}

export async function audit(
  client: PoolClient | pg.Pool,
  entry: { actor: string; action: 'export' | 'delete' | 'replay_ledger'; subjectHash: string | null; result: 'success' | 'failure'; details: unknown },
): Promise<void> {
  await client.query(
    'INSERT INTO privacy.audit_log (actor, action, subject_hash, result, details) VALUES ($1, $2, $3, $4, $5)',
    [entry.actor, entry.action, entry.subjectHash, entry.result, JSON.stringify(entry.details)],
  );
}

export async function auditLog(pool: pg.Pool, limit: number) {
  const res = await pool.query(
    'SELECT audit_id, at, actor, action, subject_hash, result, details FROM privacy.audit_log ORDER BY audit_id DESC LIMIT $1',
    [limit],
  );
  return res.rows.map((r) => ({ ...r, audit_id: Number(r.audit_id), at: new Date(r.at).toISOString() }));
}

/** Ledger hashes, to replay erasure after a restore. */
export async function ledgerHashes(client: PoolClient): Promise<Set<string>> {
  const res = await client.query<{ subject_hash: string }>('SELECT subject_hash FROM privacy.deletion_ledger');
  return new Set(res.rows.map((r) => r.subject_hash));
}

/** Every guest id present in raw events or guest-level marts can only be found through raw. */
export async function storedGuestIds(client: PoolClient): Promise<string[]> {
  const res = await client.query<{ guest_id: string }>('SELECT DISTINCT guest_id FROM raw.events WHERE guest_id IS NOT NULL');
  return res.rows.map((r) => r.guest_id);
}

export interface ReplayResult {
  ledger_entries: number;
  guests_checked: number;
  guests_erased: number;
  rows_removed: number;
}

/**
 * Re-applies every erasure in the ledger to what is stored now: after a restore from backup or
 * any rebuild, a guest erased earlier is erased again before the API serves. One transaction.
 */
export async function replayLedger(client: PoolClient, ledgerKey: string, actor: string): Promise<ReplayResult> {
  await client.query('BEGIN');
  try {
    const ledger = await ledgerHashes(client);
    const guests = await storedGuestIds(client);
    let erased = 0;
    let rows = 0;
    for (const g of guests) {
      const h = subjectHash(ledgerKey, g);
      if (!ledger.has(h)) continue;
      const d = await eraseRows(client, g);
      erased += 1;
      rows += d.raw_events + Object.values(d.marts).reduce((a, b) => a + b, 0);
    }
    const result = { ledger_entries: ledger.size, guests_checked: guests.length, guests_erased: erased, rows_removed: rows };
    await audit(client, { actor, action: 'replay_ledger', subjectHash: null, result: 'success', details: result });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
