import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as crypto from 'node:crypto';
import { hashPassword, needsRehash, PASSWORD_MAX_LENGTH, SCRYPT_PARAMS, verifyPassword } from '../src/password';

// Every scrypt call is recorded (and still computed), so a test can prove the key derivation ran
// and with which parameters: the only honest evidence that two logins cost the same work.
const kdf = vi.hoisted(() => ({ calls: [] as { password: string; salt: Buffer; keyLength: number; options: crypto.ScryptOptions }[] }));
vi.mock('node:crypto', async (orig) => {
  const real = await orig<typeof import('node:crypto')>();
  const scrypt = (password: string, salt: Buffer, keyLength: number, options: crypto.ScryptOptions, cb: (err: Error | null, key: Buffer) => void) => {
    kdf.calls.push({ password, salt, keyLength, options });
    real.scrypt(password, salt, keyLength, options, cb);
  };
  return { ...real, scrypt };
});
import { isStaffId, isStaffRole, normalizeEmail, passwordProblem } from '../src/validate';

describe('scrypt password hashes', () => {
  it('verifies the right password and rejects others', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(h).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(h).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery staple', h)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it('treats composed and decomposed unicode alike (NFKC)', async () => {
    const h = await hashPassword('caf\u00e9-au-lait-42');
    expect(await verifyPassword('cafe\u0301-au-lait-42', h)).toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', 'scrypt$15$8$1$abc', 'bcrypt$1$2$3$4$5', 'scrypt$30$8$1$c2FsdHNhbHQ=$' + 'A'.repeat(88)]) {
      expect(await verifyPassword('whatever-password', bad)).toBe(false);
    }
  });

  it('flags hashes made with other parameters for re-hashing', async () => {
    expect(needsRehash(await hashPassword('a long enough password'))).toBe(false);
    expect(needsRehash('scrypt$14$8$1$c2FsdHNhbHRzYWx0c2FsdA==$' + Buffer.alloc(64).toString('base64'))).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('the work of a failed login does not depend on the account or the input', () => {
  const N = 2 ** SCRYPT_PARAMS.log2N;
  let stored: string;
  beforeEach(async () => {
    stored ??= await hashPassword('the real password of a real account');
    kdf.calls.length = 0;
  });

  const cases: [string, () => string | null, string][] = [
    ['known account, wrong password', () => stored, 'a wrong password guess'],
    ['known account, over-long password', () => stored, 'x'.repeat(PASSWORD_MAX_LENGTH + 1)],
    ['known account, megabyte password', () => stored, 'y'.repeat(1 << 20)],
    ['unknown account', () => null, 'a wrong password guess'],
    ['unknown account, over-long password', () => null, 'x'.repeat(PASSWORD_MAX_LENGTH + 1)],
    ['unreadable stored hash', () => 'scrypt$30$8$1$abc$def', 'a wrong password guess'],
    ['empty password', () => null, ''],
  ];

  it.each(cases)('%s: refused after exactly one scrypt run with today’s parameters', async (_, hash, password) => {
    expect(await verifyPassword(password, hash())).toBe(false);
    expect(kdf.calls).toHaveLength(1);
    const call = kdf.calls[0]!;
    expect(call.options).toMatchObject({ N, r: SCRYPT_PARAMS.r, p: SCRYPT_PARAMS.p });
    expect(call.keyLength).toBe(SCRYPT_PARAMS.keyLength);
    expect(call.salt).toHaveLength(SCRYPT_PARAMS.saltLength);
    expect(call.password.length).toBeLessThanOrEqual(PASSWORD_MAX_LENGTH);
  });

  it('the first unknown account costs what every later one does (no hash built on first use)', async () => {
    await verifyPassword('first guess for nobody', null);
    await verifyPassword('second guess for nobody', null);
    expect(kdf.calls).toHaveLength(2);
  });

  it('a hash stored with older parameters is checked with those parameters, not today’s', async () => {
    const salt = Buffer.alloc(16, 7);
    const opts = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
    const key = crypto.scryptSync('an older account password', salt, 64, opts);
    const old = ['scrypt', 14, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
    expect(await verifyPassword('an older account password', old)).toBe(true);
    expect(kdf.calls).toHaveLength(1);
    expect(kdf.calls[0]!.options).toMatchObject({ N: 2 ** 14, r: 8, p: 1 });
    expect(kdf.calls[0]!.salt.equals(salt)).toBe(true);
  });

  it('a password whose first 1,024 characters match is still refused', async () => {
    const long = 'z'.repeat(PASSWORD_MAX_LENGTH);
    const h = await hashPassword(long);
    expect(await verifyPassword(long, h)).toBe(true);
    expect(await verifyPassword(long + 'extra', h)).toBe(false);
  });
});

describe('validation', () => {
  it('normalises emails to lower case and rejects implausible ones', () => {
    expect(normalizeEmail('  Admin@CBC.Local ')).toBe('admin@cbc.local');
    for (const bad of ['', 'no-at-sign', 'a@b', 'a b@c.de', 'a@@b.de', `${'x'.repeat(250)}@a.de`, 42, null]) {
      expect(normalizeEmail(bad)).toBeNull();
    }
  });

  it('knows the four roles', () => {
    expect(['viewer', 'operator', 'privacy_officer', 'admin'].every(isStaffRole)).toBe(true);
    expect(isStaffRole('root')).toBe(false);
  });

  it('explains weak passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem(' padded password ')).toMatch(/whitespace/);
    expect(passwordProblem('x'.repeat(1025))).toMatch(/at most/);
    expect(passwordProblem('a perfectly fine one')).toBeNull();
  });

  it('accepts only uuid staff ids', () => {
    expect(isStaffId('0b3c9a52-5a63-4f9e-9d1e-0c2a1f3b4d5e')).toBe(true);
    expect(isStaffId("1' OR '1'='1")).toBe(false);
  });
});
