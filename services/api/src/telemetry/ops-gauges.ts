import type { Pool } from 'pg';
import { Gauge } from 'prom-client';
import type { Metrics } from './registry';

/**
 * Job health read from ops.job_runs (and the PII quarantine count) at scrape time. Jobs are short-lived CronJobs, so instead of
 * a push gateway the API (already scraped) reports their last run: alerts fire on
 * "last success too old" without anything else to deploy.
 */
export function registerOpsGauges(metrics: Metrics, pool: Pool) {
  const registers = [metrics.registry];
  let snapshot: Promise<{ jobs: Array<Record<string, unknown>>; latest: Date | null; quarantined: number | null }> | null = null;
  let takenAt = 0;
  // One query per scrape however many gauges ask (they collect in turn).
  const read = () => {
    if (snapshot && Date.now() - takenAt < 1000) return snapshot;
    takenAt = Date.now();
    snapshot = Promise.all([
      pool.query(`
        SELECT job,
               extract(epoch FROM max(finished_at) FILTER (WHERE status = 'success')) AS last_success,
               extract(epoch FROM max(started_at)) AS last_run,
               (array_agg(status ORDER BY started_at DESC) FILTER (WHERE status <> 'running'))[1] AS last_status,
               (array_agg(details ORDER BY started_at DESC) FILTER (WHERE status = 'success'))[1] AS last_details
        FROM ops.job_runs GROUP BY job`),
      pool.query<{ at: Date | null }>('SELECT raw.latest_received_at() AS at'),
      pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ops.pii_quarantine_findings'),
    ])
      .then(([jobs, latest, quarantined]) => ({ jobs: jobs.rows, latest: latest.rows[0]?.at ?? null, quarantined: quarantined.rows[0]?.n ?? null }))
      .catch(() => ({ jobs: [], latest: null, quarantined: null }));
    return snapshot;
  };
  const gauge = (name: string, help: string, pick: (row: Record<string, unknown>) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['job'] as const,
      registers,
      async collect() {
        this.reset();
        for (const row of (await read()).jobs) {
          const v = pick(row);
          if (v !== null && Number.isFinite(v)) this.set({ job: String(row.job) }, v);
        }
      },
    });
  gauge('ops_job_last_success_timestamp_seconds', 'End of the last successful run of each job', (r) => (r.last_success == null ? null : Number(r.last_success)));
  gauge('ops_job_last_run_timestamp_seconds', 'Start of the last run of each job', (r) => (r.last_run == null ? null : Number(r.last_run)));
  gauge('ops_job_last_status', 'Last finished run of each job: 1 success, 0 failure', (r) => (r.last_status == null ? null : r.last_status === 'success' ? 1 : 0));
  gauge('ops_job_last_rows_removed', 'Rows removed by the last successful run (pruning, erasure replay)', (r) => {
    const d = r.last_details as { rows_removed?: number } | null;
    return d && typeof d.rows_removed === 'number' ? d.rows_removed : null;
  });
  new Gauge({
    name: 'ops_data_latest_event_timestamp_seconds',
    help: 'When the newest stored event was received (data freshness)',
    registers,
    async collect() {
      const at = (await read()).latest;
      if (at) this.set(new Date(at).getTime() / 1000);
    },
  });
  // Rows dbt moved out of the marts because they held PII (dbt/macros/pii_quarantine.sql) and
  // the privacy officer has not reviewed yet: any value above 0 is the PiiQuarantined alert.
  new Gauge({
    name: 'ops_pii_quarantined_rows',
    help: 'Mart rows held in the PII quarantine awaiting the privacy officer',
    registers,
    async collect() {
      const n = (await read()).quarantined;
      if (n !== null) this.set(n);
    },
  });
}
