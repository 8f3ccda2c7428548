import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';
import { createTestDatabase } from '@cbc/devstack';
import { buildApp, loadConfig } from '@cbc/api';

export const INGEST_KEY = 'seed-ingest-key-0123456789';
export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
// A second secret after the first: the seed must sign with the first only, and still verify.
export const OTHER_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
export const IP_SALT = 'seed-test-salt-0123456789';
export const PRIVACY_LEDGER_KEY = 'seed-ledger-key-0123456789';

/** A fresh database (cloned from the migrated template) and a superuser pool to inspect it. */
export async function freshDatabase() {
  const db = await createTestDatabase(inject('stack'));
  const admin = new pg.Pool({ connectionString: db.adminUrl, max: 2 });
  return {
    db,
    admin,
    async count(table: string, where = 'true'): Promise<number> {
      return Number((await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0]!.n);
    },
    /** Every stored raw row as JSON text: what a leak check searches. */
    async storedText(): Promise<string> {
      const r = await admin.query<{ j: string }>(
        'SELECT row_to_json(e)::text AS j FROM raw.events e UNION ALL SELECT row_to_json(c)::text FROM raw.consent_records c',
      );
      return r.rows.map((x) => x.j).join('\n');
    },
    /** Stored IP networks that are not a truncated network (a full address would be a leak). */
    async untruncatedIps(): Promise<string[]> {
      const r = await admin.query<{ ip: string }>(
        `SELECT DISTINCT host(ip_network) AS ip FROM raw.events
         WHERE ip_network IS NOT NULL AND NOT (host(ip_network) ~ '\\.0$' OR host(ip_network) ~ '::$')`,
      );
      return r.rows.map((x) => x.ip);
    },
    close: () => admin.end(),
  };
}

export type FreshDatabase = Awaited<ReturnType<typeof freshDatabase>>;

/** The real Ingest API, in-process, listening on a free port. */
export async function startApi(db: FreshDatabase['db']) {
  const stack = inject('stack');
  const config = loadConfig({
    DATABASE_URL: db.urls.cbc_ingest,
    REDIS_URL: stack.redisUrl,
    REDIS_KEY_PREFIX: `seed${Date.now().toString(36)}:`,
    INGEST_API_KEYS: `agent:${INGEST_KEY}`,
    HMAC_SECRET: `${WEBHOOK_SECRET} ${OTHER_SECRET}`,
    IP_SALT,
    PRIVACY_LEDGER_KEY,
    LOG_LEVEL: 'silent',
    METRICS_PORT: '0',
  });
  const app = await buildApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** The environment the seed command reads, for a given database and API. */
export function seedEnv(db: FreshDatabase['db'], apiUrl = 'http://127.0.0.1:1'): Record<string, string> {
  return {
    API_URL: apiUrl,
    INGEST_API_KEYS: `agent:${INGEST_KEY},other:another-key-0123456789`,
    HMAC_SECRET: `${WEBHOOK_SECRET}, ${OTHER_SECRET}`,
    DATABASE_URL: db.urls.cbc_ingest,
    IP_SALT,
    PRIVACY_LEDGER_KEY,
  };
}
