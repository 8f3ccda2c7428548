import type pg from 'pg';
import type { StaffRole } from './validate';

/**
 * The one home of the staff-account SQL, shared by the admin app and the
 * `create-staff` CLI. Every function takes a pool or client connected as `cbc_admin`, which may
 * SELECT, INSERT and UPDATE admin.staff_accounts and nothing else: accounts are disabled, never
 * deleted, so who had access stays on record.
 */
export type Queryable = Pick<pg.Pool, 'query'>;

export interface StaffAccount {
  staffId: string;
  email: string;
  role: StaffRole;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  disabledAt: string | null;
}

export interface StaffCredentials extends StaffAccount {
  passwordHash: string;
}

const COLUMNS = 'staff_id, email, role, created_at, updated_at, last_login_at, disabled_at';

interface Row {
  staff_id: string;
  email: string;
  role: StaffRole;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
  disabled_at: Date | null;
  password_hash?: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function account(r: Row): StaffAccount {
  return {
    staffId: r.staff_id,
    email: r.email,
    role: r.role,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    lastLoginAt: iso(r.last_login_at),
    disabledAt: iso(r.disabled_at),
  };
}

export async function findCredentialsByEmail(db: Queryable, email: string): Promise<StaffCredentials | null> {
  const res = await db.query<Row>(`SELECT ${COLUMNS}, password_hash FROM admin.staff_accounts WHERE email = $1`, [email]);
  const r = res.rows[0];
  return r ? { ...account(r), passwordHash: r.password_hash! } : null;
}

export async function findStaffById(db: Queryable, staffId: string): Promise<StaffAccount | null> {
  const res = await db.query<Row>(`SELECT ${COLUMNS} FROM admin.staff_accounts WHERE staff_id = $1`, [staffId]);
  return res.rows[0] ? account(res.rows[0]) : null;
}

export async function listStaff(db: Queryable): Promise<StaffAccount[]> {
  const res = await db.query<Row>(`SELECT ${COLUMNS} FROM admin.staff_accounts ORDER BY disabled_at IS NOT NULL, email`);
  return res.rows.map(account);
}

/**
 * Creates the account, or — for an existing email — sets its role and password and re-enables
 * it. This is the CLI's semantics: running `create-staff` again is how a forgotten admin
 * password is reset.
 */
export async function upsertStaff(
  db: Queryable,
  a: { email: string; role: StaffRole; passwordHash: string },
): Promise<{ account: StaffAccount; created: boolean }> {
  const res = await db.query<Row & { created: boolean }>(
    `INSERT INTO admin.staff_accounts (email, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO UPDATE
       SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash, updated_at = now(), disabled_at = NULL
     RETURNING ${COLUMNS}, (xmax = 0) AS created`,
    [a.email, a.role, a.passwordHash],
  );
  const r = res.rows[0]!;
  return { account: account(r), created: r.created };
}

/** Creates a new account; null when the email already has one (the UI must not overwrite it). */
export async function insertStaff(db: Queryable, a: { email: string; role: StaffRole; passwordHash: string }): Promise<StaffAccount | null> {
  const res = await db.query<Row>(
    `INSERT INTO admin.staff_accounts (email, role, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (email) DO NOTHING RETURNING ${COLUMNS}`,
    [a.email, a.role, a.passwordHash],
  );
  return res.rows[0] ? account(res.rows[0]) : null;
}

export async function setStaffRole(db: Queryable, staffId: string, role: StaffRole): Promise<boolean> {
  const res = await db.query('UPDATE admin.staff_accounts SET role = $2, updated_at = now() WHERE staff_id = $1', [staffId, role]);
  return (res.rowCount ?? 0) > 0;
}

export async function setStaffDisabled(db: Queryable, staffId: string, disabled: boolean): Promise<boolean> {
  const res = await db.query(
    `UPDATE admin.staff_accounts SET disabled_at = ${disabled ? 'coalesce(disabled_at, now())' : 'NULL'}, updated_at = now() WHERE staff_id = $1`,
    [staffId],
  );
  return (res.rowCount ?? 0) > 0;
}

export async function setStaffPassword(db: Queryable, staffId: string, passwordHash: string): Promise<boolean> {
  const res = await db.query('UPDATE admin.staff_accounts SET password_hash = $2, updated_at = now() WHERE staff_id = $1', [staffId, passwordHash]);
  return (res.rowCount ?? 0) > 0;
}

export async function recordLogin(db: Queryable, staffId: string): Promise<void> {
  await db.query('UPDATE admin.staff_accounts SET last_login_at = now() WHERE staff_id = $1', [staffId]);
}

/** Enabled admins other than `exceptStaffId`: the last one may not demote or disable themself. */
export async function countOtherActiveAdmins(db: Queryable, exceptStaffId: string): Promise<number> {
  const res = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM admin.staff_accounts WHERE role = 'admin' AND disabled_at IS NULL AND staff_id <> $1`,
    [exceptStaffId],
  );
  return res.rows[0]?.n ?? 0;
}
