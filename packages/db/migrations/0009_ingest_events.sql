-- Up Migration
-- The ingest rule, written once: erasure check, consent decision (the event's own, else the
-- guest's latest stored record, else the default), minimization, dedupe and the insert itself.
-- The API's group commit and the bulk loader both call this function, so a row stored from
-- either path is decided by the same SQL. See docs/database.md ("Storing events").
--
-- SECURITY INVOKER (the default): it grants nothing. The caller needs the ingest role's
-- privileges (INSERT on the raw tables and privacy.minimized_links, SELECT on consent records,
-- EXECUTE on privacy.erasures_of), so a role that may not write raw cannot use it to.
--
-- One statement, one transaction: a batch is stored whole or not at all. Erasure is final: an
-- event whose guest was erased after it occurred is a late delivery of erased data and is not
-- stored, whatever its id; an event that occurred after the erasure is a guest who came back.
-- Minimized rows keep no guest id, so the statement links them to the guest's ledger hash in
-- privacy.minimized_links, which only erasure reads. Consent records in the same batch are not
-- seen by the lookup (one snapshot): a consent change decides the guest's later batches.
CREATE FUNCTION raw.ingest_events(
  p_event_id uuid[], p_event_type text[], p_retention_class text[], p_occurred_at timestamptz[],
  p_guest_id text[], p_session_id text[], p_guest_type text[], p_channel text[], p_language text[],
  p_explicit_consent boolean[], p_ip_network inet[], p_ip_hash text[], p_device_class text[],
  p_props jsonb[], p_props_min jsonb[], p_source text[], p_subject_hash text[],
  -- CONSENT_DEFAULT=granted: consent assumed when neither the event nor a record says.
  p_default_granted boolean,
  -- NO_CONSENT_ACTION=drop: without consent, drop the event instead of storing it minimized.
  p_drop_without_consent boolean
)
RETURNS TABLE (event_id text, inserted boolean, consented boolean, dropped boolean, erased boolean)
LANGUAGE sql
VOLATILE
SET search_path = pg_catalog, raw
AS $$
WITH input AS (
  SELECT * FROM unnest(
    p_event_id, p_event_type, p_retention_class, p_occurred_at, p_guest_id, p_session_id, p_guest_type,
    p_channel, p_language, p_explicit_consent, p_ip_network, p_ip_hash, p_device_class, p_props,
    p_props_min, p_source, p_subject_hash
  ) AS t(event_id, event_type, retention_class, occurred_at, guest_id, session_id, guest_type,
         channel, language, explicit_consent, ip_network, ip_hash, device_class, props, props_min, source,
         subject_hash)
), checked AS (
  SELECT i.*, (l.erased_at IS NOT NULL AND l.erased_at > i.occurred_at) AS erased
  FROM input i
  LEFT JOIN privacy.erasures_of(p_subject_hash) l ON l.subject_hash = i.subject_hash
), decided AS (
  SELECT i.*, coalesce(i.explicit_consent, c.analytics, p_default_granted) AS consented
  FROM checked i
  LEFT JOIN LATERAL (
    SELECT cr.analytics FROM raw.consent_records cr
    WHERE cr.guest_id = i.guest_id
    ORDER BY cr.occurred_at DESC
    LIMIT 1
  ) c ON i.explicit_consent IS NULL AND i.retention_class <> 'consent'
), kept AS (
  SELECT * FROM decided
  WHERE NOT erased AND (consented OR retention_class = 'consent' OR NOT p_drop_without_consent)
), fresh AS (
  -- The idempotency key: only rows whose id is new are stored.
  INSERT INTO raw.event_ids (event_id, retention_class, occurred_at)
  SELECT event_id, retention_class, occurred_at FROM kept
  ON CONFLICT (event_id) DO NOTHING
  RETURNING event_id
), stored_events AS (
  -- Minimization: without consent, no guest or session id, IP, device or free text.
  INSERT INTO raw.events (event_id, event_type, retention_class, occurred_at, guest_id, session_id,
                          guest_type, channel, language, minimized, ip_network, ip_hash, device_class,
                          properties, source)
  SELECT k.event_id, k.event_type, k.retention_class, k.occurred_at,
         CASE WHEN k.consented THEN k.guest_id END,
         CASE WHEN k.consented THEN k.session_id END,
         k.guest_type, k.channel, k.language, NOT k.consented,
         CASE WHEN k.consented THEN k.ip_network END,
         CASE WHEN k.consented THEN k.ip_hash END,
         CASE WHEN k.consented THEN k.device_class END,
         CASE WHEN k.consented THEN k.props ELSE k.props_min END,
         k.source
  FROM kept k JOIN fresh f USING (event_id)
  WHERE k.retention_class <> 'consent'
), linked AS (
  INSERT INTO privacy.minimized_links (event_id, subject_hash, retention_class, occurred_at)
  SELECT k.event_id, k.subject_hash, k.retention_class, k.occurred_at
  FROM kept k JOIN fresh f USING (event_id)
  WHERE k.retention_class <> 'consent' AND NOT k.consented AND k.subject_hash IS NOT NULL
), stored_consent AS (
  -- Consent changes are legal evidence and always keep the guest id.
  INSERT INTO raw.consent_records (event_id, guest_id, analytics, marketing, policy_version,
                                   occurred_at, guest_type, channel, language, source)
  SELECT k.event_id, k.guest_id, (k.props->>'analytics')::boolean, (k.props->>'marketing')::boolean,
         k.props->>'policy_version', k.occurred_at, k.guest_type, k.channel, k.language, k.source
  FROM kept k JOIN fresh f USING (event_id)
  WHERE k.retention_class = 'consent'
)
SELECT d.event_id::text,
       (f.event_id IS NOT NULL),
       (d.consented OR d.retention_class = 'consent'),
       (NOT d.erased AND NOT (d.consented OR d.retention_class = 'consent') AND p_drop_without_consent),
       d.erased
FROM decided d LEFT JOIN fresh f USING (event_id)
$$;
REVOKE ALL ON FUNCTION raw.ingest_events(uuid[], text[], text[], timestamptz[], text[], text[], text[], text[], text[],
  boolean[], inet[], text[], text[], jsonb[], jsonb[], text[], text[], boolean, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION raw.ingest_events(uuid[], text[], text[], timestamptz[], text[], text[], text[], text[], text[],
  boolean[], inet[], text[], text[], jsonb[], jsonb[], text[], text[], boolean, boolean) TO cbc_ingest;

-- Down Migration
DROP FUNCTION raw.ingest_events(uuid[], text[], text[], timestamptz[], text[], text[], text[], text[], text[],
  boolean[], inet[], text[], text[], jsonb[], jsonb[], text[], text[], boolean, boolean);
