import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { freePort, startRedis, stopRedis } from '@cbc/devstack';
import { leaseSize, RateLimiter } from '../../src/plugins/rate-limit';
import { createMetrics } from '../../src/telemetry/registry';
import { startApp, type TestApp } from '../support/app';

// The limiter leases blocks of the shared window's tokens from Redis (plugins/rate-limit.ts).
// These tests hold it to the tolerance docs/architecture.md states: a window never admits more
// than the limit, and with R replicas the first refusal comes after at least
// max − (R − 1) × lease admissions; Redis is asked once per lease, not once per request.

const clients: Redis[] = [];
const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened) await t.close();
  for (const c of clients) c.disconnect();
});

async function connect(url = inject('stack').redisUrl): Promise<Redis> {
  const r = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 250, lazyConnect: true });
  r.on('error', () => undefined);
  clients.push(r);
  await r.connect();
  return r;
}

function limiter(redis: Redis, prefix: string, max: number, windowMs = 60_000) {
  return new RateLimiter({ redis, prefix, max, windowMs, metrics: createMetrics() });
}

const prefix = () => `t${randomBytes(4).toString('hex')}:`;

describe('leased rate limit', () => {
  it('asks Redis once per lease, not once per request', async () => {
    const redis = await connect();
    const p = prefix();
    const max = 1000;
    const lease = leaseSize(max);
    expect(lease).toBe(10);
    const l = limiter(redis, p, max);
    // 25 concurrent requests on a fresh key: one lease in flight at a time, shared by the waiters.
    const counts = await Promise.all(Array.from({ length: 25 }, () => l.hit('k')));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // Three leases of 10 tokens: the window's count in Redis, not one increment per request.
    expect(Number(await redis.get(`${p}rl:k`))).toBe(30);
    expect(await redis.pttl(`${p}rl:k`)).toBeGreaterThan(0);
  });

  it('never admits more than the limit across two replicas, and refuses first within the tolerance', async () => {
    const p = prefix();
    const max = 500;
    const lease = leaseSize(max);
    const a = limiter(await connect(), p, max);
    const b = limiter(await connect(), p, max);
    const admitted: boolean[] = [];
    // Uneven, concurrent traffic: bursts of 7 on one replica and 3 on the other.
    // Recorded in the order the decisions resolve, so "first refusal" means first in time.
    const hit = (l: RateLimiter) => Promise.resolve(l.hit('key')).then((r) => void admitted.push(r.count <= max));
    for (let round = 0; round < 60; round++) {
      await Promise.all([...Array.from({ length: 7 }, () => hit(a)), ...Array.from({ length: 3 }, () => hit(b))]);
    }
    const total = admitted.filter(Boolean).length;
    const firstRefusal = admitted.indexOf(false);
    expect(total).toBeLessThanOrEqual(max);
    // Both replicas kept getting requests, so each spent every token it held below the limit.
    expect(total).toBe(max);
    expect(firstRefusal).toBeGreaterThanOrEqual(max - (2 - 1) * lease);
  });

  it('refuses a spent window without asking Redis again, and starts afresh in the next window', async () => {
    const redis = await connect();
    const p = prefix();
    const l = limiter(redis, p, 200, 300);
    const first = await Promise.all(Array.from({ length: 210 }, () => l.hit('w')));
    expect(first.filter((c) => c.count <= 200)).toHaveLength(200);
    const leased = Number(await redis.get(`${p}rl:w`));
    for (let i = 0; i < 50; i++) expect((await l.hit('w')).count).toBeGreaterThan(200);
    expect(Number(await redis.get(`${p}rl:w`))).toBe(leased);
    await new Promise((r) => setTimeout(r, 350));
    expect((await l.hit('w')).count).toBe(1);
  });

  it('falls back to the per-process window when Redis stops while a lease is held', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbc-redis-'));
    const server = await startRedis({ dir, port: await freePort() });
    const redis = await connect(server.url);
    const l = limiter(redis, prefix(), 300);
    expect((await l.hit('d')).count).toBe(1);
    await stopRedis(dir);
    await new Promise((r) => setTimeout(r, 100));
    // As before leasing: each request counts in this process's own window, nothing throws.
    const counts = [];
    for (let i = 0; i < 5; i++) counts.push((await l.hit('d')).count);
    expect(counts).toEqual([1, 2, 3, 4, 5]);
  });

  it('two API instances sharing one Redis admit exactly the limit through the front door', async () => {
    const KEY = 'lease-client-key-0123456789';
    const env = { INGEST_API_KEYS: `leased:${KEY}`, RATE_LIMIT_MAX: '300', RATE_LIMIT_WINDOW_MS: '60000' };
    const a = await startApp(env);
    opened.push(a);
    const b = await startApp({ ...env, REDIS_KEY_PREFIX: a.config.REDIS_KEY_PREFIX });
    opened.push(b);
    const hit = (t: TestApp) =>
      t.app.inject({ method: 'POST', url: '/ingest/event', headers: { authorization: `Bearer ${KEY}` }, payload: exampleEvent('faq_view') });
    const codes: number[] = [];
    for (let i = 0; i < 320; i++) codes.push((await hit(i % 2 ? a : b)).statusCode);
    expect(codes.filter((c) => c === 202)).toHaveLength(300);
    expect(codes.filter((c) => c !== 202 && c !== 429)).toEqual([]);
    expect(codes.indexOf(429)).toBeGreaterThanOrEqual(300 - leaseSize(300));
  });
});
