import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import {
  countOtherActiveAdmins,
  findCredentialsByEmail,
  findStaffById,
  insertStaff,
  listStaff,
  recordLogin,
  setStaffDisabled,
  setStaffPassword,
  setStaffRole,
  upsertStaff,
} from '../src/accounts';

let pool: pg.Pool;

beforeAll(async () => {
  const db = await createTestDatabase(inject('stack'));
  // The role the admin app and the CLI use: the SQL must work within its grants.
  pool = new pg.Pool({ connectionString: db.urls.cbc_admin, max: 2 });
});
afterAll(() => pool.end());

describe('staff accounts as cbc_admin', () => {
  it('upserts: creates, then updates role and password and re-enables', async () => {
    const a = await upsertStaff(pool, { email: 'ops@cbc.test', role: 'operator', passwordHash: 'h1' });
    expect(a.created).toBe(true);
    await setStaffDisabled(pool, a.account.staffId, true);
    const b = await upsertStaff(pool, { email: 'ops@cbc.test', role: 'admin', passwordHash: 'h2' });
    expect(b.created).toBe(false);
    expect(b.account.staffId).toBe(a.account.staffId);
    const c = await findCredentialsByEmail(pool, 'ops@cbc.test');
    expect(c).toMatchObject({ role: 'admin', passwordHash: 'h2', disabledAt: null });
  });

  it('insert refuses an existing email instead of overwriting it', async () => {
    expect(await insertStaff(pool, { email: 'new@cbc.test', role: 'viewer', passwordHash: 'h' })).not.toBeNull();
    expect(await insertStaff(pool, { email: 'new@cbc.test', role: 'admin', passwordHash: 'evil' })).toBeNull();
    expect((await findCredentialsByEmail(pool, 'new@cbc.test'))?.passwordHash).toBe('h');
  });

  it('changes role, password, disabled state and login time', async () => {
    const a = (await insertStaff(pool, { email: 'p@cbc.test', role: 'viewer', passwordHash: 'h' }))!;
    expect(await setStaffRole(pool, a.staffId, 'privacy_officer')).toBe(true);
    expect(await setStaffPassword(pool, a.staffId, 'h-new')).toBe(true);
    await recordLogin(pool, a.staffId);
    const got = await findStaffById(pool, a.staffId);
    expect(got?.role).toBe('privacy_officer');
    expect(got?.lastLoginAt).not.toBeNull();
    await setStaffDisabled(pool, a.staffId, true);
    expect((await findStaffById(pool, a.staffId))?.disabledAt).not.toBeNull();
    const list = await listStaff(pool);
    expect(list.at(-1)?.email).toBe('p@cbc.test'); // disabled accounts sort last
    expect(list.every((s) => !('passwordHash' in s))).toBe(true);
  });

  it('counts the other enabled admins', async () => {
    const me = (await insertStaff(pool, { email: 'boss@cbc.test', role: 'admin', passwordHash: 'h' }))!;
    const others = await countOtherActiveAdmins(pool, me.staffId);
    expect(others).toBe(1); // ops@cbc.test became an admin above
  });

  it('the database refuses upper-case emails and unknown roles', async () => {
    await expect(pool.query(`INSERT INTO admin.staff_accounts (email, role, password_hash) VALUES ('X@cbc.test', 'viewer', 'h')`)).rejects.toThrow();
    await expect(pool.query(`INSERT INTO admin.staff_accounts (email, role, password_hash) VALUES ('x@cbc.test', 'root', 'h')`)).rejects.toThrow();
  });
});
