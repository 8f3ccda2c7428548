import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { beforeAll, expect, it, inject } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { createTestDatabase, freePort, waitForPort } from '@cbc/devstack';
import { INGEST_KEY, IP_SALT, LEDGER_KEY } from '../support/app';

const ingestDir = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));
let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase(inject('stack'));
});

function post(agent: http.Agent, port: number, body: string): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/ingest/event', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

/** Rows the group commit has been handed so far, read from the API's own Prometheus metrics. */
async function rowsAtGroupCommit(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1] ?? 0);
  return value('ingest_queue_depth') + value('ingest_flush_batch_size_sum');
}

it('SIGTERM finishes in-flight keep-alive requests, flushes the queue, and exits 0', async () => {
  const port = await freePort();
  const metricsPort = await freePort();
  // A long flush interval keeps requests in flight when the signal arrives.
  const env = { ...process.env, DATABASE_URL: db.urls.cbc_ingest, INGEST_API_KEYS: INGEST_KEY, IP_SALT, PRIVACY_LEDGER_KEY: LEDGER_KEY, PORT: String(port), METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1', HOST: '127.0.0.1', LOG_LEVEL: 'warn', CONSENT_DEFAULT: 'granted', FLUSH_INTERVAL_MS: '1000', REDIS_URL: '' };
  const child = spawn(tsx, ['src/server.ts'], { cwd: ingestDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  // tsx compiles the server first: slow on a loaded machine. A server that never listens says why.
  const started = await Promise.race([
    waitForPort(port, 120_000).then(() => 'listening', (err: Error) => err.message),
    exited.then((code) => `exited with ${code}`),
  ]);
  expect(started, `server output: ${output || '(none)'}`).toBe('listening');

  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const ids: string[] = [];
  const inflight = Array.from({ length: 8 }, () => {
    const e = exampleEvent('search');
    ids.push(e.event_id);
    return post(agent, port, JSON.stringify(e));
  });
  // Wait for a condition, not a fixed time: every one of the eight has reached the group commit
  // (rows waiting in its queue plus rows it has flushed). Until then a request may still sit unread
  // in its socket, and a loaded machine can take longer than any fixed delay to get there.
  for (let reached = 0; reached < 8; await new Promise((r) => setTimeout(r, 20))) {
    reached = await rowsAtGroupCommit(metricsPort);
  }
  child.kill('SIGTERM');
  const results = await Promise.all(inflight);
  expect(results, `server output: ${output || '(none)'}`).toEqual(Array.from({ length: 8 }, () => ({ status: 202 })));
  expect({ code: await exited, output }).toEqual({ code: 0, output });
  agent.destroy();

  const c = new pg.Client({ connectionString: db.adminUrl });
  await c.connect();
  const stored = (await c.query('SELECT event_id::text AS id FROM raw.events')).rows.map((r) => r.id);
  await c.end();
  expect(stored.sort()).toEqual([...ids].sort());
  expect(output).not.toMatch(/unhandled|ECONNRESET/i);
}, 240_000);
