-- Up Migration
-- Erasure reaches the anonymous aggregates: each dbt build rebuilds the UTC days that held events
-- erased since the model was last built (dbt/macros/incremental.sql). What the transformer may
-- learn from the erasures is exactly that: which days to rebuild. It keeps the erased event ids
-- (the end-of-build reconciliation deletes their mart rows), but no longer the exact times of
-- the erased events or of their erasure. See docs/data-lifecycle.md ("Erasure is final").

-- The UTC days holding events erased at or after p_since: a day, never a time, a count or an id.
CREATE FUNCTION privacy.erased_days(p_since timestamptz)
RETURNS SETOF date
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, privacy
AS $$ SELECT DISTINCT (e.occurred_at AT TIME ZONE 'UTC')::date FROM privacy.erased_events e WHERE e.erased_at >= p_since $$;
REVOKE ALL ON FUNCTION privacy.erased_days(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION privacy.erased_days(timestamptz) TO cbc_transformer;
-- Each incremental mart asks twice per build, for the erasures since its last build: a few rows
-- out of every event ever erased.
CREATE INDEX erased_events_erased_at_idx ON privacy.erased_events (erased_at);

REVOKE SELECT ON privacy.erased_events FROM cbc_transformer;
GRANT SELECT (event_id) ON privacy.erased_events TO cbc_transformer;

-- Down Migration
REVOKE SELECT (event_id) ON privacy.erased_events FROM cbc_transformer;
GRANT SELECT ON privacy.erased_events TO cbc_transformer;
DROP INDEX privacy.erased_events_erased_at_idx;
DROP FUNCTION privacy.erased_days(timestamptz);
