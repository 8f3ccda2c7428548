import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { checkEveryResponse } from './contract';

export const INGEST_KEY = 'ingest-key-0123456789abcdef';
export const READ_KEY = 'read-key-0123456789abcdef';
export const PRIVACY_KEY = 'privacy-key-0123456789abcdef';
export const LEDGER_KEY = 'ledger-key-0123456789abcdef';
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const IP_SALT = 'test-salt-0123456789abcdef';
export const auth = { authorization: `Bearer ${INGEST_KEY}` };

/**
 * A real app against a fresh database cloned from the migrated template, the real Redis of the
 * run under its own key prefix, and a captured log stream (tests grep it for leaks).
 */
export async function startApp(env: Record<string, string> = {}) {
  const stack = inject('stack');
  const db = await createTestDatabase(stack);
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  const config = loadConfig({
    DATABASE_URL: db.urls.cbc_ingest,
    DATABASE_READ_URL: db.urls.cbc_reader,
    DATABASE_PRIVACY_URL: db.urls.cbc_privacy,
    PRIVACY_API_KEYS: `officer:${PRIVACY_KEY}`,
    PRIVACY_LEDGER_KEY: LEDGER_KEY,
    REDIS_URL: stack.redisUrl,
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
    INGEST_API_KEYS: `agent:${INGEST_KEY}`,
    READ_API_KEYS: `dashboard:${READ_KEY}`,
    HMAC_SECRET: WEBHOOK_SECRET,
    IP_SALT,
    LOG_LEVEL: 'info',
    CONSENT_DEFAULT: 'granted',
    ...env,
  });
  const app = await buildApp(config, { logStream });
  // Every response of every test is checked against the contract schema its route publishes.
  const contractViolations = checkEveryResponse(app);
  const admin = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
  return {
    app,
    db,
    admin,
    config,
    logs,
    /** Rows of a query run as the superuser (tests look at what really got stored). */
    async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
      return (await admin.query(sql, params)).rows as T[];
    },
    async count(table = 'raw.events'): Promise<number> {
      return Number((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    },
    contractViolations,
    async close() {
      await app.close();
      await admin.end();
      if (contractViolations.length) throw new Error(`responses that break the contract:\n${[...new Set(contractViolations)].join('\n')}`);
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startApp>>;
