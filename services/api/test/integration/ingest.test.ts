import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEvent, MAX_BATCH_EVENTS } from '@cbc/contract';
import { auth, READ_KEY, startApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = auth) =>
  t.app.inject({ method: 'POST', url, headers, payload: payload as string });

async function storedCount() {
  return (await t.count('raw.events')) + (await t.count('raw.consent_records')) + (await t.count('raw.event_ids'));
}

function expectEnvelope(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toMatch(/stack|at \w+ \(|postgres|pg_|SELECT|INSERT/i);
}

describe('bad input gets a clear error and stores nothing', () => {
  const cases: Array<[string, () => Promise<{ statusCode: number; json(): unknown }>, number, string]> = [
    ['malformed JSON', () => t.app.inject({ method: 'POST', url: '/ingest/event', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"event_id": ' }), 400, 'malformed_json'],
    ['empty body', () => t.app.inject({ method: 'POST', url: '/ingest/event', headers: { ...auth, 'content-type': 'application/json' }, payload: '' }), 400, 'malformed_json'],
    ['wrong content type', () => t.app.inject({ method: 'POST', url: '/ingest/event', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hello' }), 415, 'unsupported_media_type'],
    ['unknown event type', () => post('/ingest/event', { ...exampleEvent('search'), type: 'purchase' }), 422, 'invalid_event'],
    ['wrong property type', () => post('/ingest/event', exampleEvent('search', { properties: { results_count: 'many' as unknown as number } })), 422, 'invalid_event'],
    ['unknown top-level field', () => post('/ingest/event', { ...exampleEvent('page_view'), extra: 1 }), 422, 'invalid_event'],
    ['unknown property field', () => post('/ingest/event', exampleEvent('page_view', { properties: { colour: 'red' } as never })), 422, 'invalid_event'],
    ['future occurred_at', () => post('/ingest/event', exampleEvent('faq_view', { occurred_at: new Date(Date.now() + 600_000).toISOString() })), 422, 'invalid_event'],
    ['array instead of object', () => post('/ingest/event', [exampleEvent('faq_view')]), 422, 'invalid_event'],
    ['deeply nested properties', () => t.app.inject({ method: 'POST', url: '/ingest/event', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(exampleEvent('faq_view')).replace(/"properties":\{[^}]*\}/, `"properties":${'{"a":'.repeat(20000)}1${'}'.repeat(20000)}`) }), 422, 'invalid_event'],
    ['batch without events', () => post('/ingest/events', { events: [] }), 400, 'invalid_request'],
    ['batch over the limit', () => post('/ingest/events', { events: Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => exampleEvent('faq_view')) }), 400, 'invalid_request'],
    ['batch with only invalid events', () => post('/ingest/events', { events: [{ type: 'nope' }, 42] }), 422, 'invalid_events'],
    ['oversized body', () => post('/ingest/event', { ...exampleEvent('search'), pad: 'x'.repeat(1_100_000) }), 413, 'payload_too_large'],
  ];

  it.each(cases)('%s', async (_name, send, status, code) => {
    const before = await storedCount();
    const res = await send();
    expect(res.statusCode).toBe(status);
    expectEnvelope(res.json(), code);
    expect(await storedCount()).toBe(before);
  });

  it('names the failing field', async () => {
    const res = await post('/ingest/event', exampleEvent('chat_session_ended', { properties: { csat: 9 } }));
    expect(res.json()).toMatchObject({ error: { details: [{ path: '/properties/csat' }] } });
  });

  it('never answers 5xx and never stores anything for arbitrary JSON', async () => {
    const before = await storedCount();
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        const res = await t.app.inject({ method: 'POST', url: '/ingest/event', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(value) });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(await storedCount()).toBe(before);
  });
});

describe('authentication', () => {
  it('401 without a key, with a wrong key, with a malformed header', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope-nope-nope-nope' }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const res = await post('/ingest/event', exampleEvent('faq_view'), headers);
      expect(res.statusCode).toBe(401);
      expectEnvelope(res.json(), 'unauthorized');
    }
  });

  it('403 for a valid key of another scope', async () => {
    const res = await post('/ingest/event', exampleEvent('faq_view'), { authorization: `Bearer ${READ_KEY}` });
    expect(res.statusCode).toBe(403);
    expectEnvelope(res.json(), 'forbidden');
  });
});

describe('idempotency', () => {
  it('stores an event sent 50 times concurrently exactly once', async () => {
    const event = exampleEvent('search');
    const results = await Promise.all(Array.from({ length: 50 }, () => post('/ingest/event', event)));
    expect(results.every((r) => r.statusCode === 202)).toBe(true);
    const statuses = results.map((r) => (r.json() as { status: string }).status);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(49);
    expect(await t.rows('SELECT 1 FROM raw.events WHERE event_id = $1', [event.event_id])).toHaveLength(1);
  });

  it('recognises a retry a day later, even with another occurred_at', async () => {
    const event = exampleEvent('page_view', { occurred_at: new Date(Date.now() - 86_400_000).toISOString() });
    expect((await post('/ingest/event', event)).json()).toMatchObject({ status: 'accepted' });
    const retry = { ...event, occurred_at: new Date().toISOString() };
    expect((await post('/ingest/event', retry)).json()).toMatchObject({ status: 'duplicate' });
    expect(await t.rows('SELECT 1 FROM raw.events WHERE event_id = $1', [event.event_id])).toHaveLength(1);
  });

  it('reports each event of a batch, duplicates inside the batch included', async () => {
    const a = exampleEvent('faq_view');
    const res = await post('/ingest/events', { events: [a, a, { ...exampleEvent('search'), type: 'bogus' }, exampleEvent('feedback')] });
    expect(res.statusCode).toBe(202);
    const body = res.json() as { results: Array<{ status: string }>; counts: Record<string, number> };
    expect(body.results.map((r) => r.status)).toEqual(['accepted', 'duplicate', 'invalid', 'accepted']);
    expect(body.counts).toEqual({ accepted: 2, duplicate: 1, dropped: 0, invalid: 1 });
  });

  it('treats event ids case-insensitively', async () => {
    const event = exampleEvent('faq_view');
    await post('/ingest/event', event);
    const res = await post('/ingest/event', { ...event, event_id: event.event_id.toUpperCase() });
    expect(res.json()).toMatchObject({ status: 'duplicate' });
  });
});

describe('retention at the door', () => {
  it('drops an event older than its class keeps data, and counts it', async () => {
    const old = new Date();
    old.setUTCMonth(old.getUTCMonth() - 13);
    const res = await post('/ingest/event', exampleEvent('page_view', { occurred_at: old.toISOString() }));
    expect(res.json()).toMatchObject({ status: 'dropped', reason: 'retention_expired' });
    // A service event of the same age is still within its 24 months, and lands in its partition.
    const svc = exampleEvent('service_request', { occurred_at: old.toISOString() });
    expect((await post('/ingest/event', svc)).json()).toMatchObject({ status: 'accepted' });
    expect(await t.rows('SELECT tableoid::regclass::text AS part FROM raw.events WHERE event_id = $1', [svc.event_id])).toEqual([
      { part: expect.stringMatching(/^raw\.events_service_p\d{4}_\d{2}$/) },
    ]);
  });
});

describe('operations endpoints', () => {
  it('/health is cheap and reports dependencies; /ready is true with Postgres up', async () => {
    const health = await t.app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', postgres: 'up', redis: 'up', draining: false });
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
  });

  it('/ready turns false while draining', async () => {
    t.app.health.draining = true;
    try {
      const res = await t.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not_ready', draining: true });
    } finally {
      t.app.health.draining = false;
    }
  });

  it('unknown routes answer the envelope', async () => {
    const res = await t.app.inject({ url: '/nope?email=a@b.example' });
    expect(res.statusCode).toBe(404);
    expectEnvelope(res.json(), 'not_found');
    expect(JSON.stringify(res.json())).not.toContain('a@b.example');
  });

  it('exports the documented metrics on its own registry', async () => {
    await post('/ingest/event', exampleEvent('search', { properties: { query: 'mail me at anna@example.com' } }));
    const text = await t.app.metrics.registry.metrics();
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'ingest_events_total',
      'ingest_pii_redactions_total',
      'ingest_flush_batch_size',
      'ingest_flush_duration_seconds',
      'webhook_deliveries_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.3"/);
    expect(text).toMatch(/ingest_pii_redactions_total\{entity="EMAIL"\} [1-9]/);
    expect(text).toMatch(/ingest_events_total\{type="search",outcome="accepted"\} [1-9]/);
  });

  it('serves an OpenAPI document', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/ingest/event', '/ingest/events', '/webhook/cbc-agent/{webhook_type}', '/health', '/ready']));
  });
});

it('accepts a batch of 500', async () => {
  const events = Array.from({ length: MAX_BATCH_EVENTS }, (_, i) => exampleEvent('page_view', { event_id: randomUUID(), properties: { path: `/p/${i}` } }));
  const res = await post('/ingest/events', { events });
  expect(res.statusCode).toBe(202);
  expect((res.json() as { counts: { accepted: number } }).counts.accepted).toBe(MAX_BATCH_EVENTS);
});
