import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_TYPES, exampleEvent, signWebhook } from '@cbc/contract';
import { READ_KEY, WEBHOOK_SECRET, auth, startApp, type TestApp } from '../support/app';

const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened) await t.close();
});
const start = async (env: Record<string, string> = {}) => {
  const t = await startApp(env);
  opened.push(t);
  return t;
};

describe('authentication runs before the body is parsed or validated', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await start();
  });

  // Each of these would be a 400/413/415 naming what is wrong with the request; a caller without
  // a key must learn only that it has no key.
  it.each([
    ['a batch that breaks the schema', { url: '/ingest/events', payload: { events: [], extra: 1 } }],
    ['malformed JSON', { url: '/ingest/event', payload: '{"event_id":', headers: { 'content-type': 'application/json' } }],
    ['a wrong content type', { url: '/ingest/events', payload: 'events', headers: { 'content-type': 'text/plain' } }],
    ['a body over the limit', { url: '/ingest/events', payload: JSON.stringify({ events: ['x'.repeat(1_100_000)] }), headers: { 'content-type': 'application/json' } }],
  ])('%s without a key → 401', async (_name, req) => {
    const res = await t.app.inject({ method: 'POST', ...req });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or invalid credentials' } });
  });

  it('a query that breaks the schema, with a key of another scope → 403, not 400', async () => {
    const res = await t.app.inject({ url: '/metrics/overview?bogus=1', headers: auth });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'forbidden' } });
    const read = await t.app.inject({ url: '/metrics/overview?bogus=1', headers: { authorization: `Bearer ${READ_KEY}` } });
    expect(read.statusCode).toBe(400);
  });

  it('a rate-limited key is refused before its body is parsed', async () => {
    const limited = await start({ RATE_LIMIT_MAX: '1' });
    await limited.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('faq_view') });
    const res = await limited.app.inject({ method: 'POST', url: '/ingest/event', headers: { ...auth, 'content-type': 'application/json' }, payload: '{not json' });
    expect(res.statusCode).toBe(429);
  });
});

describe('webhooks are rate-limited per source before the signature is checked', () => {
  const type = WEBHOOK_TYPES[0];
  const url = `/webhook/cbc-agent/${type}`;
  const unsigned = (t: TestApp, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, remoteAddress, headers: { 'content-type': 'application/json', ...headers }, payload: '{}' });

  it('answers 429 to the source over its limit, even with a valid signature; other sources are unaffected', async () => {
    const t = await start({ RATE_LIMIT_MAX: '3' });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await unsigned(t, '198.51.100.23')).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);

    const body = JSON.stringify({ type, data: {} });
    const ts = Math.floor(Date.now() / 1000);
    const id = `msg_${randomUUID()}`;
    const key = Buffer.from(WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook([key], id, ts, body) };
    const signedFrom = (remoteAddress: string) => t.app.inject({ method: 'POST', url, remoteAddress, headers, payload: body });
    const signed = await signedFrom('198.51.100.23');
    expect(signed.statusCode).toBe(429);
    expect(signed.json()).toMatchObject({ error: { code: 'rate_limited', message: 'Too many requests for this source' } });
    expect(Number(signed.headers['retry-after'])).toBeGreaterThan(0);

    // The same delivery from another source passes the signature (and fails the contract).
    expect((await signedFrom('198.51.100.99')).statusCode).toBe(422);
    expect((await unsigned(t, '198.51.100.99')).statusCode).toBe(401);

    // The window lives in Redis under a salted hash of the address, never the address itself.
    const redis = new Redis(t.config.REDIS_URL);
    const keys = await redis.keys(`${t.config.REDIS_KEY_PREFIX}*`);
    await redis.quit();
    expect(keys.some((k) => k.includes('/webhook/cbc-agent/'))).toBe(true);
    expect(keys.join(' ')).not.toMatch(/198\.51\.100/);
  });

  it('resolves the source through X-Forwarded-For only when the proxy is trusted', async () => {
    const trusted = await start({ RATE_LIMIT_MAX: '1', TRUST_PROXY: '127.0.0.1' });
    expect((await unsigned(trusted, '127.0.0.1', { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(401);
    expect((await unsigned(trusted, '127.0.0.1', { 'x-forwarded-for': '203.0.113.2' })).statusCode).toBe(401);
    expect((await unsigned(trusted, '127.0.0.1', { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(429);

    const untrusted = await start({ RATE_LIMIT_MAX: '1' });
    expect((await unsigned(untrusted, '127.0.0.1', { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(401);
    expect((await unsigned(untrusted, '127.0.0.1', { 'x-forwarded-for': '203.0.113.2' })).statusCode).toBe(429);
  });
});
