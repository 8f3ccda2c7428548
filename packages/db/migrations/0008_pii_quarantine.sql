-- Up Migration
-- Mart rows that hold PII (an email, an IPv4 address, a card or IBAN number that slipped past
-- ingest redaction) are moved here by dbt instead of failing every later build (dbt/README.md,
-- "PII quarantine"). The rows keep the PII they were found with, so only the privacy role may
-- read them; it reviews them and deletes them once the source is fixed.
CREATE TABLE privacy.pii_quarantine (
  quarantine_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model         text NOT NULL,           -- the mart the row was moved out of
  row_key       jsonb NOT NULL,          -- the row's primary key in that mart
  findings      jsonb NOT NULL,          -- {column: kind}; kind is email, ipv4, card_number or iban
  row_data      jsonb NOT NULL,          -- the whole row, PII included: what the officer reviews
  run_id        uuid NOT NULL,           -- the dbt invocation that moved it
  found_at      timestamptz NOT NULL DEFAULT now()
);
-- Table marts are rebuilt from raw every run and find the same row again until raw is fixed:
-- the same finding is stored once (dbt inserts with ON CONFLICT DO NOTHING) and keeps its
-- first found_at.
CREATE UNIQUE INDEX pii_quarantine_finding_idx ON privacy.pii_quarantine (model, row_key, findings);
CREATE INDEX pii_quarantine_found_at_idx ON privacy.pii_quarantine (found_at);

-- dbt writes here as the transformer and never reads it back: INSERT only (and USAGE on the
-- schema, which grants nothing on the other privacy tables).
GRANT USAGE ON SCHEMA privacy TO cbc_transformer;
GRANT INSERT ON privacy.pii_quarantine TO cbc_transformer;
GRANT SELECT, DELETE ON privacy.pii_quarantine TO cbc_privacy;

-- What the operations page, the Prometheus gauge and dbt's run record may know: which mart,
-- which column, which kind, when, by which run. Never the key or the values. The view runs with
-- its owner's rights, so readers need no privilege on the table itself.
CREATE VIEW ops.pii_quarantine_findings AS
  SELECT quarantine_id, model, findings, run_id, found_at FROM privacy.pii_quarantine;
GRANT SELECT ON ops.pii_quarantine_findings TO cbc_reader, cbc_transformer, cbc_privacy;

-- Down Migration
DROP VIEW ops.pii_quarantine_findings;
DROP TABLE privacy.pii_quarantine;
REVOKE USAGE ON SCHEMA privacy FROM cbc_transformer;
