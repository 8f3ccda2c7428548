-- Up Migration
-- The nightly full dbt test pass (`dbt test` with DBT_FULL_TESTS=1; the chart's dbt-full-test
-- CronJob) records its runs like the build, as job 'dbt_full_test' (dbt/macros/run_recording.sql):
-- the ops gauges export it and the DbtFullTestFailed alert reads it. No new grant: the
-- transformer already inserts and updates ops.job_runs.
ALTER TABLE ops.job_runs DROP CONSTRAINT job_runs_job_check;
ALTER TABLE ops.job_runs ADD CONSTRAINT job_runs_job_check
  CHECK (job IN ('dbt_build', 'dbt_full_test', 'dbt_docs', 'prune_retention', 'backup', 'restore', 'ledger_replay'));

-- Down Migration
DELETE FROM ops.job_runs WHERE job = 'dbt_full_test';
ALTER TABLE ops.job_runs DROP CONSTRAINT job_runs_job_check;
ALTER TABLE ops.job_runs ADD CONSTRAINT job_runs_job_check
  CHECK (job IN ('dbt_build', 'dbt_docs', 'prune_retention', 'backup', 'restore', 'ledger_replay'));
