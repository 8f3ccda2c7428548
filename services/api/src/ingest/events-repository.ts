import type { Pool } from 'pg';
import { ingestEvents, type ConsentPolicy, type RowOutcome } from '@cbc/db';
import type { PreparedRow } from '@cbc/privacy';

export type { ConsentPolicy, RowOutcome };

/**
 * One statement per flush (group commit). Consent, minimization, erasure and dedupe are decided
 * by raw.ingest_events (packages/db/migrations/0009_ingest_events.sql), the same function the
 * bulk loader calls, so both store the same rows for the same events.
 */
export async function insertEvents(pool: Pool, rows: readonly PreparedRow[], policy: ConsentPolicy): Promise<RowOutcome[]> {
  return ingestEvents(pool, rows, policy);
}

/** Creates the monthly partitions the given instants fall in (a late or early event's month). */
export async function ensurePartitions(pool: Pool, from: Date, to: Date): Promise<number> {
  const res = await pool.query<{ created: number }>('SELECT raw.ensure_partitions($1, $2) AS created', [from, to]);
  return res.rows[0]?.created ?? 0;
}

export async function ping(pool: Pool): Promise<void> {
  await pool.query('SELECT 1');
}
