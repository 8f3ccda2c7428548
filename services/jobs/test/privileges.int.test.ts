import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import type { LoginRole } from '@cbc/db';

/**
 * The privilege matrix of docs/database.md, proven against a real database:
 * for every role × table × operation the statement either passes the privilege check or fails
 * with SQLSTATE 42501, exactly as specified. Statements run in a rolled-back transaction and
 * touch no row (WHERE false), so a pass means "allowed", not "changed something".
 */
type Op = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
const OPS: Op[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];

const TABLES: Record<string, string> = {
  'raw.events': 'event_type',
  'raw.event_ids': 'retention_class',
  'raw.consent_records': 'policy_version',
  'ops.job_runs': 'job',
  'ops.retention_policy': 'min_keep',
  'ops.schema_migrations': 'name',
  'privacy.deletion_ledger': 'subject_hash',
  'privacy.audit_log': 'actor',
  'privacy.pii_quarantine': 'model',
  'privacy.minimized_links': 'subject_hash',
  'privacy.erased_events': 'erased_at',
  'admin.staff_accounts': 'role',
};

// Allowed operations; every other cell must be denied with 42501.
const ALLOWED: Record<Exclude<LoginRole, never>, Partial<Record<string, Op[]>>> = {
  cbc_ingest: {
    'raw.events': ['INSERT'],
    'raw.event_ids': ['INSERT'],
    'raw.consent_records': ['SELECT', 'INSERT'],
    'ops.schema_migrations': ['SELECT'],
    // The retention periods, for the door check (the one definition, also the pruner's).
    'ops.retention_policy': ['SELECT'],
    // Written by the group-commit statement for minimized rows; never read back.
    'privacy.minimized_links': ['INSERT'],
  },
  cbc_transformer: {
    'raw.events': ['SELECT'],
    'raw.event_ids': ['SELECT'],
    'raw.consent_records': ['SELECT'],
    'ops.job_runs': ['SELECT', 'INSERT', 'UPDATE'],
    'ops.retention_policy': ['SELECT'],
    // Moves mart rows holding PII here, and cannot read them back.
    'privacy.pii_quarantine': ['INSERT'],
    // Only the event_id column of privacy.erased_events (tested below): no erasure times.
  },
  cbc_reader: { 'ops.job_runs': ['SELECT'], 'ops.retention_policy': ['SELECT'], 'ops.schema_migrations': ['SELECT'] },
  cbc_privacy: {
    'raw.events': ['SELECT', 'DELETE'],
    'raw.consent_records': ['SELECT'],
    'ops.job_runs': ['SELECT', 'INSERT', 'UPDATE'],
    // Plus UPDATE of erased_at and receipt_id only (a guest erased again): tested below.
    'privacy.deletion_ledger': ['SELECT', 'INSERT'],
    'privacy.audit_log': ['SELECT', 'INSERT'],
    // Reviews the quarantined rows, then deletes them.
    'privacy.pii_quarantine': ['SELECT', 'DELETE'],
    'privacy.minimized_links': ['SELECT', 'DELETE'],
    'privacy.erased_events': ['SELECT', 'INSERT'],
  },
  cbc_pruner: { 'ops.job_runs': ['SELECT', 'INSERT', 'UPDATE'], 'ops.retention_policy': ['SELECT'] },
  cbc_admin: { 'admin.staff_accounts': ['SELECT', 'INSERT', 'UPDATE'], 'ops.schema_migrations': ['SELECT'] },
  // NOINHERIT member of cbc_owner: powerless until it says SET ROLE.
  cbc_migrator: {},
};

function statement(op: Op, table: string, col: string): string {
  switch (op) {
    case 'SELECT': return `SELECT * FROM ${table} WHERE false`;
    case 'INSERT': return `INSERT INTO ${table} DEFAULT VALUES`;
    case 'UPDATE': return `UPDATE ${table} SET ${col} = ${col} WHERE false`;
    case 'DELETE': return `DELETE FROM ${table} WHERE false`;
    case 'TRUNCATE': return `TRUNCATE ${table}`;
  }
}

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const clients = new Map<string, pg.Client>();
beforeAll(async () => {
  db = await createTestDatabase(inject('stack'));
  for (const [role, url] of Object.entries(db.urls)) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.set(role, c);
  }
});
afterAll(async () => {
  for (const c of clients.values()) await c.end();
});

async function attempt(client: pg.Client, sql: string): Promise<'allowed' | 'denied' | string> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    return 'allowed';
  } catch (err) {
    const code = (err as { code?: string }).code;
    // Past the privilege check, a constraint (NOT NULL on DEFAULT VALUES) may still refuse the row.
    return code === '42501' ? 'denied' : code && /^2[23]/.test(code) ? 'allowed' : `error ${code}: ${(err as Error).message}`;
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('privilege matrix', () => {
  const cells = Object.keys(ALLOWED).flatMap((role) => Object.keys(TABLES).flatMap((table) => OPS.map((op) => [role, table, op] as const)));
  it.each(cells)('%s %s %s', async (role, table, op) => {
    const expected = (ALLOWED[role as LoginRole][table] ?? []).includes(op) ? 'allowed' : 'denied';
    expect(await attempt(clients.get(role)!, statement(op, table, TABLES[table]!))).toBe(expected);
  });
});

describe('the deletion ledger, as ingest and dbt see it', () => {
  // Ingest may ask about the guests of its batch (a SECURITY DEFINER function), not list the ledger
  // or read its receipts; the UPDATE the privacy role has is limited to the erasure time and receipt.
  it.each([
    ['cbc_ingest', `SELECT * FROM privacy.erasures_of(ARRAY['h'])`, 'allowed'],
    ['cbc_ingest', 'SELECT subject_hash FROM privacy.deletion_ledger WHERE false', 'denied'],
    ['cbc_transformer', `SELECT * FROM privacy.erasures_of(ARRAY['h'])`, 'denied'],
    ['cbc_reader', `SELECT * FROM privacy.erasures_of(ARRAY['h'])`, 'denied'],
    // dbt learns the ids of erased events (to delete their mart rows) and the days to rebuild,
    // not when anything happened or was erased.
    ['cbc_transformer', 'SELECT event_id FROM privacy.erased_events WHERE false', 'allowed'],
    ['cbc_transformer', 'SELECT occurred_at FROM privacy.erased_events WHERE false', 'denied'],
    ['cbc_transformer', 'SELECT * FROM privacy.erased_days(now())', 'allowed'],
    ['cbc_reader', 'SELECT * FROM privacy.erased_days(now())', 'denied'],
    ['cbc_ingest', 'SELECT * FROM privacy.erased_days(now())', 'denied'],
    ['cbc_privacy', 'UPDATE privacy.deletion_ledger SET erased_at = erased_at WHERE false', 'allowed'],
    ['cbc_privacy', 'UPDATE privacy.deletion_ledger SET subject_hash = subject_hash WHERE false', 'denied'],
  ])('%s: %s → %s', async (role, sql, expected) => {
    expect(await attempt(clients.get(role)!, sql)).toBe(expected);
  });
});

describe('catalogue', () => {
  it('no login role is superuser, creates roles or databases, bypasses RLS or replicates', async () => {
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(`
        SELECT rolname FROM pg_roles WHERE rolname LIKE 'cbc\\_%' AND rolcanlogin
          AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication)`);
      expect(rows).toEqual([]);
      const logins = await admin.query(`SELECT rolname, rolconnlimit FROM pg_roles WHERE rolname LIKE 'cbc\\_%' AND rolcanlogin ORDER BY 1`);
      expect(logins.rows.map((r) => r.rolname)).toEqual(Object.keys(ALLOWED).sort());
      expect(logins.rows.every((r) => r.rolconnlimit > 0)).toBe(true);
    } finally {
      await admin.end();
    }
  });

  it('no login role owns a table, schema or function outside the dbt schemas', async () => {
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(`
        SELECT c.oid::regclass::text AS object, r.rolname AS owner
        FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('raw', 'ops', 'privacy', 'admin') AND r.rolcanlogin
        UNION ALL
        SELECT n.nspname, r.rolname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
        WHERE n.nspname IN ('raw', 'ops', 'privacy', 'admin') AND r.rolcanlogin`);
      expect(rows).toEqual([]);
      const owner = await admin.query(`SELECT DISTINCT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'raw'`);
      expect(owner.rows).toEqual([{ rolname: 'cbc_owner' }]);
    } finally {
      await admin.end();
    }
  });

  it('PUBLIC cannot connect to the database', async () => {
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT has_database_privilege('public', current_database(), 'CONNECT') AS can`);
      expect(rows[0].can).toBe(false);
    } finally {
      await admin.end();
    }
  });
});
