import { createHmac } from 'node:crypto';
import type { PoolClient } from 'pg';
import pg from 'pg';

/** The keyed hash under which an erased guest is remembered in the ledger (never the clear id). */
export function subjectHash(ledgerKey: string, guestId: string): string {
  return createHmac('sha256', ledgerKey).update(guestId, 'utf8').digest('hex');
}

/**
 * The SQL of data-subject requests, shared by the API (export, erasure) and the jobs CLI
 * (ledger replay after a restore), so both erase exactly the same rows. A subject is the clear
 * guest id (NULL when only its hash is known, as in a replay) and the ledger hash, which reaches
 * the minimized rows through privacy.minimized_links. Marts are found by their columns, so a new
 * mart is covered by export and erasure the day it is built, without anyone remembering to add
 * it here: `guest_key` (md5 of the guest id, as dbt computes it) and `event_id` (event-grain
 * marts, which also hold the minimized events, whose guest_key is NULL).
 */
export interface Subject {
  guestId: string | null;
  hash: string;
}

interface SubjectMart {
  table: string;
  guestKey: boolean;
  eventId: boolean;
}

export async function subjectMarts(client: PoolClient): Promise<SubjectMart[]> {
  const res = await client.query<{ t: string; guest_key: boolean; event_id: boolean }>(`
    SELECT format('%I.%I', c.table_schema, c.table_name) AS t,
           bool_or(c.column_name = 'guest_key') AS guest_key, bool_or(c.column_name = 'event_id') AS event_id
    FROM information_schema.columns c
    JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'marts' AND c.column_name IN ('guest_key', 'event_id') AND t.table_type = 'BASE TABLE'
    GROUP BY 1 ORDER BY 1`);
  return res.rows.map((r) => ({ table: r.t, guestKey: r.guest_key, eventId: r.event_id }));
}

/** The rows of one mart that belong to the subject: by its guest key and by its events' ids. */
function martMatch(m: SubjectMart, guestId: string | null, eventIds: string[]): { where: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (m.guestKey) terms.push(`guest_key = md5($${params.push(guestId)}::text)`);
  if (m.eventId) terms.push(`event_id = ANY($${params.push(eventIds)}::uuid[])`);
  return { where: terms.join(' OR '), params };
}

// The subject's raw events: identified by the guest id, minimized through their link.
const SUBJECT_EVENTS = `(e.guest_id = $1 OR e.event_id IN (SELECT l.event_id FROM privacy.minimized_links l WHERE l.subject_hash = $2))`;

export async function exportRows(client: PoolClient, subject: Subject) {
  const events = await client.query(
    `SELECT event_id, event_type, retention_class, occurred_at, received_at, guest_id, session_id, guest_type,
            channel, language, minimized, host(ip_network) AS ip_network, ip_hash, device_class, properties, source
     FROM raw.events e WHERE ${SUBJECT_EVENTS} ORDER BY occurred_at, event_id`,
    [subject.guestId, subject.hash],
  );
  const consent = await client.query(
    `SELECT event_id, guest_id, analytics, marketing, policy_version, occurred_at, received_at, guest_type, channel, language, source
     FROM raw.consent_records WHERE guest_id = $1 ORDER BY occurred_at, event_id`,
    [subject.guestId],
  );
  const ids = events.rows.map((r: { event_id: string }) => r.event_id);
  const marts: Record<string, unknown[]> = {};
  for (const m of await subjectMarts(client)) {
    const { where, params } = martMatch(m, subject.guestId, ids);
    marts[m.table] = (await client.query(`SELECT * FROM ${m.table} WHERE ${where} ORDER BY 1`, params)).rows;
  }
  const quarantine = await client.query(
    `SELECT quarantine_id, model, findings, row_data, found_at FROM privacy.pii_quarantine WHERE ${QUARANTINE_MATCH} ORDER BY quarantine_id`,
    [subject.guestId, ids],
  );
  return { events: events.rows, consent: consent.rows, marts, quarantine: quarantine.rows };
}

// Quarantined mart rows keep the PII they were found with, so they are the subject's data too:
// matched by the mart's guest key or by one of the subject's event ids.
const QUARANTINE_MATCH = `(row_data->>'guest_key' = md5($1::text) OR row_data->>'event_id' = ANY($2::text[]))`;

export interface ErasedRows {
  /** Raw events deleted, minimized ones included. */
  raw_events: number;
  /** Of those, rows stored without a guest id (no consent), reached through their link. */
  minimized_events: number;
  marts: Record<string, number>;
  /** Quarantined mart rows of the subject (privacy.pii_quarantine). */
  quarantined_rows: number;
}

/**
 * Deletes the subject's raw events (identified and minimized), their links and their mart rows,
 * and remembers the erased event ids (privacy.erased_events) so that dbt's end-of-build
 * reconciliation removes any mart row a concurrent build writes back. `receivedBefore` limits a
 * replay to what the erasure it re-applies could have deleted: a guest who came back after it
 * starts afresh (docs/data-lifecycle.md).
 */
export async function eraseRows(client: PoolClient, subject: Subject, receivedBefore: Date | null = null): Promise<ErasedRows> {
  const gone = await client.query<{ event_id: string; minimized: boolean }>(
    `WITH gone AS (
       DELETE FROM raw.events e
       WHERE ${SUBJECT_EVENTS} AND ($3::timestamptz IS NULL OR e.received_at < $3)
       RETURNING e.event_id, e.retention_class, e.occurred_at, e.minimized
     ), remembered AS (
       INSERT INTO privacy.erased_events (event_id, retention_class, occurred_at)
       SELECT event_id, retention_class, occurred_at FROM gone
       ON CONFLICT (event_id) DO NOTHING
     ), unlinked AS (
       DELETE FROM privacy.minimized_links l
       WHERE l.subject_hash = $2 AND ($3::timestamptz IS NULL OR l.event_id IN (SELECT event_id FROM gone))
     )
     SELECT event_id::text AS event_id, minimized FROM gone`,
    [subject.guestId, subject.hash, receivedBefore],
  );
  const ids = gone.rows.map((r) => r.event_id);
  const marts: Record<string, number> = {};
  for (const m of await subjectMarts(client)) {
    const { where, params } = martMatch(m, subject.guestId, ids);
    marts[m.table] = (await client.query(`DELETE FROM ${m.table} WHERE ${where}`, params)).rowCount ?? 0;
  }
  const quarantined = await client.query(`DELETE FROM privacy.pii_quarantine WHERE ${QUARANTINE_MATCH}`, [subject.guestId, ids]);
  return { raw_events: ids.length, minimized_events: gone.rows.filter((r) => r.minimized).length, marts, quarantined_rows: quarantined.rowCount ?? 0 };
}

export async function countConsentRecords(client: PoolClient, guestId: string): Promise<number> {
  const res = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM raw.consent_records WHERE guest_id = $1', [guestId]);
  return res.rows[0]?.n ?? 0;
}

/**
 * Records the erasure in the ledger. A guest erased again (they came back in between) moves the
 * entry's erased_at forward, so late events of the second period are refused at ingest too.
 * Returns whether the subject was new to the ledger.
 */
export async function recordErasure(client: PoolClient, subjectHash: string, receiptId: string): Promise<boolean> {
  const res = await client.query<{ first: boolean }>(
    `INSERT INTO privacy.deletion_ledger AS d (subject_hash, receipt_id) VALUES ($1, $2)
     ON CONFLICT (subject_hash) DO UPDATE SET erased_at = greatest(d.erased_at, excluded.erased_at), receipt_id = excluded.receipt_id
     RETURNING (xmax = 0) AS first`,
    [subjectHash, receiptId],
  );
  return res.rows[0]?.first ?? false;
}

export interface AuditInput {
  /** The API key id or job name, never a secret. */
  actor: string;
  /** The staff member behind a dashboard request (admin.staff_accounts.staff_id), else null. */
  staffId?: string | null;
  action: 'export' | 'delete' | 'replay_ledger';
  subjectHash: string | null;
  result: 'success' | 'failure';
  details: unknown;
}

export async function audit(client: PoolClient | pg.Pool, entry: AuditInput): Promise<void> {
  await client.query(
    'INSERT INTO privacy.audit_log (actor, actor_staff_id, action, subject_hash, result, details) VALUES ($1, $2, $3, $4, $5, $6)',
    [entry.actor, entry.staffId ?? null, entry.action, entry.subjectHash, entry.result, JSON.stringify(entry.details)],
  );
}

/** What the audit log can be narrowed to: a subject (its keyed hash, never the guest id) and a time range. */
export interface AuditFilter {
  limit: number;
  subjectHash?: string;
  /** Inclusive lower bound of `at`. */
  from?: string;
  /** Exclusive upper bound of `at`. */
  to?: string;
}

const AUDIT_COLUMNS = 'audit_id, at, actor, actor_staff_id, action, subject_hash, result, details';
const auditRow = (r: Record<string, unknown>) => ({ ...r, audit_id: Number(r.audit_id), at: new Date(r.at as string).toISOString() });

/** Newest first. A filter left out matches every entry. */
export async function auditLog(pool: pg.Pool, filter: AuditFilter) {
  const res = await pool.query(
    `SELECT ${AUDIT_COLUMNS} FROM privacy.audit_log
     WHERE ($2::text IS NULL OR subject_hash = $2)
       AND ($3::timestamptz IS NULL OR at >= $3)
       AND ($4::timestamptz IS NULL OR at < $4)
     ORDER BY audit_id DESC LIMIT $1`,
    [filter.limit, filter.subjectHash ?? null, filter.from ?? null, filter.to ?? null],
  );
  return res.rows.map(auditRow);
}

/** One entry (a receipt page), or null. */
export async function auditEntry(pool: pg.Pool, auditId: number) {
  const res = await pool.query(`SELECT ${AUDIT_COLUMNS} FROM privacy.audit_log WHERE audit_id = $1`, [auditId]);
  return res.rows[0] ? auditRow(res.rows[0]) : null;
}

/** Ledger entries (hash → erased_at), to replay erasure after a restore. */
export async function ledgerEntries(client: PoolClient): Promise<Map<string, Date>> {
  const res = await client.query<{ subject_hash: string; erased_at: Date }>('SELECT subject_hash, erased_at FROM privacy.deletion_ledger');
  return new Map(res.rows.map((r) => [r.subject_hash, r.erased_at]));
}

/** Every guest id present in raw events or guest-level marts can only be found through raw. */
export async function storedGuestIds(client: PoolClient): Promise<string[]> {
  const res = await client.query<{ guest_id: string }>('SELECT DISTINCT guest_id FROM raw.events WHERE guest_id IS NOT NULL');
  return res.rows.map((r) => r.guest_id);
}

/** Subjects of the ledger that still have linked minimized rows (their guest id is not stored). */
async function linkedLedgerHashes(client: PoolClient): Promise<string[]> {
  const res = await client.query<{ subject_hash: string }>(
    'SELECT DISTINCT l.subject_hash FROM privacy.minimized_links l JOIN privacy.deletion_ledger d USING (subject_hash)',
  );
  return res.rows.map((r) => r.subject_hash);
}

export interface ReplayResult {
  ledger_entries: number;
  guests_checked: number;
  guests_erased: number;
  rows_removed: number;
}

/**
 * Re-applies every erasure in the ledger to what is stored now: after a restore from backup or
 * any rebuild, a guest erased earlier is erased again before the API serves. Only rows received
 * before the erasure go (what it deleted, and what a delivery racing it stored): a guest who came
 * back afterwards keeps their new rows. One transaction.
 */
export async function replayLedger(client: PoolClient, ledgerKey: string, actor: string): Promise<ReplayResult> {
  await client.query('BEGIN');
  try {
    const ledger = await ledgerEntries(client);
    const guests = await storedGuestIds(client);
    const subjects = new Map<string, string | null>();
    for (const g of guests) {
      const h = subjectHash(ledgerKey, g);
      if (ledger.has(h)) subjects.set(h, g);
    }
    for (const h of await linkedLedgerHashes(client)) if (!subjects.has(h)) subjects.set(h, null);
    let erased = 0;
    let rows = 0;
    for (const [hash, guestId] of subjects) {
      const d = await eraseRows(client, { guestId, hash }, ledger.get(hash) ?? null);
      if (d.raw_events > 0) erased += 1;
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
