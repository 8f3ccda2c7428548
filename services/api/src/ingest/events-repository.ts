import type { Pool } from 'pg';
import { subjectHash } from '@cbc/db';
import type { PreparedRow } from '@cbc/privacy';

/** What the database decided for one row. */
export interface RowOutcome {
  event_id: string;
  inserted: boolean;
  consented: boolean;
  dropped: boolean;
  /** The guest was erased after the event occurred: not stored (a late delivery). */
  erased: boolean;
}

export interface ConsentPolicy {
  /** Consent assumed when neither the event nor a stored record says. */
  defaultGranted: boolean;
  /** Without consent: drop the event (true) or keep it minimized (false). */
  dropWithoutConsent: boolean;
  /**
   * PRIVACY_LEDGER_KEY: keys the guest hashes the statement checks against the deletion ledger
   * and links minimized rows with. Empty: no ledger to consult and no link written.
   */
  ledgerKey: string;
}

// One statement per flush (group commit): unnest the batch, refuse the events of erased guests,
// decide consent from the event or the guest's latest record, claim the event ids (the
// idempotency key), and insert only the rows whose id was new. A single statement is a single
// transaction: a batch is stored whole or not at all.
//
// Erasure is final: an event whose guest was erased after it occurred is a late delivery of
// erased data and is not stored, whatever its id. An event that occurred after the erasure is
// a guest who came back and starts afresh. Minimized rows keep no guest id, so the statement
// links them to the guest's ledger hash in privacy.minimized_links, which only erasure reads.
const INSERT_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
    $8::text[], $9::text[], $10::bool[], $11::inet[], $12::text[], $13::text[], $14::jsonb[],
    $15::jsonb[], $16::text[], $19::text[]
  ) AS t(event_id, event_type, retention_class, occurred_at, guest_id, session_id, guest_type,
         channel, language, explicit_consent, ip_network, ip_hash, device_class, props, props_min, source,
         subject_hash)
), checked AS (
  SELECT i.*, (l.erased_at IS NOT NULL AND l.erased_at > i.occurred_at) AS erased
  FROM input i
  LEFT JOIN privacy.erasures_of($19::text[]) l ON l.subject_hash = i.subject_hash
), decided AS (
  SELECT i.*, coalesce(i.explicit_consent, c.analytics, $17::bool) AS consented
  FROM checked i
  LEFT JOIN LATERAL (
    SELECT cr.analytics FROM raw.consent_records cr
    WHERE cr.guest_id = i.guest_id
    ORDER BY cr.occurred_at DESC
    LIMIT 1
  ) c ON i.explicit_consent IS NULL AND i.retention_class <> 'consent'
), kept AS (
  SELECT * FROM decided
  WHERE NOT erased AND (consented OR retention_class = 'consent' OR NOT $18::bool)
), fresh AS (
  INSERT INTO raw.event_ids (event_id, retention_class, occurred_at)
  SELECT event_id, retention_class, occurred_at FROM kept
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id
), stored_events AS (
  INSERT INTO raw.events (event_id, event_type, retention_class, occurred_at, guest_id, session_id,
                          guest_type, channel, language, minimized, ip_network, ip_hash, device_class,
                          properties, source)
  SELECT k.event_id, k.event_type, k.retention_class, k.occurred_at,
         CASE WHEN k.consented THEN k.guest_id END,
         CASE WHEN k.consented THEN k.session_id END,
         k.guest_type, k.channel, k.language, NOT k.consented,
         CASE WHEN k.consented THEN k.ip_network END,
         CASE WHEN k.consented THEN k.ip_hash END,
         CASE WHEN k.consented THEN k.device_class END,
         CASE WHEN k.consented THEN k.props ELSE k.props_min END,
         k.source
  FROM kept k JOIN fresh f USING (event_id)
  WHERE k.retention_class <> 'consent'
), linked AS (
  INSERT INTO privacy.minimized_links (event_id, subject_hash, retention_class, occurred_at)
  SELECT k.event_id, k.subject_hash, k.retention_class, k.occurred_at
  FROM kept k JOIN fresh f USING (event_id)
  WHERE k.retention_class <> 'consent' AND NOT k.consented AND k.subject_hash IS NOT NULL
), stored_consent AS (
  -- Consent changes are legal evidence and always keep the guest id.
  INSERT INTO raw.consent_records (event_id, guest_id, analytics, marketing, policy_version,
                                   occurred_at, guest_type, channel, language, source)
  SELECT k.event_id, k.guest_id, (k.props->>'analytics')::boolean, (k.props->>'marketing')::boolean,
         k.props->>'policy_version', k.occurred_at, k.guest_type, k.channel, k.language, k.source
  FROM kept k JOIN fresh f USING (event_id)
  WHERE k.retention_class = 'consent'
)
SELECT d.event_id::text AS event_id,
       (f.event_id IS NOT NULL) AS inserted,
       (d.consented OR d.retention_class = 'consent') AS consented,
       (NOT d.erased AND NOT (d.consented OR d.retention_class = 'consent') AND $18::bool) AS dropped,
       d.erased
FROM decided d LEFT JOIN fresh f USING (event_id)`;

export async function insertEvents(pool: Pool, rows: readonly PreparedRow[], policy: ConsentPolicy): Promise<RowOutcome[]> {
  const col = <K extends keyof PreparedRow>(k: K) => rows.map((r) => r[k]);
  // The same keyed hash erasure records (@cbc/db subjectHash), so the ledger and links match it.
  const hashes = rows.map((r) => (policy.ledgerKey && r.guest_id ? subjectHash(policy.ledgerKey, r.guest_id) : null));
  // Named: each pooled connection parses and plans the statement once, then only binds.
  const res = await pool.query<RowOutcome>({ name: 'cbc-insert-events', text: INSERT_SQL, values: [
    col('event_id'),
    col('event_type'),
    col('retention_class'),
    col('occurred_at'),
    col('guest_id'),
    col('session_id'),
    col('guest_type'),
    col('channel'),
    col('language'),
    col('explicit_consent'),
    col('ip_network'),
    col('ip_hash'),
    col('device_class'),
    col('props'),
    col('props_min'),
    col('source'),
    policy.defaultGranted,
    policy.dropWithoutConsent,
    hashes,
  ] });
  return res.rows;
}

/** Creates the monthly partitions the given instants fall in (a late or early event's month). */
export async function ensurePartitions(pool: Pool, from: Date, to: Date): Promise<number> {
  const res = await pool.query<{ created: number }>('SELECT raw.ensure_partitions($1, $2) AS created', [from, to]);
  return res.rows[0]?.created ?? 0;
}

export async function ping(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}
