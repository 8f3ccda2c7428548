-- Up Migration
-- Runs as cbc_owner (see src/migrate.ts), so every object below is owned by the NOLOGIN owner role
-- and no service role can ALTER or DROP it.

CREATE SCHEMA raw;
COMMENT ON SCHEMA raw IS 'Events as received, after privacy processing. Written only by cbc_ingest.';

-- The idempotency key, webhook deliveries included (their event_id is a UUIDv5 of the
-- webhook-id). One unpartitioned table, because a unique index on a partitioned table must
-- include the partition keys, which would let a retry with a different occurred_at slip through.
-- Rows are pruned together with the events they stand for.
CREATE TABLE raw.event_ids (
  event_id        uuid PRIMARY KEY,
  retention_class text NOT NULL CHECK (retention_class IN ('browsing', 'service', 'consent')),
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_ids_class_occurred_idx ON raw.event_ids (retention_class, occurred_at);

-- Browsing and service events. LIST by retention class, then RANGE by month, so that retention
-- pruning drops whole partitions (raw.events_browsing_p2025_11) instead of deleting rows.
CREATE TABLE raw.events (
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  retention_class text NOT NULL CHECK (retention_class IN ('browsing', 'service')),
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  guest_id        text,          -- NULL when minimized (no analytics consent)
  session_id      text,
  guest_type      text NOT NULL,
  channel         text NOT NULL,
  language        text NOT NULL,
  minimized       boolean NOT NULL DEFAULT false,
  ip_network      inet,          -- /24 or /48 only, never a full address
  ip_hash         text,          -- HMAC-SHA256 of the full address, daily key (docs/privacy.md)
  device_class    text,          -- coarse class derived from the user agent, which is not stored
  properties      jsonb NOT NULL,
  source          text NOT NULL CHECK (source IN ('api', 'webhook', 'bulk')),
  PRIMARY KEY (event_id, retention_class, occurred_at)
) PARTITION BY LIST (retention_class);

CREATE TABLE raw.events_browsing PARTITION OF raw.events FOR VALUES IN ('browsing') PARTITION BY RANGE (occurred_at);
CREATE TABLE raw.events_service PARTITION OF raw.events FOR VALUES IN ('service') PARTITION BY RANGE (occurred_at);
CREATE INDEX events_occurred_idx ON raw.events (occurred_at);
CREATE INDEX events_received_idx ON raw.events (received_at);
CREATE INDEX events_guest_idx ON raw.events (guest_id) WHERE guest_id IS NOT NULL;

-- Consent changes are evidence (kept 7 years). Small and rarely written, so unpartitioned:
-- retention deletes the few expired rows.
CREATE TABLE raw.consent_records (
  event_id        uuid PRIMARY KEY,
  guest_id        text NOT NULL,
  analytics       boolean NOT NULL,
  marketing       boolean,
  policy_version  text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now(),
  guest_type      text NOT NULL,
  channel         text NOT NULL,
  language        text NOT NULL,
  source          text NOT NULL CHECK (source IN ('api', 'webhook', 'bulk'))
);
CREATE INDEX consent_records_guest_idx ON raw.consent_records (guest_id, occurred_at DESC);
CREATE INDEX consent_records_occurred_idx ON raw.consent_records (occurred_at);

-- Creates the monthly partitions covering [p_from, p_to]. SECURITY DEFINER so the ingest role can
-- create the partition a late or early event needs without owning the table; clamped to the
-- window any valid event can fall in, so it cannot be used to create thousands of tables.
CREATE FUNCTION raw.ensure_partitions(p_from timestamptz, p_to timestamptz)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, raw
AS $$
DECLARE
  m       timestamptz;
  cls     text;
  name    text;
  created integer := 0;
  lo      timestamptz := greatest(p_from, now() - interval '10 years');
  hi      timestamptz := least(p_to, now() + interval '12 months');
BEGIN
  -- Two replicas starting together would race on CREATE TABLE IF NOT EXISTS.
  PERFORM pg_advisory_xact_lock(hashtext('raw.ensure_partitions'));
  m := date_trunc('month', lo AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  WHILE m <= hi LOOP
    FOREACH cls IN ARRAY ARRAY['browsing', 'service'] LOOP
      name := format('events_%s_p%s', cls, to_char(m AT TIME ZONE 'UTC', 'YYYY_MM'));
      IF to_regclass('raw.' || name) IS NULL THEN
        EXECUTE format(
          'CREATE TABLE raw.%I PARTITION OF raw.%I FOR VALUES FROM (%L) TO (%L)',
          name, 'events_' || cls, m, (m AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC');
        created := created + 1;
      END IF;
    END LOOP;
    m := (m AT TIME ZONE 'UTC' + interval '1 month') AT TIME ZONE 'UTC';
  END LOOP;
  RETURN created;
END;
$$;
REVOKE ALL ON FUNCTION raw.ensure_partitions(timestamptz, timestamptz) FROM PUBLIC;

-- Twenty-four months back (the longest partitioned retention) and three ahead.
SELECT raw.ensure_partitions(now() - interval '24 months', now() + interval '3 months');

-- Privileges: see docs/database.md (the role split and its privilege matrix).
GRANT USAGE ON SCHEMA raw TO cbc_ingest, cbc_transformer, cbc_privacy, cbc_pruner;
GRANT INSERT ON raw.events, raw.event_ids, raw.consent_records TO cbc_ingest;
-- RETURNING of the dedupe inserts needs SELECT on the key; the consent lookup needs the records.
GRANT SELECT (event_id) ON raw.event_ids TO cbc_ingest;
GRANT SELECT ON raw.consent_records TO cbc_ingest;
GRANT EXECUTE ON FUNCTION raw.ensure_partitions(timestamptz, timestamptz) TO cbc_ingest;
GRANT SELECT ON raw.events, raw.event_ids, raw.consent_records TO cbc_transformer;

-- Down Migration
DROP SCHEMA raw CASCADE;
