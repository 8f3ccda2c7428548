import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generatePasswords } from '@cbc/devstack';
import type { LoginRole } from '@cbc/db';
import { PATHS } from './paths';

export interface LocalSecrets {
  superuserPassword: string;
  rolePasswords: Record<LoginRole, string>;
  ingestKey: string;
  readKey: string;
  privacyKey: string;
  hmacSecret: string;
  ipSalt: string;
  ledgerKey: string;
}

/** Generated once per checkout and reused, so re-running `make up` keeps the same keys. */
export function localSecrets(): LocalSecrets {
  if (existsSync(PATHS.secrets)) {
    const s = JSON.parse(readFileSync(PATHS.secrets, 'utf8')) as LocalSecrets;
    // Checkouts from before a secret existed get it added, not the whole set regenerated.
    s.ledgerKey ??= randomBytes(24).toString('hex');
    // Roles added since: generate their passwords, keep the others.
    s.rolePasswords = { ...generatePasswords(), ...s.rolePasswords };
    writeFileSync(PATHS.secrets, JSON.stringify(s, null, 2), { mode: 0o600 });
    return s;
  }
  const s: LocalSecrets = {
    superuserPassword: randomBytes(12).toString('hex'),
    rolePasswords: generatePasswords(),
    ingestKey: `dev_ingest_${randomBytes(16).toString('hex')}`,
    readKey: `dev_read_${randomBytes(16).toString('hex')}`,
    privacyKey: `dev_privacy_${randomBytes(16).toString('hex')}`,
    hmacSecret: `whsec_${randomBytes(32).toString('base64')}`,
    ipSalt: randomBytes(24).toString('hex'),
    ledgerKey: randomBytes(24).toString('hex'),
  };
  writeFileSync(PATHS.secrets, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}
