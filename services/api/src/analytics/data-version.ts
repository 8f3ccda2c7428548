import type { Pool } from 'pg';

/** What `data_version` names: the dbt build whose marts an answer is read from. */
export interface DataVersion {
  /** End of that build; the Redis key of every cached metric answer contains it. */
  value: string;
  /** Present when that build failed: its marts are served, but some of its checks did not pass. */
  failedChecks: string[] | null;
}

/**
 * The latest finished dbt build that replaced marts, whether it passed or not. A build writes
 * each mart before that mart's tests run, so a failed build has usually replaced marts already:
 * naming the last *successful* build instead would serve the new data under an old version and
 * keep answers cached from the old marts alive. A failed run that built no model (it stopped
 * before any) left the marts as they were and does not count.
 */
export async function latestDataVersion(pool: Pool): Promise<DataVersion> {
  const res = await pool.query<{ v: string; status: string; failed: string[] | null }>(
    `SELECT finished_at::text AS v, status,
            coalesce(details->'failed_checks', details->'failed_or_skipped') AS failed
     FROM ops.job_runs
     WHERE job = 'dbt_build' AND finished_at IS NOT NULL
       AND (status = 'success' OR jsonb_array_length(coalesce(details->'models_succeeded', '[]')) > 0)
     ORDER BY finished_at DESC LIMIT 1`,
  );
  const row = res.rows[0];
  if (!row) return { value: 'never', failedChecks: null };
  return { value: row.v, failedChecks: row.status === 'success' ? null : (row.failed ?? []) };
}
