-- Up Migration
-- Erasure is final: the ingest path consults the deletion ledger, rows stored without a guest id
-- (no analytics consent) stay reachable by erasure, and the ids of erased events are remembered
-- so dbt can remove their mart rows whatever key those rows carry. See docs/data-lifecycle.md.

-- Minimized rows carry no guest id, so nothing in raw says whose they are. This table is the
-- only link: the ledger's keyed hash of the guest id, written by the same statement that stores
-- the row. Only the privacy role may read it (the transformer and reader cannot, so minimized
-- rows stay unlinkable for analytics). The foreign key makes retention exact without another
-- pruning rule: raw.prune_class deletes the expired idempotency keys, and their links go with them.
CREATE TABLE privacy.minimized_links (
  event_id        uuid PRIMARY KEY REFERENCES raw.event_ids (event_id) ON DELETE CASCADE,
  subject_hash    text NOT NULL,
  retention_class text NOT NULL CHECK (retention_class IN ('browsing', 'service')),
  occurred_at     timestamptz NOT NULL
);
CREATE INDEX minimized_links_subject_idx ON privacy.minimized_links (subject_hash);

-- The ids of erased events, without personal data (event ids are random UUIDs minted by the
-- agent). dbt's end-of-build reconciliation deletes every mart row whose event_id is here, so a
-- build that read raw just before an erasure cannot leave an event-grain row behind, identified
-- or not. Pruned with the idempotency keys, like the links.
CREATE TABLE privacy.erased_events (
  event_id        uuid PRIMARY KEY REFERENCES raw.event_ids (event_id) ON DELETE CASCADE,
  retention_class text NOT NULL CHECK (retention_class IN ('browsing', 'service')),
  occurred_at     timestamptz NOT NULL,
  erased_at       timestamptz NOT NULL DEFAULT now()
);

-- The ledger entries of the given hashes: all the ingest role may learn from the ledger. A
-- function rather than a column grant, so ingest can ask about the guests in its batch but
-- cannot list every erased subject.
CREATE FUNCTION privacy.erasures_of(p_hashes text[])
RETURNS TABLE (subject_hash text, erased_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, privacy
AS $$ SELECT l.subject_hash, l.erased_at FROM privacy.deletion_ledger l WHERE l.subject_hash = ANY (p_hashes) $$;
REVOKE ALL ON FUNCTION privacy.erasures_of(text[]) FROM PUBLIC;

-- Privileges: see docs/database.md.
GRANT USAGE ON SCHEMA privacy TO cbc_ingest, cbc_transformer;
GRANT EXECUTE ON FUNCTION privacy.erasures_of(text[]) TO cbc_ingest;
GRANT INSERT ON privacy.minimized_links TO cbc_ingest;
GRANT SELECT, DELETE ON privacy.minimized_links TO cbc_privacy;
GRANT SELECT, INSERT ON privacy.erased_events TO cbc_privacy;
GRANT SELECT ON privacy.erased_events TO cbc_transformer;
-- A guest who comes back after an erasure and is erased again moves the entry's erased_at
-- forward, so late events of the second period are refused too.
GRANT UPDATE (erased_at, receipt_id) ON privacy.deletion_ledger TO cbc_privacy;

-- Down Migration
REVOKE UPDATE (erased_at, receipt_id) ON privacy.deletion_ledger FROM cbc_privacy;
DROP FUNCTION privacy.erasures_of(text[]);
DROP TABLE privacy.erased_events;
DROP TABLE privacy.minimized_links;
REVOKE USAGE ON SCHEMA privacy FROM cbc_ingest, cbc_transformer;
