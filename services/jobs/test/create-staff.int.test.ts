import { PassThrough, Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { findCredentialsByEmail, verifyPassword } from '@cbc/staff';
import { createStaffCommand } from '../src/commands/create-staff';

let pool: pg.Pool;
let env: Record<string, string>;

beforeAll(async () => {
  const db = await createTestDatabase(inject('stack'));
  env = { ADMIN_DATABASE_URL: db.urls.cbc_admin };
  pool = new pg.Pool({ connectionString: db.urls.cbc_admin, max: 1 });
});
afterAll(() => pool.end());

async function run(args: string[], stdin: string, tty = false) {
  const input = Readable.from([Buffer.from(stdin)]) as Readable & { isTTY?: boolean };
  if (tty) input.isTTY = true; // a terminal without setRawMode: the command must refuse, not hang
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  try {
    const code = await createStaffCommand.run(args, { stdin: input, stdout, stderr, env });
    return { code, out, error: '' };
  } catch (err) {
    return { code: 1, out, error: (err as Error).message };
  }
}

describe('npm run -s cli -- create-staff', () => {
  it('creates an account from a piped password, then resets it on a second run', async () => {
    const a = await run(['--email', 'First.Admin@CBC.test', '--role', 'admin', '--password-stdin'], 'a long admin password\n');
    expect(a).toMatchObject({ code: 0, out: 'created staff account first.admin@cbc.test (admin)\n' });
    const b = await run(['--email', 'first.admin@cbc.test', '--role', 'viewer', '--password-stdin'], 'another long password\n');
    expect(b.out).toBe('updated staff account first.admin@cbc.test (viewer)\n');
    const row = await findCredentialsByEmail(pool, 'first.admin@cbc.test');
    expect(row?.role).toBe('viewer');
    expect(await verifyPassword('another long password', row!.passwordHash)).toBe(true);
  });

  it('validates email, role and password', async () => {
    expect((await run(['--email', 'nope', '--role', 'admin', '--password-stdin'], 'a long admin password')).error).toMatch(/--email/);
    expect((await run(['--email', 'x@cbc.test', '--role', 'root', '--password-stdin'], 'a long admin password')).error).toMatch(/--role must be one of viewer, operator, privacy_officer, admin/);
    expect((await run(['--email', 'x@cbc.test', '--role', 'viewer', '--password-stdin'], 'short')).error).toMatch(/at least 12/);
    expect((await run(['--email', 'x@cbc.test', '--role', 'viewer', '--password', 'on-the-command-line'], '')).error).toMatch(/unknown option --password/);
    expect(await findCredentialsByEmail(pool, 'x@cbc.test')).toBeNull();
  });

  it('refuses to prompt without a terminal', async () => {
    expect((await run(['--email', 'y@cbc.test', '--role', 'viewer'], '')).error).toMatch(/--password-stdin/);
    expect((await run(['--email', 'y@cbc.test', '--role', 'viewer'], '', true)).error).toMatch(/--password-stdin/);
  });
});
