import { afterEach, describe, expect, it, vi } from 'vitest';
import { exampleEvent, validateEvent, type AnalyticsEvent } from '@cbc/contract';
import { CbcApiError, CbcClient } from '../src/index';
import { acceptAll, envelope, startScriptServer, type Script, type ScriptServer } from './support/script-server';

let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: Script, options: Partial<ConstructorParameters<typeof CbcClient>[0]> = {}) {
  server = await startScriptServer(script);
  return new CbcClient({ baseUrl: server.url, apiKey: 'ingest-key-0123456789abcdef', baseBackoffMs: 5, maxBackoffMs: 20, ...options });
}

const sentIds = (s: ScriptServer) => s.requests.map((r) => (JSON.parse(r.body) as { events: AnalyticsEvent[] }).events.map((e) => e.event_id));
const many = (n: number) => Array.from({ length: n }, (_, i) => exampleEvent('page_view', { properties: { path: `/p/${i}` } }));

describe('event()', () => {
  it('builds a valid contract event with a fresh UUID and the current time', () => {
    const client = new CbcClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    const before = Date.now();
    const fields = { guest_id: 'g-1', guest_type: 'member', channel: 'web', language: 'en', properties: { query: 'spa', results_count: 2 } } as const;
    const a = client.event('search', fields);
    const b = client.event('search', fields);
    expect(validateEvent(a).ok).toBe(true);
    expect(a.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.event_id).not.toBe(b.event_id);
    expect(Date.parse(a.occurred_at)).toBeGreaterThanOrEqual(before - 1);
    expect(a).toMatchObject({ type: 'search', properties: { query: 'spa', results_count: 2 } });
  });

  it('keeps a given id and time (a Date is written as RFC 3339)', () => {
    const client = new CbcClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    const e = client.event('feedback', {
      event_id: '6f1c8a52-3a1e-4b7e-9d64-4f1d8f0c2a77',
      occurred_at: new Date('2026-01-02T03:04:05Z'),
      guest_id: 'g-1',
      guest_type: 'hotel_guest',
      channel: 'mobile',
      language: 'de',
      properties: { rating: 5 },
    });
    expect(e.event_id).toBe('6f1c8a52-3a1e-4b7e-9d64-4f1d8f0c2a77');
    expect(e.occurred_at).toBe('2026-01-02T03:04:05.000Z');
    // @ts-expect-error: properties are typed per event type
    client.event('feedback', { guest_id: 'g', guest_type: 'member', channel: 'web', language: 'en', properties: { query: 'x' } });
  });
});

describe('batching', () => {
  it('flush() sends in chunks of at most batchSize and returns results in order', async () => {
    const client = await clientFor(acceptAll, { batchSize: 100, flushIntervalMs: 60_000 });
    const events = many(250);
    for (const e of events) client.track(e);
    // Two full batches went out on their own while tracking; flush sends the remaining 50.
    const results = await client.flush();
    await vi.waitFor(() => expect(server!.requests).toHaveLength(3));
    expect(sentIds(server!).map((ids) => ids.length)).toEqual([100, 100, 50]);
    expect(sentIds(server!).flat()).toEqual(events.map((e) => e.event_id));
    expect(results.map((r) => r.event_id)).toEqual(events.slice(200).map((e) => e.event_id));
    expect(server!.requests.every((r) => r.url === '/ingest/events' && r.headers.authorization === 'Bearer ingest-key-0123456789abcdef')).toBe(true);
  });

  it('sendBatch() chunks a large array and resolves with every result', async () => {
    const client = await clientFor(acceptAll, { batchSize: 200 });
    const events = many(450);
    const results = await client.sendBatch(events);
    expect(sentIds(server!).map((ids) => ids.length)).toEqual([200, 200, 50]);
    expect(results.map((r) => r.event_id)).toEqual(events.map((e) => e.event_id));
  });

  it('flushes on its own after flushIntervalMs', async () => {
    const client = await clientFor(acceptAll, { flushIntervalMs: 30 });
    client.track(exampleEvent('faq_view'));
    client.track(exampleEvent('faq_view'));
    expect(client.pending).toBe(2);
    await vi.waitFor(() => expect(server!.requests).toHaveLength(1), { timeout: 2_000 });
    expect(client.pending).toBe(0);
    expect(sentIds(server!)[0]).toHaveLength(2);
  });

  it('close() flushes what is left and refuses further events', async () => {
    const client = await clientFor(acceptAll, { flushIntervalMs: 60_000 });
    client.track(exampleEvent('search'));
    await client.close();
    expect(server!.requests).toHaveLength(1);
    expect(() => client.track(exampleEvent('search'))).toThrow(/closed/);
  });

  it('returns per-event results for a batch the API refuses as all invalid (422)', async () => {
    const client = await clientFor((req) => {
      const { events } = JSON.parse(req.body) as { events: Array<{ event_id: string }> };
      const results = events.map((e) => ({ event_id: e.event_id, status: 'invalid', errors: [{ path: '/type', message: 'bad' }] }));
      return { status: 422, body: envelope('invalid_events', 'No event in the batch matches the contract', { results }) };
    });
    const results = await client.sendBatch(many(3));
    expect(results.map((r) => r.status)).toEqual(['invalid', 'invalid', 'invalid']);
  });

  it('reports undelivered events to onError and rejects flush()', async () => {
    const onError = vi.fn();
    const client = await clientFor([{ status: 401, body: envelope('unauthorized', 'Unauthorized') }], { batchSize: 2, onError });
    const events = many(5);
    for (const e of events) client.track(e);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(2));
    const err = await client.flush().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CbcApiError);
    const reported = onError.mock.calls.map((c) => (c[1] as AnalyticsEvent[]).map((e) => e.event_id));
    expect(reported.flat().sort()).toEqual(events.map((e) => e.event_id).sort());
  });

  it('rejects a batchSize above the API limit', () => {
    expect(() => new CbcClient({ baseUrl: 'http://x', apiKey: 'k', batchSize: 501 })).toThrow(RangeError);
    expect(() => new CbcClient({ baseUrl: 'http://x', apiKey: 'k', batchSize: 0 })).toThrow(RangeError);
  });
});
