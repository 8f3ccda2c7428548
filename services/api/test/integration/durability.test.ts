import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { freePort, generatePasswords, provisionDatabase, startCluster, stopCluster } from '@cbc/devstack';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { INGEST_KEY, IP_SALT, auth } from '../support/app';

// Its own PostgreSQL cluster: this file stops and restarts the server, which the other test
// files must not feel.
let root: string;
let dataDir: string;
let port: number;
let password: string;
let urls: Awaited<ReturnType<typeof provisionDatabase>>;
let adminUrl: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cbc-durable-'));
  await chmod(root, 0o755);
  dataDir = join(root, 'pg');
  port = await freePort();
  password = randomBytes(8).toString('hex');
  const c = await startCluster({ dataDir, port, password, logFile: join(root, 'log', 'pg.log') });
  urls = await provisionDatabase({ adminUrl: c.adminUrl, port, database: 'cbc', passwords: generatePasswords() });
  adminUrl = c.adminUrl.replace(/\/postgres$/, '/cbc');
});
afterAll(async () => {
  await stopCluster(dataDir, 'immediate');
  await rm(root, { recursive: true, force: true });
});

const start = () => startCluster({ dataDir, port, password, logFile: join(root, 'log', 'pg.log') });

async function app() {
  return buildApp(loadConfig({ DATABASE_URL: urls.cbc_ingest, INGEST_API_KEYS: INGEST_KEY, IP_SALT, PRIVACY_LEDGER_KEY: 'durability-ledger-key-0123', LOG_LEVEL: 'silent', CONSENT_DEFAULT: 'granted', DB_TIMEOUT_MS: '1000', RATE_LIMIT_MAX: '1000000' }));
}

async function storedIds(): Promise<Set<string>> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return new Set((await c.query('SELECT event_id::text AS id FROM raw.events')).rows.map((r) => r.id as string));
  } finally {
    await c.end();
  }
}

describe('durable acknowledgement', () => {
  it('acknowledges only stored events while Postgres is stopped and restarted under load', async () => {
    const api = await app();
    const acked: string[] = [];
    const sent = new Set<string>();
    const statuses = new Map<number, number>();
    let retryAfterMissing = 0;
    let running = true;
    const worker = async () => {
      while (running) {
        const e = exampleEvent('page_view', { event_id: randomUUID() });
        sent.add(e.event_id);
        const t0 = Date.now();
        const res = await api.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: e });
        expect(Date.now() - t0).toBeLessThan(10_000); // never a hang past the request timeout
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 202) acked.push(e.event_id);
        else if (res.statusCode === 503) {
          if (!res.headers['retry-after']) retryAfterMissing += 1;
          expect(JSON.stringify(res.json())).not.toMatch(/ECONN|postgres|terminat|pg/i);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 700));
    await stopCluster(dataDir, 'immediate');
    await new Promise((r) => setTimeout(r, 1500));
    await start();
    await new Promise((r) => setTimeout(r, 2500));
    running = false;
    await Promise.all(workers);
    await api.close();

    const stored = await storedIds();
    const lost = acked.filter((id) => !stored.has(id));
    const unexpected = [...stored].filter((id) => !sent.has(id));
    expect(lost).toEqual([]);
    expect(unexpected).toEqual([]);
    expect([...statuses.keys()].every((s) => s === 202 || s === 503)).toBe(true);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0); // the outage was seen…
    expect(retryAfterMissing).toBe(0);
    // …and ingest recovered after the restart.
    const after = acked.length;
    expect(after).toBeGreaterThan(0);
  });

  it('survives pooled connections being terminated (idle and under load)', async () => {
    const api = await app();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      for (let i = 0; i < 5; i++) await api.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('faq_view') });
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cbc-ingest'");
      await new Promise((r) => setTimeout(r, 100));
      const load = Array.from({ length: 40 }, () => api.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('faq_view') }));
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cbc-ingest'");
      const codes = (await Promise.all(load)).map((r) => r.statusCode);
      expect(codes.every((c) => c === 202 || c === 503)).toBe(true);
      const next = await api.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('faq_view') });
      expect(next.statusCode).toBe(202);
    } finally {
      await admin.end();
      await api.close();
    }
  });
});
