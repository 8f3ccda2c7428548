import type pg from 'pg';
import { subjectHash } from './privacy';

/**
 * A row ready to store: the privacy-processed event (@cbc/privacy's `PreparedRow` narrows this
 * one definition). Consent is not decided yet; raw.ingest_events decides it.
 */
export interface IngestRow {
  event_id: string;
  event_type: string;
  retention_class: string;
  occurred_at: string;
  guest_id: string | null;
  session_id: string | null;
  guest_type: string;
  channel: string;
  language: string;
  /** The event's own consent flag; null means "look up the guest's latest record". */
  explicit_consent: boolean | null;
  ip_network: string | null;
  ip_hash: string | null;
  device_class: string | null;
  /** Redacted properties, as JSON. */
  props: string;
  /** The properties kept when the guest has not consented, as JSON. */
  props_min: string;
  source: string;
}

export interface ConsentPolicy {
  /** Consent assumed when neither the event nor a stored record says (CONSENT_DEFAULT=granted). */
  defaultGranted: boolean;
  /** Without consent: drop the event (true) or keep it minimized (false) (NO_CONSENT_ACTION). */
  dropWithoutConsent: boolean;
  /**
   * PRIVACY_LEDGER_KEY: keys the guest hashes checked against the deletion ledger and linked to
   * minimized rows. Empty: no ledger to consult and no link written.
   */
  ledgerKey: string;
}

/** What the database decided for one row. */
export interface RowOutcome {
  event_id: string;
  inserted: boolean;
  consented: boolean;
  dropped: boolean;
  /** The guest was erased after the event occurred: not stored (a late delivery). */
  erased: boolean;
}

const COLUMNS = [
  'event_id', 'event_type', 'retention_class', 'occurred_at', 'guest_id', 'session_id', 'guest_type', 'channel',
  'language', 'explicit_consent', 'ip_network', 'ip_hash', 'device_class', 'props', 'props_min', 'source',
] as const satisfies ReadonlyArray<keyof IngestRow>;

const INGEST_SQL = `SELECT event_id, inserted, consented, dropped, erased FROM raw.ingest_events(
  $1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::boolean[], $11::inet[], $12::text[], $13::text[], $14::jsonb[], $15::jsonb[], $16::text[],
  $17::text[], $18::boolean, $19::boolean)`;

/**
 * Stores rows through raw.ingest_events, the one place consent, minimization, erasure and
 * dedupe are decided: the API's group commit and the bulk loader both come here.
 */
export async function ingestEvents(db: pg.Pool | pg.ClientBase, rows: readonly IngestRow[], policy: ConsentPolicy): Promise<RowOutcome[]> {
  // The same keyed hash erasure records (subjectHash), so the ledger and the links match it.
  const hashes = rows.map((r) => (policy.ledgerKey && r.guest_id ? subjectHash(policy.ledgerKey, r.guest_id) : null));
  const values = [...COLUMNS.map((c) => rows.map((r) => r[c])), hashes, policy.defaultGranted, policy.dropWithoutConsent];
  // Named: each pooled connection parses and plans the statement once, then only binds.
  const res = await db.query<RowOutcome>({ name: 'cbc-ingest-events', text: INGEST_SQL, values });
  return res.rows;
}
