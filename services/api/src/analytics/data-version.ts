import type { Pool } from 'pg';

/** What `data_version` names: the dbt build whose marts an answer is read from. */
export interface DataVersion {
  /** End of that build (its start while it runs); the Redis key of every cached answer contains it. */
  value: string;
  /** Present when that build failed (what failed) or is still running (empty): its marts are served unverified. */
  failedChecks: string[] | null;
}

/**
 * The dbt build the marts come from: the latest that replaced marts, whether it passed or not,
 * or the one running now. dbt writes each mart before that mart's tests run, so a failed build
 * has usually replaced marts already, and a running one replaces them one by one: naming the
 * last *successful* build instead would serve the new data under an old version and keep
 * answers cached from the replaced marts alive. A failed run that built no model (it stopped
 * before any) left the marts as they were and does not count. The dbt lock keeps builds from
 * overlapping, so the latest started run is the one that wrote last.
 */
export async function latestDataVersion(pool: Pool): Promise<DataVersion> {
  const res = await pool.query<{ v: string; status: string; failed: string[] | null }>(
    `SELECT coalesce(finished_at, started_at)::text AS v, status,
            coalesce(details->'failed_checks', details->'failed_or_skipped') AS failed
     FROM ops.job_runs
     WHERE job = 'dbt_build'
       AND (status IN ('running', 'success') OR jsonb_array_length(coalesce(details->'models_succeeded', '[]')) > 0)
     ORDER BY started_at DESC LIMIT 1`,
  );
  const row = res.rows[0];
  if (!row) return { value: 'never', failedChecks: null };
  if (row.status === 'running') return { value: `${row.v} (running)`, failedChecks: [] };
  return { value: row.v, failedChecks: row.status === 'success' ? null : (row.failed ?? []) };
}
