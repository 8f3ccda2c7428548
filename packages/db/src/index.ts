export { migrate, MIGRATIONS_DIR, type MigrateOptions } from './migrate';
export { bootstrapRoles, grantDatabaseAccess, LOGIN_ROLES, OWNER_ROLE, type LoginRole } from './roles';
export * from './privacy';
export { ingestEvents, type ConsentPolicy, type IngestRow, type RowOutcome } from './ingest-events';
export { readRetentionPolicy } from './retention';
