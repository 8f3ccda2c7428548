import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CANARY_KINDS, CanaryFactory, CanaryIndex, scanLines, scanPostgres, scanRedis, type Canary } from '../support/adversary';
import { startApp, type TestApp } from '../support/app';

// The adversary suites pass only if their scanners would have seen a leak. Here each canary kind
// is planted, reformatted the way a leak might be (card and phone regrouped, IBAN spaced, email
// and name URL-encoded, upper case), in a table of every column type scanned, in every kind of
// Redis value, and in a log line; each must be found, in the right place.
let t: TestApp;
let redis: Redis;
const prefix = `probe${randomBytes(4).toString('hex')}:`;
const canaries: Canary[] = [];
const factory = new CanaryFactory(7);
for (const kind of CANARY_KINDS) canaries.push(factory.make(kind));
const index = new CanaryIndex(canaries);

/** How a stored copy may differ from what was sent, while still being the same personal data. */
function disguise(c: Canary): string {
  switch (c.kind) {
    case 'card':
      return c.value.replace(/\D/g, '').replace(/(\d{4})(?=\d)/g, '$1 ');
    case 'phone':
      return c.value.replace(/^\+(\d{2})(\d)(\d+)$/, '+$1 ($2) $3');
    case 'iban':
      return c.value.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ').toLowerCase();
    case 'email':
    case 'name':
    case 'handle':
      return encodeURIComponent(c.value.toUpperCase());
    default:
      return c.value.toUpperCase();
  }
}

beforeAll(async () => {
  t = await startApp();
  redis = new Redis(inject('stack').redisUrl);
  await t.admin.query(`CREATE SCHEMA probe; CREATE TABLE probe.leak (id int, t text, v varchar(300), j jsonb, a text[])`);
  for (const [i, c] of canaries.entries()) {
    const d = disguise(c);
    await t.admin.query('INSERT INTO probe.leak VALUES ($1, $2, $3, $4, $5)', [i, `said: ${d}.`, d, JSON.stringify({ note: `x ${d}` }), [d]]);
  }
  const [a, b, c, d, e] = canaries.map(disguise);
  await redis.set(`${prefix}s`, `{"v":"${a}"}`);
  await redis.hset(`${prefix}h`, 'f', b!);
  await redis.rpush(`${prefix}l`, c!);
  await redis.sadd(`${prefix}set`, d!);
  await redis.zadd(`${prefix}z`, 1, e!);
  await redis.set(`${prefix}key:${disguise(canaries[5]!)}`, '1');
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await t.close();
});

describe('the scanners see a planted canary', () => {
  it('in every scanned column type of any table, whatever the format', async () => {
    const where = (await scanPostgres(t.admin, index)).map((f) => `${f.canary.kind} ${f.where}`);
    for (const c of canaries) {
      for (const col of ['t', 'v', 'j', 'a']) expect(where).toContain(`${c.kind} postgres probe.leak.${col}`);
    }
  });

  it('in every kind of Redis value and in key names', async () => {
    const where = (await scanRedis(redis, index)).map((f) => `${f.canary.kind} ${f.where}`);
    const kinds = canaries.map((c) => c.kind);
    for (const [i, k] of ['s', 'h', 'l', 'set', 'z'].entries()) expect(where).toContain(`${kinds[i]} redis ${prefix}${k}`);
    expect(where.some((w) => w.startsWith(`${kinds[5]} redis ${prefix}key:`))).toBe(true);
  });

  it('in a log line', () => {
    const lines = ['{"msg":"ok"}', ...canaries.map((c) => `{"msg":"oops","q":"${disguise(c)}"}`)];
    expect(scanLines(lines, index).map((f) => `${f.canary.kind} ${f.where}`)).toEqual(canaries.map((c, i) => `${c.kind} log line ${i + 2}`));
  });

  it('and nothing where there is none', async () => {
    expect(scanLines(['{"ip":"203.0.113.0","hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","at":"2026-12-07T02:36:30.123Z"}'], index)).toEqual([]);
  });
});
