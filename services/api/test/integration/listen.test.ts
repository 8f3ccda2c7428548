import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase, freePort } from '@cbc/devstack';
import { INGEST_KEY, IP_SALT, LEDGER_KEY } from '../support/app';

// The real process: the API and the metrics port each listen on their own configured address.
// Linux routes all of 127.0.0.0/8 to loopback, so a listener bound to 0.0.0.0 answers on
// 127.0.0.2 while one bound to 127.0.0.1 refuses it: two addresses tell "every interface" from
// "this address only" without touching the machine's real network.
const ingestDir = fileURLToPath(new URL('../..', import.meta.url));
const tsx = fileURLToPath(new URL('../../../../node_modules/.bin/tsx', import.meta.url));

const reachable = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, host);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function waitFor(host: string, port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await reachable(host, port))) {
    if (Date.now() > deadline) throw new Error(`nothing listens on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let child: ReturnType<typeof spawn>;
let apiPort: number;
let metricsPort: number;
let output = '';
beforeAll(async () => {
  const db = await createTestDatabase(inject('stack'));
  apiPort = await freePort();
  metricsPort = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: db.urls.cbc_ingest,
    INGEST_API_KEYS: INGEST_KEY,
    IP_SALT,
    PRIVACY_LEDGER_KEY: LEDGER_KEY,
    REDIS_URL: '',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.2',
    PORT: String(apiPort),
    METRICS_HOST: '127.0.0.1',
    METRICS_PORT: String(metricsPort),
  };
  child = spawn(tsx, ['src/server.ts'], { cwd: ingestDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  await waitFor('127.0.0.2', apiPort, 30_000);
  await waitFor('127.0.0.1', metricsPort, 10_000);
}, 60_000);
afterAll(async () => {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
});

it('the API listens on HOST only', async () => {
  expect({ on: await reachable('127.0.0.2', apiPort), output }).toEqual({ on: true, output });
  expect(await reachable('127.0.0.1', apiPort)).toBe(false);
});

it('the metrics port listens on METRICS_HOST only, independently of HOST', async () => {
  expect(await reachable('127.0.0.1', metricsPort)).toBe(true);
  expect(await reachable('127.0.0.2', metricsPort)).toBe(false);
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(res.status).toBe(200);
  expect(await res.text()).toMatch(/^# HELP /m);
});
