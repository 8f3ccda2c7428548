-- Up Migration
-- ops.retention_policy is the one definition of how long each class is kept: the API's door
-- check (an event already past its class's period is refused) reads it too, so the API and the
-- pruner cannot disagree. See docs/data-lifecycle.md ("Retention").
GRANT SELECT ON ops.retention_policy TO cbc_ingest;

-- Down Migration
REVOKE SELECT ON ops.retention_policy FROM cbc_ingest;
