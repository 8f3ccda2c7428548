import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords are stored as scrypt hashes in a self-describing string
 * `scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can be raised later and old
 * hashes still verify (and get re-hashed at the next login, see `needsRehash`).
 *
 * Cost: N = 2^15, r = 8, p = 1 (OWASP's scrypt minimum is N = 2^17 with r = 8 for interactive
 * logins on dedicated hardware; 2^15 keeps a login around 50–100 ms on the 2-core machines
 * this runs on and still costs an attacker 32 MiB of memory per guess).
 */
export const SCRYPT_PARAMS = { log2N: 15, r: 8, p: 1, keyLength: 64, saltLength: 16 } as const;

/** Longer inputs are refused before hashing: they are never a real password, only a DoS lever. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1024;

function scrypt(password: string, salt: Buffer, keyLength: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, keyLength, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function options(log2N: number, r: number, p: number): ScryptOptions {
  const N = 2 ** log2N;
  // Node refuses when 128·N·r exceeds maxmem (32 MiB by default, exactly our need): give headroom.
  return { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
}

export async function hashPassword(password: string): Promise<string> {
  const { log2N, r, p, keyLength, saltLength } = SCRYPT_PARAMS;
  const salt = randomBytes(saltLength);
  const key = await scrypt(password, salt, keyLength, options(log2N, r, p));
  return ['scrypt', log2N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

interface Parsed {
  log2N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [log2N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a tampered row from turning a login into a memory bomb.
  if (![log2N, r, p].every(Number.isInteger) || log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || key.length < 32) return null;
  return { log2N, r, p, salt, key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  const h = parse(stored);
  if (!h) return false;
  const key = await scrypt(password, h.salt, h.key.length, options(h.log2N, h.r, h.p));
  return timingSafeEqual(key, h.key);
}

/** True when the stored hash was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return !h || h.log2N !== SCRYPT_PARAMS.log2N || h.r !== SCRYPT_PARAMS.r || h.p !== SCRYPT_PARAMS.p || h.key.length !== SCRYPT_PARAMS.keyLength;
}

let dummy: Promise<string> | null = null;

/**
 * Spends the same scrypt work as a real check, for logins with an unknown email, so response
 * time does not reveal which emails have accounts.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password.slice(0, PASSWORD_MAX_LENGTH), await dummy);
  return false;
}
