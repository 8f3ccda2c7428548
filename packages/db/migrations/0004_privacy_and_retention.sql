-- Up Migration

-- ── Data-subject requests ────────────────────────────────────────────────────────────────
CREATE SCHEMA privacy;
COMMENT ON SCHEMA privacy IS 'GDPR request records: the deletion ledger and the append-only audit log.';

-- Erased guests, as keyed hashes (HMAC-SHA256 with PRIVACY_LEDGER_KEY) rather than clear ids:
-- the ledger must survive the erasure it records. After a restore or a full rebuild the ledger
-- is replayed (`npm run -s cli -- replay-ledger`) so no backup can resurrect an erased guest.
CREATE TABLE privacy.deletion_ledger (
  subject_hash text PRIMARY KEY,
  erased_at    timestamptz NOT NULL DEFAULT now(),
  receipt_id   uuid NOT NULL
);

-- Who asked what, when, and what came of it. Append-only: no role is granted UPDATE, DELETE or
-- TRUNCATE, and the trigger refuses them even to the owner.
CREATE TABLE privacy.audit_log (
  audit_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,            -- API key id or job name, never a secret
  action       text NOT NULL CHECK (action IN ('export', 'delete', 'replay_ledger')),
  subject_hash text,                     -- keyed hash of the guest id
  result       text NOT NULL CHECK (result IN ('success', 'failure')),
  details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at_idx ON privacy.audit_log (at DESC);

CREATE FUNCTION privacy.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'privacy.audit_log is append-only' USING ERRCODE = '42501';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON privacy.audit_log
  FOR EACH ROW EXECUTE FUNCTION privacy.refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON privacy.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION privacy.refuse_change();

GRANT USAGE ON SCHEMA privacy TO cbc_privacy;
GRANT SELECT, INSERT ON privacy.deletion_ledger TO cbc_privacy;
GRANT SELECT, INSERT ON privacy.audit_log TO cbc_privacy;
-- Erasure reaches raw events; consent records are read (export) but kept as evidence.
GRANT SELECT, DELETE ON raw.events TO cbc_privacy;
GRANT SELECT ON raw.consent_records TO cbc_privacy;
-- The ledger replay job records its runs.
GRANT SELECT, INSERT, UPDATE ON ops.job_runs TO cbc_privacy;

-- ── Retention ────────────────────────────────────────────────────────────────────────────
-- The floor of each class: the pruner may be configured to keep data longer, never shorter.
-- Changing a floor is a migration (a reviewed change), not a job flag.
CREATE TABLE ops.retention_policy (
  retention_class text PRIMARY KEY CHECK (retention_class IN ('browsing', 'service', 'consent')),
  min_keep        interval NOT NULL
);
INSERT INTO ops.retention_policy VALUES ('browsing', '12 months'), ('service', '24 months'), ('consent', '84 months');
GRANT SELECT ON ops.retention_policy TO cbc_pruner, cbc_reader;

-- The cutoff of a class for a requested period and "now": refuses a period shorter than the
-- floor, and never measures from a future now. Shared by raw.prune_class and dbt's
-- marts.prune_expired, so raw and marts can only ever be pruned at the same instant.
CREATE FUNCTION ops.retention_cutoff(p_class text, p_keep interval, p_now timestamptz)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, ops
AS $$
DECLARE
  floor_keep interval;
BEGIN
  SELECT min_keep INTO floor_keep FROM ops.retention_policy WHERE retention_class = p_class;
  IF floor_keep IS NULL THEN
    RAISE EXCEPTION 'unknown retention class %', p_class USING ERRCODE = '22023';
  END IF;
  IF p_keep < floor_keep THEN
    RAISE EXCEPTION 'retention for % may not be shorter than %', p_class, floor_keep USING ERRCODE = '42501';
  END IF;
  RETURN least(p_now, now()) - p_keep;
END;
$$;
REVOKE ALL ON FUNCTION ops.retention_cutoff(text, interval, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ops.retention_cutoff(text, interval, timestamptz) TO cbc_pruner, cbc_transformer;

-- Prunes one class as the owner, on the pruner's behalf. The cutoff can only be later than
-- the floor allows (keep >= min_keep) and never relative to a future "now": so the pruner role,
-- which has no other write access to raw, cannot remove anything younger than its class keeps.
-- Whole monthly partitions entirely before the cutoff are dropped; rows of the boundary
-- partition are deleted precisely; the matching idempotency keys go too.
CREATE FUNCTION raw.prune_class(p_class text, p_keep interval, p_now timestamptz, p_dry_run boolean)
RETURNS TABLE (cutoff timestamptz, partitions_dropped text[], rows_deleted bigint, ids_deleted bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, raw
AS $$
DECLARE
  v_cutoff   timestamptz;
  part       record;
  dropped    text[] := '{}';
  n_rows     bigint := 0;
  n_part     bigint;
  n_ids      bigint := 0;
BEGIN
  v_cutoff := ops.retention_cutoff(p_class, p_keep, p_now);

  IF p_class = 'consent' THEN
    IF p_dry_run THEN
      SELECT count(*) INTO n_rows FROM raw.consent_records WHERE occurred_at < v_cutoff;
    ELSE
      DELETE FROM raw.consent_records WHERE occurred_at < v_cutoff;
      GET DIAGNOSTICS n_rows = ROW_COUNT;
    END IF;
  ELSE
    FOR part IN
      SELECT format('%I.%I', n.nspname, c.relname) AS name,
             (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz AS upper_bound
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE i.inhparent = format('raw.events_%s', p_class)::regclass
    LOOP
      IF part.upper_bound <= v_cutoff THEN
        EXECUTE format('SELECT count(*) FROM %s', part.name) INTO n_part;
        n_rows := n_rows + n_part;
        dropped := dropped || part.name;
        IF NOT p_dry_run THEN
          EXECUTE format('DROP TABLE %s', part.name);
        END IF;
      END IF;
    END LOOP;
    IF p_dry_run THEN
      EXECUTE format('SELECT count(*) FROM raw.events_%s WHERE occurred_at < $1', p_class) INTO n_part USING v_cutoff;
      n_rows := n_rows + n_part;
    ELSE
      EXECUTE format('DELETE FROM raw.events_%s WHERE occurred_at < $1', p_class) USING v_cutoff;
      GET DIAGNOSTICS n_part = ROW_COUNT;
      n_rows := n_rows + n_part;
    END IF;
  END IF;

  IF p_dry_run THEN
    SELECT count(*) INTO n_ids FROM raw.event_ids WHERE retention_class = p_class AND occurred_at < v_cutoff;
  ELSE
    DELETE FROM raw.event_ids WHERE retention_class = p_class AND occurred_at < v_cutoff;
    GET DIAGNOSTICS n_ids = ROW_COUNT;
  END IF;
  RETURN QUERY SELECT v_cutoff, dropped, n_rows, n_ids;
END;
$$;
REVOKE ALL ON FUNCTION raw.prune_class(text, interval, timestamptz, boolean) FROM PUBLIC;
GRANT USAGE ON SCHEMA raw TO cbc_pruner;
GRANT EXECUTE ON FUNCTION raw.prune_class(text, interval, timestamptz, boolean) TO cbc_pruner;

-- Data freshness for the ops gauges and the dashboard, without giving the reader raw access.
CREATE FUNCTION raw.latest_received_at() RETURNS timestamptz
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, raw
AS $$ SELECT greatest((SELECT max(received_at) FROM raw.events), (SELECT max(received_at) FROM raw.consent_records)) $$;
REVOKE ALL ON FUNCTION raw.latest_received_at() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION raw.latest_received_at() TO cbc_reader;

-- Down Migration
DROP FUNCTION raw.latest_received_at();
DROP FUNCTION ops.retention_cutoff(text, interval, timestamptz);
DROP FUNCTION raw.prune_class(text, interval, timestamptz, boolean);
DROP TABLE ops.retention_policy;
DROP SCHEMA privacy CASCADE;
