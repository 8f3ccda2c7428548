import type { JobRun } from '@cbc/contract';

/** Why a run failed, in words, and the dbt models and tests that failed (or were skipped because of them). */
export interface JobFailure {
  reason: string;
  failing: string[];
  skipped: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * What ops.job_runs.details says about a failed run. The dbt build records the nodes that
 * failed (`failed_checks`) and those that failed or were skipped (`failed_or_skipped`,
 * dbt/macros/run_recording.sql); the jobs CLI records the error message (`error`); a build killed
 * before it finished is closed later as `abandoned`. Null for a run that did not fail.
 */
export function jobFailure(run: JobRun | undefined): JobFailure | null {
  if (!run || run.status !== 'failure') return null;
  const d = run.details ?? {};
  const failing = strings(d.failed_checks);
  const skipped = strings(d.failed_or_skipped).filter((n) => !failing.includes(n));
  if (d.abandoned === true) {
    return { reason: 'The run never finished (its process was killed); it was closed after 24 hours.', failing, skipped };
  }
  if (typeof d.error === 'string' && d.error.trim()) return { reason: d.error.trim(), failing, skipped };
  if (failing.length > 0) {
    return { reason: `${failing.length} dbt ${failing.length === 1 ? 'model or test' : 'models or tests'} failed.`, failing, skipped };
  }
  return { reason: 'The run failed without recording a reason; see the job’s log.', failing, skipped };
}
