import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { freePort, startRedis, stopRedis } from '@cbc/devstack';
import { MemorySessionStore, RedisSessionStore, slowdownDelaysMs, type SessionStore, type SlowdownPolicy } from '@/lib/server/session-store';

// The login slow-down and device tokens, run against both stores: the Redis one does its
// check-and-claim in a Lua script, which only a real Redis can prove atomic.
const dir = mkdtempSync(join(tmpdir(), 'admin-store-'));
let redis: Redis;
beforeAll(async () => {
  const r = await startRedis({ dir, port: await freePort() });
  redis = new Redis(r.url, { maxRetriesPerRequest: 0 });
});
afterAll(async () => {
  redis?.disconnect();
  await stopRedis(dir);
  rmSync(dir, { recursive: true, force: true });
});

const POLICY: SlowdownPolicy = { freeFailures: 3, maxDelaySeconds: 4, memorySeconds: 60 };
let n = 0;
const stores: [string, () => SessionStore][] = [
  ['memory', () => new MemorySessionStore()],
  ['redis', () => new RedisSessionStore(redis, `t${++n}:`)],
];

it('the slow-down table: free failures, then 1 s doubling up to the cap', () => {
  expect(slowdownDelaysMs(POLICY)).toEqual([0, 0, 1000, 2000, 4000]);
  expect(slowdownDelaysMs({ freeFailures: 1, maxDelaySeconds: 900, memorySeconds: 1 })).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 900_000]);
});

describe.each(stores)('%s store', (_, make) => {
  it('lets the free failures through, then makes each attempt wait longer, up to the cap', async () => {
    const s = make();
    const t = 1_000_000;
    expect([await s.claimAttempt('k', POLICY, t), await s.claimAttempt('k', POLICY, t)]).toEqual([0, 0]);
    expect(await s.claimAttempt('k', POLICY, t)).toBe(0); // the 3rd failure: the next attempt waits 1 s
    expect(await s.claimAttempt('k', POLICY, t + 400)).toBe(600);
    expect(await s.claimAttempt('k', POLICY, t + 1000)).toBe(0);
    expect(await s.claimAttempt('k', POLICY, t + 1000)).toBe(2000);
    expect(await s.claimAttempt('k', POLICY, t + 3000)).toBe(0);
    expect(await s.claimAttempt('k', POLICY, t + 3000)).toBe(4000);
    expect(await s.claimAttempt('k', POLICY, t + 7000)).toBe(0);
    expect(await s.claimAttempt('k', POLICY, t + 7000)).toBe(4000); // capped
    expect(await s.claimAttempt('other', POLICY, t + 7000)).toBe(0); // per key
  });

  it('a forgiven attempt does not count', async () => {
    const s = make();
    for (let i = 0; i < 2; i++) {
      await s.claimAttempt('k', POLICY, 1);
      await s.forgive('k');
    }
    await s.forgive('nobody');
    expect([await s.claimAttempt('k', POLICY, 1), await s.claimAttempt('k', POLICY, 1), await s.claimAttempt('k', POLICY, 1)]).toEqual([0, 0, 0]);
    expect(await s.claimAttempt('k', POLICY, 1)).toBe(1000);
  });

  it('check and claim are one step: a parallel burst gets the free attempts and no more', async () => {
    const s = make();
    const waits = await Promise.all(Array.from({ length: 20 }, () => s.claimAttempt('burst', POLICY, 5)));
    expect(waits.filter((w) => w === 0)).toHaveLength(POLICY.freeFailures);
  });

  it('remembers device tokens per account, hashed, and forgets them on request', async () => {
    const s = make();
    await s.putDevice('device-token-1', 'staff-a', 60);
    expect(await s.getDevice('device-token-1')).toBe('staff-a');
    expect(await s.getDevice('device-token-2')).toBeNull();
    await s.deleteDevice('device-token-1');
    expect(await s.getDevice('device-token-1')).toBeNull();
  });
});

it('Redis holds neither device tokens nor slow-down keys in clear', async () => {
  const s = new RedisSessionStore(redis, 'clear:');
  await s.putDevice('device-token-in-clear', 'staff-a', 60);
  await s.claimAttempt('login-account:viewer@cbc.test', POLICY);
  const keys = await redis.keys('clear:*');
  expect(keys).toHaveLength(2);
  expect(keys.join(' ')).not.toMatch(/device-token|viewer|cbc\.test/);
  expect(await redis.ttl(keys.find((k) => k.includes('slowdown'))!)).toBeGreaterThan(50);
});
