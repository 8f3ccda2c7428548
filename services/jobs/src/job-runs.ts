import type { Pool } from 'pg';

export type JobName = 'prune_retention' | 'backup' | 'restore' | 'ledger_replay';

/**
 * Records one run of a job in ops.job_runs (the API turns these rows into Prometheus gauges
 * and the dashboard shows them): a row at start, closed with status and figures at the end,
 * whether the job succeeded or threw.
 */
export async function recordRun<T extends Record<string, unknown>>(pool: Pool, job: JobName, fn: () => Promise<T>): Promise<T> {
  const { rows } = await pool.query<{ run_id: string }>('INSERT INTO ops.job_runs (job) VALUES ($1) RETURNING run_id', [job]);
  const runId = rows[0]!.run_id;
  try {
    const details = await fn();
    await pool.query(`UPDATE ops.job_runs SET status = 'success', finished_at = now(), details = $2 WHERE run_id = $1`, [runId, JSON.stringify(details)]);
    return details;
  } catch (err) {
    const details = { error: (err as Error).message.slice(0, 500) };
    await pool
      .query(`UPDATE ops.job_runs SET status = 'failure', finished_at = now(), details = $2 WHERE run_id = $1`, [runId, JSON.stringify(details)])
      .catch(() => {});
    throw err;
  }
}
