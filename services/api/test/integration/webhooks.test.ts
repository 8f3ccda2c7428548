import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WEBHOOK_EVENT_TYPE, WEBHOOK_TYPES, exampleEvent, signWebhook, webhookEventId, type WebhookType } from '@cbc/contract';
import { WEBHOOK_SECRET, startApp, type TestApp } from '../support/app';

/** The HMAC key: the base64-decoded part after `whsec_`. */
const keyOf = (secret: string) => Buffer.from(secret.slice('whsec_'.length), 'base64');
const KEY = keyOf(WEBHOOK_SECRET);

const url = (type: string) => `/webhook/cbc-agent/${type}`;
const newId = () => `msg_${randomBytes(12).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The webhook data of `type`: an example event's common fields plus its properties, flattened. */
function dataFor(type: WebhookType, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { event_id: _id, type: _type, properties, ...common } = exampleEvent(WEBHOOK_EVENT_TYPE[type]);
  return { ...common, ...properties, ...overrides };
}

interface Delivery {
  id: string;
  ts: number;
  body: string;
  headers: Record<string, string>;
}

/** A correctly signed delivery (as the agent would send it), each part overridable. */
function delivery(
  type: WebhookType,
  opts: { id?: string; ts?: number | string; key?: Buffer; body?: string; data?: Record<string, unknown> } = {},
): Delivery {
  const id = opts.id ?? newId();
  const ts = opts.ts ?? nowSeconds();
  const body = opts.body ?? JSON.stringify({ type, data: opts.data ?? dataFor(type) });
  const signature = signWebhook([opts.key ?? KEY], id, ts, body);
  return {
    id,
    ts: Number(ts),
    body,
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature },
  };
}

const sentSignatures = new Set<string>();
const sentBodies: string[] = [];

/** Never a stack trace, driver or storage name in a response. */
function expectNoLeak(text: string) {
  expect(text).not.toMatch(/\bat .+:\d+:\d+/); // stack frame
  expect(text).not.toMatch(/node:internal|node_modules|\.ts:\d+/);
  expect(text).not.toMatch(/\bpg\b/i);
  expect(text).not.toMatch(/postgres/i);
  expect(text).not.toMatch(/SQL/i);
  expect(text).not.toMatch(/ioredis/i);
  expect(text).not.toMatch(/redis/i);
}

/**
 * A request to a test app. Every response body is checked for leaks; every signature sent is
 * remembered so the logs can be checked for it at the end.
 */
async function post(app: TestApp, path: string, headers: Record<string, string>, body: string) {
  if (headers['webhook-signature']) sentSignatures.add(headers['webhook-signature']);
  const res = await app.app.inject({ method: 'POST', url: path, headers, payload: body });
  sentBodies.push(res.body);
  expectNoLeak(res.body);
  return res;
}

/**
 * The verifier uses the wall clock. Start a time-sensitive request early in a second, so the
 * second cannot roll over between signing and verifying (±300 must stay ±300, 301 stay 301).
 */
async function earlyInSecond() {
  const ms = Date.now() % 1000;
  if (ms > 500) await new Promise((r) => setTimeout(r, 1000 - ms + 5));
}

let t: TestApp;
/** The same app with a slow group commit (FLUSH_INTERVAL_MS=100): concurrent requests share one flush. */
let batched: TestApp;
let counts: () => Promise<{ events: number; consent: number; ids: number }>;

beforeAll(async () => {
  [t, batched] = await Promise.all([startApp(), startApp({ FLUSH_INTERVAL_MS: '100' })]);
  counts = async () => ({
    events: await t.count('raw.events'),
    consent: await t.count('raw.consent_records'),
    ids: await t.count('raw.event_ids'),
  });
});
afterAll(async () => Promise.all([t?.close(), batched?.close()]));

async function rowsFor(app: TestApp, id: string) {
  const eventId = webhookEventId(id);
  const events = await app.rows<{ event_id: string; event_type: string; source: string; guest_id: string | null }>(
    'SELECT event_id::text, event_type, source, guest_id FROM raw.events WHERE event_id = $1',
    [eventId],
  );
  const consent = await app.rows<{ event_id: string; source: string; guest_id: string; analytics: boolean }>(
    'SELECT event_id::text, source, guest_id, analytics FROM raw.consent_records WHERE event_id = $1',
    [eventId],
  );
  return { events, consent };
}

async function expectStoredOnce(app: TestApp, type: WebhookType, id: string) {
  const { events, consent } = await rowsFor(app, id);
  const eventId = webhookEventId(id);
  if (type === 'consent.updated') {
    expect(events).toHaveLength(0);
    expect(consent).toEqual([{ event_id: eventId, source: 'webhook', guest_id: 'guest-42', analytics: true }]);
  } else {
    expect(consent).toHaveLength(0);
    expect(events).toEqual([{ event_id: eventId, event_type: WEBHOOK_EVENT_TYPE[type], source: 'webhook', guest_id: 'guest-42' }]);
  }
}

function expectEnvelope(res: { json: () => unknown }, code: string) {
  const body = res.json() as { error: { code: string; message: string; details?: unknown } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

function expectUnauthorized(res: { statusCode: number; json: () => unknown }) {
  expect(res.statusCode).toBe(401);
  // Exactly the code and a generic message: nothing about which check failed.
  expect(res.json()).toStrictEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  const { message } = (res.json() as { error: { message: string } }).error;
  expect(message).not.toMatch(/timestamp|signature|tolerance|header|webhook|v1|secret|mismatch/i);
  unauthorizedMessages.add(message);
}

/** Every 401 must say the same thing, whichever check failed. */
const unauthorizedMessages = new Set<string>();

describe('POST /webhook/cbc-agent/{webhook_type}: valid deliveries', () => {
  it.each(WEBHOOK_TYPES)('accepts a signed %s delivery and stores exactly one row with the derived event id', async (type) => {
    const before = await counts();
    const d = delivery(type);
    const res = await post(t, url(type), d.headers, d.body);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ event_id: webhookEventId(d.id), status: 'accepted' });
    await expectStoredOnce(t, type, d.id);
    const after = await counts();
    if (type === 'consent.updated') expect(after).toEqual({ ...before, consent: before.consent + 1, ids: before.ids + 1 });
    else expect(after).toEqual({ ...before, events: before.events + 1, ids: before.ids + 1 });
  });

  it('accepts application/json with a charset parameter', async () => {
    const d = delivery('feedback.submitted');
    const res = await post(t, url('feedback.submitted'), { ...d.headers, 'content-type': 'application/json; charset=utf-8' }, d.body);
    expect(res.statusCode).toBe(202);
    await expectStoredOnce(t, 'feedback.submitted', d.id);
  });

  it.each([
    ['now - 300', -300],
    ['now + 300', 300],
  ])('accepts a timestamp at %s (edge of the tolerance)', async (_label, skew) => {
    await earlyInSecond();
    const d = delivery('feedback.submitted', { ts: nowSeconds() + skew });
    const res = await post(t, url('feedback.submitted'), d.headers, d.body);
    expect(res.statusCode).toBe(202);
    await expectStoredOnce(t, 'feedback.submitted', d.id);
  });

  it('verifies the raw bytes: whitespace and key order of the signed body do not matter', async () => {
    const data = dataFor('service_request.updated');
    const body = `{\n  "data": ${JSON.stringify(data, null, 4)},\n  "type": "service_request.updated"\n}\n`;
    const d = delivery('service_request.updated', { body });
    const res = await post(t, url('service_request.updated'), d.headers, d.body);
    expect(res.statusCode).toBe(202);
    await expectStoredOnce(t, 'service_request.updated', d.id);
  });
});

describe('POST /webhook/cbc-agent/{webhook_type}: the attack table answers 401 and stores nothing', () => {
  const TYPE: WebhookType = 'chat.session.completed';
  const replaceSig = (d: Delivery, signature: string) => ({ ...d.headers, 'webhook-signature': signature });
  const withoutHeader = (d: Delivery, name: string) => Object.fromEntries(Object.entries(d.headers).filter(([k]) => k !== name));
  const b64 = (bytes: Buffer) => `v1,${bytes.toString('base64')}`;

  type Attack = () => { headers: Record<string, string>; body: string; path?: string };
  const attacks: Array<[string, Attack]> = [
    ['missing webhook-id', () => { const d = delivery(TYPE); return { headers: withoutHeader(d, 'webhook-id'), body: d.body }; }],
    ['missing webhook-timestamp', () => { const d = delivery(TYPE); return { headers: withoutHeader(d, 'webhook-timestamp'), body: d.body }; }],
    ['missing webhook-signature', () => { const d = delivery(TYPE); return { headers: withoutHeader(d, 'webhook-signature'), body: d.body }; }],
    ['no webhook headers at all', () => { const d = delivery(TYPE); return { headers: { 'content-type': 'application/json' }, body: d.body }; }],
    ["empty 'v1,'", () => { const d = delivery(TYPE); return { headers: replaceSig(d, 'v1,'), body: d.body }; }],
    ['truncated signature', () => { const d = delivery(TYPE); return { headers: replaceSig(d, d.headers['webhook-signature']!.slice(0, 24)), body: d.body }; }],
    ['wrong secret', () => { const d = delivery(TYPE, { key: randomBytes(32) }); return { headers: d.headers, body: d.body }; }],
    ['the whsec_ text used as the key (not decoded)', () => { const d = delivery(TYPE, { key: Buffer.from(WEBHOOK_SECRET) }); return { headers: d.headers, body: d.body }; }],
    ["scheme 'v2,'", () => { const d = delivery(TYPE); return { headers: replaceSig(d, d.headers['webhook-signature']!.replace(/^v1,/, 'v2,')), body: d.body }; }],
    ['valid signature over a different body', () => {
      const d = delivery(TYPE);
      return { headers: d.headers, body: JSON.stringify({ type: TYPE, data: dataFor(TYPE, { csat: 1 }) }) };
    }],
    ['one byte flipped after signing', () => {
      const d = delivery(TYPE);
      const i = d.body.indexOf('"resolved"') + 1; // resolved → sesolved… still valid JSON, still a string
      const flipped = d.body.slice(0, i) + String.fromCharCode(d.body.charCodeAt(i) ^ 0x01) + d.body.slice(i + 1);
      return { headers: d.headers, body: flipped };
    }],
    ['timestamp now - 301', () => { const d = delivery(TYPE, { ts: nowSeconds() - 301 }); return { headers: d.headers, body: d.body }; }],
    ['timestamp now + 301', () => { const d = delivery(TYPE, { ts: nowSeconds() + 301 }); return { headers: d.headers, body: d.body }; }],
    ['timestamp in milliseconds', () => { const d = delivery(TYPE, { ts: Date.now() }); return { headers: d.headers, body: d.body }; }],
    ['non-numeric timestamp', () => { const d = delivery(TYPE, { ts: 'yesterday' }); return { headers: d.headers, body: d.body }; }],
    ['fractional timestamp', () => { const d = delivery(TYPE, { ts: `${nowSeconds()}.5` }); return { headers: d.headers, body: d.body }; }],
    ["webhook-id containing '.'", () => { const d = delivery(TYPE, { id: `${newId()}.1` }); return { headers: d.headers, body: d.body }; }],
    ['1-byte signature', () => { const d = delivery(TYPE); return { headers: replaceSig(d, b64(Buffer.from([7]))), body: d.body }; }],
    ['1000-byte signature', () => { const d = delivery(TYPE); return { headers: replaceSig(d, b64(randomBytes(1000))), body: d.body }; }],
    ['non-base64 signature', () => { const d = delivery(TYPE); return { headers: replaceSig(d, 'v1,!!!not*base64???'), body: d.body }; }],
    ['signature of a retired (unconfigured) key', () => { const d = delivery(TYPE, { key: randomBytes(24) }); return { headers: d.headers, body: d.body }; }],
    ['unknown webhook type with an invalid signature', () => {
      const d = delivery(TYPE);
      return { headers: replaceSig(d, b64(randomBytes(32))), body: d.body, path: url('guest.deleted') };
    }],
  ];

  it.each(attacks)('%s → 401, no row', async (_label, attack) => {
    await earlyInSecond();
    const before = await counts();
    const { headers, body, path } = attack();
    const res = await post(t, path ?? url(TYPE), headers, body);
    expectUnauthorized(res);
    expect(await counts()).toEqual(before);
  });

  it('a rejected delivery does not poison its id: the genuine delivery with the same id is accepted afterwards', async () => {
    const d = delivery(TYPE);
    const forged = await post(t, url(TYPE), { ...d.headers, 'webhook-signature': b64(randomBytes(32)) }, d.body);
    expectUnauthorized(forged);
    const res = await post(t, url(TYPE), d.headers, d.body);
    expect(res.statusCode).toBe(202);
    await expectStoredOnce(t, TYPE, d.id);
  });
});

describe('POST /webhook/cbc-agent/{webhook_type}: deduplication', () => {
  it('the same delivery twice: the second is a 2xx duplicate, still one row', async () => {
    const d = delivery('feedback.submitted');
    const first = await post(t, url('feedback.submitted'), d.headers, d.body);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ status: 'accepted' });
    const before = await counts();
    const second = await post(t, url('feedback.submitted'), d.headers, d.body);
    expect(second.statusCode).toBeGreaterThanOrEqual(200);
    expect(second.statusCode).toBeLessThan(300);
    expect(second.json()).toMatchObject({ status: 'duplicate' });
    expect(await counts()).toEqual(before);
    await expectStoredOnce(t, 'feedback.submitted', d.id);
  });

  it('a retry (same webhook-id, new timestamp and signature) is a duplicate, still one row', async () => {
    const d = delivery('service_request.updated', { ts: nowSeconds() - 120 });
    expect((await post(t, url('service_request.updated'), d.headers, d.body)).statusCode).toBe(202);
    const retry = delivery('service_request.updated', { id: d.id, body: d.body });
    const res = await post(t, url('service_request.updated'), retry.headers, retry.body);
    expect(res.statusCode).toBeGreaterThanOrEqual(200);
    expect(res.statusCode).toBeLessThan(300);
    expect(res.json()).toMatchObject({ status: 'duplicate' });
    await expectStoredOnce(t, 'service_request.updated', d.id);
  });

  // Run against the default app and one whose group commit waits 100 ms, so that all 20 copies
  // certainly land in the same INSERT statement (the hardest case for "exactly one accepted").
  describe.each([
    ['default group commit', () => t],
    ['all copies in one group commit', () => batched],
  ])('20× concurrently (%s)', (_label, app) => {
    it.each(['chat.session.completed', 'consent.updated'] as const)(
      'the same %s delivery 20× concurrently: all 2xx, exactly one accepted, exactly one row',
      async (type) => {
        const a = app();
        const before = { ids: await a.count('raw.event_ids'), stored: (await a.count('raw.events')) + (await a.count('raw.consent_records')) };
        const d = delivery(type);
        const responses = await Promise.all(Array.from({ length: 20 }, () => post(a, url(type), d.headers, d.body)));
        for (const r of responses) {
          expect(r.statusCode).toBeGreaterThanOrEqual(200);
          expect(r.statusCode).toBeLessThan(300);
        }
        const statuses = responses.map((r) => (r.json() as { status: string }).status);
        expect(statuses.filter((s) => s === 'accepted')).toHaveLength(1);
        expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(19);
        expect(responses.filter((r) => r.statusCode === 202)).toHaveLength(1);
        await expectStoredOnce(a, type, d.id);
        expect(await a.count('raw.event_ids')).toBe(before.ids + 1);
        expect((await a.count('raw.events')) + (await a.count('raw.consent_records'))).toBe(before.stored + 1);
      },
    );
  });

  it('a replay after Redis lost its keys is still a duplicate (Postgres is the source of truth)', async () => {
    const redis = new Redis(inject('stack').redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      const d = delivery('chat.session.completed');
      expect((await post(t, url('chat.session.completed'), d.headers, d.body)).statusCode).toBe(202);
      const seenKey = `${t.config.REDIS_KEY_PREFIX}wh:${d.id}`;
      expect(await redis.exists(seenKey)).toBe(1);

      // Flush everything this app keeps in Redis. Not FLUSHALL: the Redis of the run is shared
      // with the other test files running in parallel, and their keys are not ours to drop.
      const keys: string[] = [];
      for await (const batch of redis.scanStream({ match: `${t.config.REDIS_KEY_PREFIX}*`, count: 500 })) keys.push(...(batch as string[]));
      expect(keys).toContain(seenKey);
      await redis.del(...keys);
      expect(await redis.exists(seenKey)).toBe(0);

      const before = await counts();
      const replay = await post(t, url('chat.session.completed'), d.headers, d.body);
      expect(replay.statusCode).toBeGreaterThanOrEqual(200);
      expect(replay.statusCode).toBeLessThan(300);
      expect(replay.json()).toMatchObject({ status: 'duplicate' });
      expect(await counts()).toEqual(before);
      await expectStoredOnce(t, 'chat.session.completed', d.id);
    } finally {
      redis.disconnect();
    }
  });
});

describe('POST /webhook/cbc-agent/{webhook_type}: after authentication', () => {
  it.each(WEBHOOK_TYPES)('a validly signed %s delivery posted to another webhook type → 422 on /type, no row', async (type) => {
    const d = delivery(type);
    for (const other of WEBHOOK_TYPES.filter((x) => x !== type)) {
      const before = await counts();
      const res = await post(t, url(other), d.headers, d.body);
      expect(res.statusCode).toBe(422);
      const error = expectEnvelope(res, 'invalid_webhook');
      expect(error.details).toEqual([{ path: '/type', message: expect.any(String) }]);
      expect(await counts()).toEqual(before);
    }
    // The misrouted attempts did not consume the id: the delivery still lands at its own path.
    const res = await post(t, url(type), d.headers, d.body);
    expect(res.statusCode).toBe(202);
    await expectStoredOnce(t, type, d.id);
  });

  it('an already delivered message replayed to another webhook type stores nothing new', async () => {
    const d = delivery('feedback.submitted');
    expect((await post(t, url('feedback.submitted'), d.headers, d.body)).statusCode).toBe(202);
    const before = await counts();
    const res = await post(t, url('chat.session.completed'), d.headers, d.body);
    expect(res.statusCode).not.toBe(202);
    expect([200, 422]).toContain(res.statusCode);
    expect(await counts()).toEqual(before);
    await expectStoredOnce(t, 'feedback.submitted', d.id);
  });

  it('an unknown webhook type with a valid signature → 404 envelope, no row', async () => {
    const before = await counts();
    const body = JSON.stringify({ type: 'guest.deleted', data: dataFor('feedback.submitted') });
    const d = delivery('feedback.submitted', { body });
    const res = await post(t, url('guest.deleted'), d.headers, d.body);
    expect(res.statusCode).toBe(404);
    expectEnvelope(res, 'unknown_webhook_type');
    expect(await counts()).toEqual(before);
  });

  it('an unknown webhook type with a missing signature → 401 (authentication first, reveals nothing)', async () => {
    const d = delivery('feedback.submitted');
    const { 'webhook-signature': _sig, ...headers } = d.headers;
    const res = await post(t, url('guest.deleted'), headers, d.body);
    expectUnauthorized(res);
  });

  it.each([
    ['truncated JSON', '{"type": "feedback.submitted", "data": {'],
    ['not JSON at all', 'rating=5'],
    ['an empty body', ''],
    ['JSON with a trailing comma', '{"type": "feedback.submitted",}'],
  ])('%s with a valid signature → 400 envelope, no row', async (_label, body) => {
    const before = await counts();
    const d = delivery('feedback.submitted', { body });
    const res = await post(t, url('feedback.submitted'), d.headers, d.body);
    expect(res.statusCode).toBe(400);
    expectEnvelope(res, 'malformed_json');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['rating out of range', { rating: 9 }, '/data/rating'],
    ['an unknown data field', { email: 'guest@example.com' }, '/data'],
    ['a bad guest_type', { guest_type: 'vip' }, '/data/guest_type'],
    ['a guest_id that is an email address', { guest_id: 'guest@example.com' }, '/data/guest_id'],
  ])('schema-invalid data (%s) with a valid signature → 422 envelope with details, no row', async (_label, overrides, path) => {
    const before = await counts();
    const d = delivery('feedback.submitted', { data: dataFor('feedback.submitted', overrides) });
    const res = await post(t, url('feedback.submitted'), d.headers, d.body);
    expect(res.statusCode).toBe(422);
    const error = expectEnvelope(res, 'invalid_webhook');
    expect(Array.isArray(error.details)).toBe(true);
    const details = error.details as Array<{ path: string; message: string }>;
    expect(details.length).toBeGreaterThan(0);
    expect(details.map((x) => x.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });

  it('a missing required field with a valid signature → 422 with details, no row', async () => {
    const before = await counts();
    const { rating: _r, ...data } = dataFor('feedback.submitted');
    const d = delivery('feedback.submitted', { data });
    const res = await post(t, url('feedback.submitted'), d.headers, d.body);
    expect(res.statusCode).toBe(422);
    const error = expectEnvelope(res, 'invalid_webhook');
    expect(JSON.stringify(error.details)).toContain('rating');
    expect(await counts()).toEqual(before);
  });

  it('occurred_at far in the future with a valid signature → 422 with details on /occurred_at, no row', async () => {
    const before = await counts();
    const occurred_at = new Date(Date.now() + 3_600_000).toISOString();
    const d = delivery('feedback.submitted', { data: dataFor('feedback.submitted', { occurred_at }) });
    const res = await post(t, url('feedback.submitted'), d.headers, d.body);
    expect(res.statusCode).toBe(422);
    const error = expectEnvelope(res, 'invalid_webhook');
    expect(error.details).toEqual([{ path: '/occurred_at', message: expect.any(String) }]);
    expect(await counts()).toEqual(before);
  });

  it.each(['+14:00', '-12:00', '+16:00', '+23:59', '-23:59'])(
    'occurred_at with the RFC 3339 offset %s is stored or refused (202/422), never a 500',
    async (offset) => {
      // An instant an hour ago, written in that offset.
      const offsetMin = (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
      const local = new Date(Date.now() - 3_600_000 + offsetMin * 60_000).toISOString().slice(0, 19);
      const d = delivery('feedback.submitted', { data: dataFor('feedback.submitted', { occurred_at: `${local}${offset}` }) });
      const res = await post(t, url('feedback.submitted'), d.headers, d.body);
      expect([202, 422]).toContain(res.statusCode);
      if (res.statusCode === 202) await expectStoredOnce(t, 'feedback.submitted', d.id);
      else expect(expectEnvelope(res, 'invalid_webhook').details).toEqual([{ path: '/data/occurred_at', message: expect.any(String) }]);
    },
  );

  it.each([
    ['application/xml', 'application/xml'],
    ['text/plain', 'text/plain'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ['no content-type', undefined],
  ])('a validly signed delivery sent as %s → 415 envelope, no row', async (_label, contentType) => {
    const before = await counts();
    const d = delivery('feedback.submitted');
    const { 'content-type': _ct, ...rest } = d.headers;
    const headers = contentType ? { ...rest, 'content-type': contentType } : rest;
    const res = await post(t, url('feedback.submitted'), headers, d.body);
    expect(res.statusCode).toBe(415);
    expectEnvelope(res, 'unsupported_media_type');
    expect(await counts()).toEqual(before);
  });
});

describe('secret rotation (two secrets configured)', () => {
  const OLD_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
  let rotating: TestApp;
  beforeAll(async () => {
    rotating = await startApp({ HMAC_SECRET: `${OLD_SECRET} ${WEBHOOK_SECRET}` });
  });
  afterAll(async () => rotating?.close());

  const OLD = keyOf(OLD_SECRET);
  const TYPE: WebhookType = 'service_request.updated';
  const withSig = (d: Delivery, signature: string) => ({ ...d.headers, 'webhook-signature': signature });

  it.each([
    ['old key only', (d: Delivery) => signWebhook([OLD], d.id, d.ts, d.body)],
    ['new key only', (d: Delivery) => signWebhook([KEY], d.id, d.ts, d.body)],
    ['both keys', (d: Delivery) => `${signWebhook([OLD], d.id, d.ts, d.body)} ${signWebhook([KEY], d.id, d.ts, d.body)}`],
    ["'v1,garbage v1,<new>'", (d: Delivery) => `v1,garbage ${signWebhook([KEY], d.id, d.ts, d.body)}`],
  ])('accepts a delivery signed with the %s', async (_label, signature) => {
    const d = delivery(TYPE);
    const res = await post(rotating, url(TYPE), withSig(d, signature(d)), d.body);
    expect(res.statusCode).toBe(202);
    await expectStoredOnce(rotating, TYPE, d.id);
  });

  it('rejects a delivery signed with neither key', async () => {
    const d = delivery(TYPE, { key: randomBytes(32) });
    const before = await rotating.count('raw.events');
    const res = await post(rotating, url(TYPE), d.headers, d.body);
    expectUnauthorized(res);
    expect(await rotating.count('raw.events')).toBe(before);
  });

  it('the app with only the new secret rejects a delivery signed with the old one', async () => {
    const d = delivery(TYPE, { key: OLD });
    const before = await counts();
    expectUnauthorized(await post(t, url(TYPE), d.headers, d.body));
    expect(await counts()).toEqual(before);
  });

  it('no log line of the rotating app contains a signature or a secret', () => {
    const logs = rotating.logs.join('');
    for (const s of sentSignatures) expect(logs).not.toContain(s);
    expect(logs).not.toContain(OLD_SECRET.slice('whsec_'.length));
    expect(logs).not.toContain(WEBHOOK_SECRET.slice('whsec_'.length));
  });
});

describe('what the logs and responses keep', () => {
  it('no log line contains a webhook-signature value or the secret', () => {
    expect(t.logs.length).toBeGreaterThan(0);
    expect(sentSignatures.size).toBeGreaterThan(10);
    const logs = t.logs.join('');
    for (const s of sentSignatures) {
      expect(logs).not.toContain(s);
      // The MAC without its scheme prefix, when it is long enough not to occur by chance.
      const mac = s.split(' ').map((p) => p.replace(/^v\d,/, ''));
      for (const m of mac) if (m.length >= 16) expect(logs).not.toContain(m);
    }
    expect(logs).not.toContain(WEBHOOK_SECRET.slice('whsec_'.length));
  });

  it('rejections are logged with a reason (for operators), not in the response', () => {
    const logs = t.logs.join('');
    expect(logs).toContain('webhook rejected');
    expect(logs).toMatch(/"reason":"timestamp_out_of_tolerance"/);
    expect(logs).toMatch(/"reason":"signature_mismatch"/);
  });

  it('every 401 carried the same message, whichever check failed', () => {
    expect(unauthorizedMessages.size).toBe(1);
  });

  it('no response body contained a stack trace or a storage/driver name', () => {
    expect(sentBodies.length).toBeGreaterThan(50);
    for (const b of sentBodies) expectNoLeak(b);
  });
});
