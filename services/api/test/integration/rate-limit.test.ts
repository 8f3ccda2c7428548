import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { freePort, startRedis, stopRedis } from '@cbc/devstack';
import { startApp, type TestApp } from '../support/app';

const KEY_A = 'noisy-client-key-0123456789';
const KEY_B = 'quiet-client-key-0123456789';
const keys = { INGEST_API_KEYS: `noisy:${KEY_A},quiet:${KEY_B}`, RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' };
const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened) await t.close();
});

const hit = (t: TestApp, key: string) =>
  t.app.inject({ method: 'POST', url: '/ingest/event', headers: { authorization: `Bearer ${key}` }, payload: exampleEvent('faq_view') });

describe('rate limiting per API key', () => {
  it('answers 429 with Retry-After to the noisy key only (Redis up)', async () => {
    const t = await startApp(keys);
    opened.push(t);
    const codes = [];
    for (let i = 0; i < 8; i++) codes.push((await hit(t, KEY_A)).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    const limited = await hit(t, KEY_A);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await hit(t, KEY_B)).statusCode).toBe(202);
  });

  it('shares the window between two replicas through Redis', async () => {
    const a = await startApp(keys);
    opened.push(a);
    const prefix = a.config.REDIS_KEY_PREFIX;
    const b = await startApp({ ...keys, REDIS_KEY_PREFIX: prefix });
    opened.push(b);
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await hit(i % 2 ? a : b, KEY_A)).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('fails open to an in-process limiter when Redis stops mid-load, and never answers 5xx', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbc-redis-'));
    const redis = await startRedis({ dir, port: await freePort() });
    const t = await startApp({ ...keys, RATE_LIMIT_MAX: '1000', REDIS_URL: redis.url });
    opened.push(t);
    expect((await hit(t, KEY_A)).statusCode).toBe(202);
    await stopRedis(dir);
    const codes = [];
    for (let i = 0; i < 20; i++) codes.push((await hit(t, KEY_A)).statusCode);
    expect(codes.every((c) => c === 202)).toBe(true);
    const health = await t.app.inject({ url: '/health' });
    expect(health.json()).toMatchObject({ redis: 'down', postgres: 'up' });
  });

  it('still limits with Redis unreachable from the start', async () => {
    const t = await startApp({ ...keys, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    opened.push(t);
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await hit(t, KEY_A)).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429, 429]);
    for (const r of t.logs) expect(r).not.toMatch(/Connection is closed/);
  });
});
