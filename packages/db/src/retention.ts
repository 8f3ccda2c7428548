import type pg from 'pg';

/**
 * Months each retention class is kept at least: ops.retention_policy, the one definition (set
 * by a migration). Configuration may lengthen a period, never shorten it (ops.retention_cutoff
 * refuses that when pruning).
 */
export async function readRetentionPolicy(db: pg.Pool | pg.ClientBase): Promise<Record<string, number>> {
  const res = await db.query<{ retention_class: string; months: number }>(
    `SELECT retention_class, (extract(year FROM min_keep) * 12 + extract(month FROM min_keep))::int AS months FROM ops.retention_policy`,
  );
  return Object.fromEntries(res.rows.map((r) => [r.retention_class, r.months]));
}
