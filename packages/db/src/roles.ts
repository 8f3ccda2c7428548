import type { ClientBase } from 'pg';
import pg from 'pg';

/**
 * The role split of docs/database.md. Roles are cluster-wide and created by a superuser (locally
 * by `make up` and the test harness, in Kubernetes by CloudNativePG managed roles); migrations
 * then grant each role exactly what it may do on the objects cbc_owner owns.
 */
export const LOGIN_ROLES = {
  cbc_migrator: { connectionLimit: 5, statementTimeout: '0' },
  cbc_ingest: { connectionLimit: 100, statementTimeout: '5s' },
  cbc_transformer: { connectionLimit: 10, statementTimeout: '30min' },
  cbc_reader: { connectionLimit: 50, statementTimeout: '10s' },
  cbc_privacy: { connectionLimit: 10, statementTimeout: '60s' },
  cbc_pruner: { connectionLimit: 5, statementTimeout: '30min' },
  cbc_admin: { connectionLimit: 20, statementTimeout: '5s' },
} as const;

export type LoginRole = keyof typeof LOGIN_ROLES;
export const OWNER_ROLE = 'cbc_owner';

/** Creates (or re-aligns) every role, then locks the database down to them. Idempotent. */
export async function bootstrapRoles(
  admin: ClientBase,
  database: string,
  passwords: Record<LoginRole, string>,
): Promise<void> {
  const ident = (s: string) => pg.escapeIdentifier(s);
  const lit = (s: string) => pg.escapeLiteral(s);
  await admin.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cbc_owner') THEN
      CREATE ROLE cbc_owner NOLOGIN;
    END IF; END $$`);
  for (const [role, opts] of Object.entries(LOGIN_ROLES) as [LoginRole, (typeof LOGIN_ROLES)[LoginRole]][]) {
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${lit(role)}) THEN
        CREATE ROLE ${ident(role)} LOGIN;
      END IF; END $$`);
    await admin.query(
      `ALTER ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION ` +
        `CONNECTION LIMIT ${opts.connectionLimit} PASSWORD ${lit(passwords[role])}`,
    );
    await admin.query(`ALTER ROLE ${ident(role)} SET statement_timeout = ${lit(opts.statementTimeout)}`);
  }
  // Migrations run as cbc_migrator with SET ROLE cbc_owner. The membership is granted WITHOUT
  // inheritance (PostgreSQL 16+ decides inheritance per grant), so the migrator's session is
  // powerless until it switches role explicitly.
  await admin.query(`ALTER ROLE cbc_migrator NOINHERIT`);
  await admin.query(`GRANT cbc_owner TO cbc_migrator WITH INHERIT FALSE, SET TRUE`);
  await grantDatabaseAccess(admin, database);
}

/**
 * The per-database half of the bootstrap: PUBLIC locked out, each role's CONNECT, and what the
 * owner and dbt may create. Separate so a new database in an existing cluster (each test file's)
 * does not re-alter the cluster-wide roles, which concurrent callers would race on.
 */
export async function grantDatabaseAccess(admin: ClientBase, database: string): Promise<void> {
  const ident = (s: string) => pg.escapeIdentifier(s);
  const db = ident(database);
  await admin.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
  await admin.query(`GRANT CONNECT ON DATABASE ${db} TO ${Object.keys(LOGIN_ROLES).map(ident).join(', ')}`);
  // The owner creates the raw and ops schemas; dbt (transformer) creates and owns its own schemas.
  await admin.query(`GRANT CREATE ON DATABASE ${db} TO cbc_owner, cbc_transformer`);
  // dbt stages incremental rows and unit-test fixtures in temporary tables.
  await admin.query(`GRANT TEMPORARY ON DATABASE ${db} TO cbc_transformer`);
}
