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

export const PASSWORD_MIN_LENGTH = 12;
/**
 * Longer inputs are never a real password, only a DoS lever: new passwords are refused, and a
 * login's input is cut to this before hashing (and then refused, see `verifyPassword`).
 */
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

/**
 * Stands in for the hash of an account that does not exist (or whose stored hash is unreadable):
 * today's parameters, a random salt and a random key that no password derives to. Built without
 * running scrypt, so the first unknown email costs exactly what every later one does.
 */
const UNKNOWN_ACCOUNT: Parsed = {
  log2N: SCRYPT_PARAMS.log2N,
  r: SCRYPT_PARAMS.r,
  p: SCRYPT_PARAMS.p,
  salt: randomBytes(SCRYPT_PARAMS.saltLength),
  key: randomBytes(SCRYPT_PARAMS.keyLength),
};

/**
 * Checks a password against a stored hash, or against nothing (`null`: no such account).
 * Every call runs scrypt exactly once, whatever the input: an unknown account, an unreadable
 * hash and a password over PASSWORD_MAX_LENGTH all take the same path as a real check, so the
 * response time says nothing about which emails have accounts. An over-long password is cut to
 * the limit before hashing (a megabyte of input is only a DoS lever) and then refused: no
 * account can have one, because new passwords are validated against the same limit.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const known = stored === null ? null : parse(stored);
  const h = known ?? UNKNOWN_ACCOUNT;
  const tooLong = password.length > PASSWORD_MAX_LENGTH;
  const key = await scrypt(tooLong ? password.slice(0, PASSWORD_MAX_LENGTH) : password, h.salt, h.key.length, options(h.log2N, h.r, h.p));
  const match = timingSafeEqual(key, h.key);
  return match && known !== null && !tooLong;
}

/** True when the stored hash was made with other parameters than today's. */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return !h || h.log2N !== SCRYPT_PARAMS.log2N || h.r !== SCRYPT_PARAMS.r || h.p !== SCRYPT_PARAMS.p || h.key.length !== SCRYPT_PARAMS.keyLength;
}
