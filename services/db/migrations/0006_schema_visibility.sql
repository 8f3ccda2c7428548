-- Up Migration
-- App pods wait for the schema before serving (`wait-for-schema` initContainers run with the
-- pod's own credentials), so their roles may read which migrations are applied — nothing else.
GRANT USAGE ON SCHEMA ops TO cbc_admin;
GRANT SELECT ON ops.schema_migrations TO cbc_ingest, cbc_reader, cbc_admin;

-- Down Migration
REVOKE SELECT ON ops.schema_migrations FROM cbc_ingest, cbc_reader, cbc_admin;
REVOKE USAGE ON SCHEMA ops FROM cbc_admin;
