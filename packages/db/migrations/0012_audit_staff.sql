-- Up Migration
-- A privacy request made through the dashboard names the staff member who made it, beside the
-- API key it came with: the key says which system asked, the staff id says who. Only the
-- dashboard's own key may name one (the API's PRIVACY_STAFF_KEY_IDS); requests of other keys,
-- jobs and ledger replays leave it null. A uuid, never an email: the audit log outlives staff
-- accounts, and the dashboard resolves the id to a name while the account exists.
-- No new grant: cbc_privacy already holds table-wide SELECT, INSERT on privacy.audit_log, and the
-- append-only trigger covers the new column like every other.
ALTER TABLE privacy.audit_log ADD COLUMN actor_staff_id uuid;
COMMENT ON COLUMN privacy.audit_log.actor_staff_id IS 'admin.staff_accounts.staff_id of the staff member who made the request through the dashboard; null otherwise';

-- The dashboard filters the log by subject (a keyed hash, never the guest id) and by date.
CREATE INDEX audit_log_subject_at_idx ON privacy.audit_log (subject_hash, at DESC);

-- Down Migration
DROP INDEX privacy.audit_log_subject_at_idx;
ALTER TABLE privacy.audit_log DROP COLUMN actor_staff_id;
