import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EVENT_TYPES, exampleEvent } from '@cbc/contract';
import { freePort, startRedis, stopRedis } from '@cbc/devstack';
import { PRIVACY_KEY, auth, INGEST_KEY, startApp, type TestApp } from '../support/app';

const officer = { authorization: `Bearer ${PRIVACY_KEY}` };
let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t.close());

const req = (url: string, payload: unknown, headers = officer) => t.app.inject({ method: 'POST', url, headers, payload: payload as object });

async function seedGuest(guest: string) {
  const events = EVENT_TYPES.map((type) => exampleEvent(type, { guest_id: guest }));
  const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
  expect(res.statusCode).toBe(202);
  const withdraw = exampleEvent('consent_updated', { guest_id: guest, properties: { analytics: false } });
  await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: withdraw });
  return events;
}

describe('POST /privacy/export', () => {
  it('returns every raw event and every consent change of the guest, with a manifest', async () => {
    const events = await seedGuest('guest-export-1');
    await seedGuest('someone-else-2');
    const res = await req('/privacy/export', { guest_id: 'guest-export-1' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.subject).toEqual({ guest_id: 'guest-export-1' });
    const rawIds = body.data.raw_events.map((e: { event_id: string }) => e.event_id).sort();
    expect(rawIds).toEqual(events.filter((e) => e.type !== 'consent_updated').map((e) => e.event_id).sort());
    expect(body.data.consent_records).toHaveLength(2);
    expect(body.manifest).toEqual(expect.arrayContaining([{ source: 'raw.events', count: 8 }, { source: 'raw.consent_records', count: 2 }]));
    expect(JSON.stringify(body)).not.toContain('someone-else');
  });

  it('answers an unknown guest with an empty bundle of the same shape', async () => {
    const res = await req('/privacy/export', { guest_id: 'never-seen' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ data: { raw_events: [], consent_records: [] } });
  });
});

describe('POST /privacy/delete', () => {
  it('erases raw events, keeps consent evidence, returns a receipt, and is idempotent', async () => {
    await seedGuest('guest-erase-1');
    const first = await req('/privacy/delete', { guest_id: 'guest-erase-1' });
    expect(first.statusCode).toBe(200);
    const receipt = first.json();
    expect(receipt).toMatchObject({ deleted: { raw_events: 8 }, ledger: 'recorded', retained: [{ store: 'raw.consent_records', rows: 2, reason: expect.stringMatching(/evidence/) }] });
    expect(await t.rows("SELECT 1 FROM raw.events WHERE guest_id = 'guest-erase-1'")).toEqual([]);
    expect(await t.rows("SELECT 1 FROM raw.consent_records WHERE guest_id = 'guest-erase-1'")).toHaveLength(2);
    expect(await t.rows('SELECT subject_hash FROM privacy.deletion_ledger WHERE subject_hash = $1', [receipt.subject_hash])).toHaveLength(1);
    expect(JSON.stringify(await t.rows('SELECT * FROM privacy.deletion_ledger'))).not.toContain('guest-erase-1');

    const second = await req('/privacy/delete', { guest_id: 'guest-erase-1' });
    expect(second.json()).toMatchObject({ deleted: { raw_events: 0, redis_keys: 0 }, ledger: 'already recorded' });
  });

  it('gives an unknown guest a zero receipt, not an error', async () => {
    const res = await req('/privacy/delete', { guest_id: 'nobody-here' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ deleted: { raw_events: 0 }, retained: [{ rows: 0 }] });
  });

  it('drops cached metric answers from Redis', async () => {
    const redis = new Redis(inject('stack').redisUrl);
    try {
      const prefix = t.config.REDIS_KEY_PREFIX;
      await redis.set(`${prefix}metrics:v1:searches:none:a:b`, '{"top_queries":[]}');
      await redis.set(`${prefix}rl:agent`, '1');
      const res = await req('/privacy/delete', { guest_id: 'guest-cached' });
      expect(res.json()).toMatchObject({ deleted: { redis_keys: 1 } });
      expect(await redis.exists(`${prefix}metrics:v1:searches:none:a:b`)).toBe(0);
      expect(await redis.exists(`${prefix}rl:agent`)).toBe(1);
    } finally {
      redis.disconnect();
    }
  });
});

describe('audit log', () => {
  it('records every request with the key id, and refuses updates even to its owner', async () => {
    await req('/privacy/export', { guest_id: 'audited-1' });
    const res = await t.app.inject({ url: '/privacy/audit?limit=5', headers: officer });
    const entries = res.json().entries;
    expect(entries[0]).toMatchObject({ actor: 'officer', action: 'export', result: 'success' });
    expect(JSON.stringify(entries)).not.toContain('audited-1');
    await expect(t.admin.query('UPDATE privacy.audit_log SET result = $1', ['failure'])).rejects.toMatchObject({ code: '42501' });
    await expect(t.admin.query('DELETE FROM privacy.audit_log')).rejects.toMatchObject({ code: '42501' });
    await expect(t.admin.query('TRUNCATE privacy.audit_log')).rejects.toMatchObject({ code: '42501' });
  });
});

describe('bad input and authorisation', () => {
  it.each([
    ['missing body', undefined, 400],
    ['malformed id', { guest_id: 'anna@example.com' }, 400],
    ['unknown field', { guest_id: 'g', extra: 1 }, 400],
  ])('%s → 4xx envelope', async (_n, body, status) => {
    const res = await t.app.inject({ method: 'POST', url: '/privacy/delete', headers: { ...officer, 'content-type': 'application/json' }, payload: body === undefined ? '' : JSON.stringify(body) });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('refuses the ingest key (403) and no key (401)', async () => {
    expect((await req('/privacy/export', { guest_id: 'g' }, { authorization: `Bearer ${INGEST_KEY}` })).statusCode).toBe(403);
    expect((await req('/privacy/export', { guest_id: 'g' }, {} as typeof officer)).statusCode).toBe(401);
  });

  it('fails closed (503) when Redis is configured but down', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbc-redis-'));
    const redis = await startRedis({ dir, port: await freePort() });
    const d = await startApp({ REDIS_URL: redis.url });
    try {
      await stopRedis(dir);
      await new Promise((r) => setTimeout(r, 200));
      const res = await d.app.inject({ method: 'POST', url: '/privacy/delete', headers: officer, payload: { guest_id: 'g' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(JSON.stringify(res.json())).not.toMatch(/Connection is closed|ioredis/);
      // …while ingest keeps accepting.
      expect((await d.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: exampleEvent('faq_view') })).statusCode).toBe(202);
    } finally {
      await d.close();
    }
  });
});
