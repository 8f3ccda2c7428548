import pg from 'pg';
import { env } from './env';

/**
 * The admin's one database connection: the cbc_admin role, which may read and maintain staff
 * accounts and nothing else. All SQL lives in @cbc/staff; this module only owns
 * the pool. Analytics never come from here: they come from the API (lib/api.ts).
 */
const KEY = Symbol.for('cbc.admin.pgPool');
type Holder = { [KEY]?: pg.Pool };

export function staffDb(): pg.Pool {
  const g = globalThis as Holder;
  if (!g[KEY]) {
    const pool = new pg.Pool({
      connectionString: env().databaseUrl,
      // Logins and account pages only: a handful of connections per replica.
      max: 4,
      connectionTimeoutMillis: 2000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its connection must not crash the process.
    pool.on('error', (err) => console.error(`[admin] database connection error: ${err.message}`));
    g[KEY] = pool;
  }
  return g[KEY];
}

/** The database could not answer: like the session store, login fails closed with a 503. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'STAFF_DB_UNAVAILABLE';
  constructor() {
    super('the staff database is unavailable');
  }
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'STAFF_DB_UNAVAILABLE';
}

const UNAVAILABLE = /^(08|57P0|53)/; // connection exceptions, admin shutdown, insufficient resources

/** Runs account SQL, turning connection failures into one typed error (never driver text). */
export async function withStaffDb<T>(fn: (db: pg.Pool) => Promise<T>): Promise<T> {
  try {
    return await fn(staffDb());
  } catch (err) {
    const { code, message } = err as { code?: string; message?: string };
    const down = code
      ? UNAVAILABLE.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND'].includes(code)
      : /timeout|terminated|connect/i.test(message ?? ''); // pg-pool's own connect and idle errors carry no code
    if (down) throw new DatabaseUnavailableError();
    throw err;
  }
}
