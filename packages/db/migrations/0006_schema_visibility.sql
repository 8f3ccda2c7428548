-- Up Migration
-- App pods wait for the schema before serving (`wait-for-schema` initContainers run with the
-- pod's own credentials), so their roles may read which migrations are applied — nothing else.
GRANT USAGE ON SCHEMA ops TO cbc_admin;
GRANT SELECT ON ops.schema_migrations TO cbc_ingest, cbc_reader, cbc_admin;
-- dbt's marts.prune_expired (owned by the transformer) checks the same retention floors.
GRANT SELECT ON ops.retention_policy TO cbc_transformer;

-- Down Migration
REVOKE SELECT ON ops.schema_migrations FROM cbc_ingest, cbc_reader, cbc_admin;
REVOKE SELECT ON ops.retention_policy FROM cbc_transformer;
REVOKE USAGE ON SCHEMA ops FROM cbc_admin;
