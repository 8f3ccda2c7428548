import { describe, expect, it } from 'vitest';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from '../src/password';
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

  it('spends comparable time on unknown accounts', async () => {
    expect(await burnPasswordCheck('anything at all')).toBe(false);
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
