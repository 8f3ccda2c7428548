import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { bootstrapRoles, LOGIN_ROLES, migrate, type LoginRole } from '@cbc/db';

export type RoleUrls = Record<LoginRole, string>;

export function generatePasswords(): Record<LoginRole, string> {
  return Object.fromEntries(
    Object.keys(LOGIN_ROLES).map((r) => [r, randomBytes(18).toString('base64url')]),
  ) as Record<LoginRole, string>;
}

export function roleUrl(port: number, database: string, role: string, password: string): string {
  return `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * Creates `database` if needed, the role split, and runs the migrations as cbc_migrator — the
 * same order a Kubernetes install follows (operator-managed roles, then the migrations Job).
 * `migrate: false` stops after the roles, for callers that run the migrations Job themselves
 * (the image boot checks run it from the jobs image).
 */
export async function provisionDatabase(opts: {
  adminUrl: string;
  port: number;
  database: string;
  passwords: Record<LoginRole, string>;
  template?: string;
  migrate?: boolean;
}): Promise<RoleUrls> {
  const admin = new pg.Client({ connectionString: opts.adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (exists.rowCount === 0) {
      const tpl = opts.template ? ` TEMPLATE ${pg.escapeIdentifier(opts.template)}` : '';
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(opts.database)}${tpl}`);
    }
    await bootstrapRoles(admin, opts.database, opts.passwords);
  } finally {
    await admin.end();
  }
  // Database-level REVOKE needs the superuser connected to the target database for the schema part.
  const inDb = new pg.Client({ connectionString: opts.adminUrl.replace(/\/[^/]*$/, `/${opts.database}`) });
  await inDb.connect();
  try {
    await inDb.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
  } finally {
    await inDb.end();
  }
  const urls = Object.fromEntries(
    Object.keys(LOGIN_ROLES).map((r) => [r, roleUrl(opts.port, opts.database, r, opts.passwords[r as LoginRole])]),
  ) as RoleUrls;
  if (opts.migrate !== false) await migrate({ databaseUrl: urls.cbc_migrator });
  return urls;
}
