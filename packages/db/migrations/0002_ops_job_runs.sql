-- Up Migration
-- Every run of a job (dbt build, retention pruning, backup, restore, ledger replay) is recorded
-- here, so the API and the dashboard can show pipeline health and Prometheus can alert on
-- "last success too old" without a push gateway (the API reads this table).
CREATE TABLE ops.job_runs (
  run_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job         text NOT NULL CHECK (job IN ('dbt_build', 'dbt_docs', 'prune_retention', 'backup', 'restore', 'ledger_replay')),
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'success', 'failure')),
  -- Job-specific figures: models built, rows and partitions removed per class, dump size…
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX job_runs_job_started_idx ON ops.job_runs (job, started_at DESC);

GRANT USAGE ON SCHEMA ops TO cbc_transformer, cbc_pruner, cbc_reader, cbc_privacy, cbc_ingest;
-- Jobs open a run and close it; they may not delete history.
GRANT SELECT, INSERT, UPDATE ON ops.job_runs TO cbc_transformer, cbc_pruner;
GRANT SELECT ON ops.job_runs TO cbc_reader;

-- Down Migration
DROP TABLE ops.job_runs;
