import { afterEach, describe, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { CbcApiError, CbcClient, CbcNetworkError, backoffDelay, parseRetryAfter } from '../src/index';
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

const gaps = (s: ScriptServer) => s.requests.slice(1).map((r, i) => r.at - s.requests[i]!.at);
const bodies = (s: ScriptServer) => s.requests.map((r) => r.body);

describe('backoffDelay', () => {
  it('is full jitter below an exponentially growing, capped ceiling', () => {
    const opts = { baseBackoffMs: 200, maxBackoffMs: 10_000 };
    expect(backoffDelay(0, opts, () => 0.999999)).toBe(199);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(800);
    expect(backoffDelay(10, opts, () => 0.999999)).toBe(9_999);
    expect(backoffDelay(4, opts, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
  });
  it('treats a past date as "now" and garbage as absent', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries 429 and 503 until accepted, resending the same events (same ids)', async () => {
    const client = await clientFor((req, i) => (i === 0 ? { status: 429 } : i === 1 ? { status: 503 } : acceptAll(req)));
    const events = [exampleEvent('page_view'), exampleEvent('search')];
    const results = await client.sendBatch(events);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(server!.requests).toHaveLength(3);
    expect(new Set(bodies(server!)).size).toBe(1);
    const ids = (JSON.parse(server!.requests[2]!.body) as { events: Array<{ event_id: string }> }).events.map((e) => e.event_id);
    expect(ids).toEqual(events.map((e) => e.event_id));
  });

  it('retries 502 and 504 as well', async () => {
    const client = await clientFor((req, i) => (i === 0 ? { status: 502 } : i === 1 ? { status: 504 } : { status: 202, body: { event_id: 'x', status: 'accepted' } }));
    await expect(client.send(exampleEvent('faq_view'))).resolves.toMatchObject({ status: 'accepted' });
    expect(server!.requests).toHaveLength(3);
  });

  it('waits as long as Retry-After says, in seconds', async () => {
    const client = await clientFor([{ status: 429, headers: { 'retry-after': '1' }, body: envelope('rate_limited', 'Too many requests') }, { status: 202, body: { event_id: 'x', status: 'accepted' } }]);
    await client.send(exampleEvent('page_view'));
    expect(server!.requests).toHaveLength(2);
    // The client's own backoff here is at most 20 ms: only the header explains a full second.
    expect(gaps(server!)[0]).toBeGreaterThanOrEqual(950);
  });

  it('waits until the HTTP date of Retry-After', async () => {
    const at = () => new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();
    const client = await clientFor((_req, i) => (i === 0 ? { status: 503, headers: { 'retry-after': at() } } : { status: 202, body: { event_id: 'x', status: 'accepted' } }));
    await client.send(exampleEvent('page_view'));
    expect(gaps(server!)[0]).toBeGreaterThanOrEqual(950);
  });

  it('caps a Retry-After beyond maxRetryAfterMs', async () => {
    const client = await clientFor([{ status: 503, headers: { 'retry-after': '3600' } }, { status: 202, body: { event_id: 'x', status: 'accepted' } }], { maxRetryAfterMs: 50 });
    const started = performance.now();
    await client.send(exampleEvent('page_view'));
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('backs off exponentially between attempts when no Retry-After is given', async () => {
    const client = await clientFor([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 202, body: { event_id: 'x', status: 'accepted' } }], { baseBackoffMs: 40, maxBackoffMs: 1_000 });
    await client.send(exampleEvent('page_view'));
    // Full jitter: each wait is below base·2^n (40, 80, 160 ms), plus scheduling slack.
    const g = gaps(server!);
    expect(g).toHaveLength(3);
    g.forEach((gap, n) => expect(gap).toBeLessThan(40 * 2 ** n + 100));
  });

  it('gives up after maxRetries with the last status and envelope', async () => {
    const client = await clientFor([{ status: 503, body: envelope('unavailable', 'Storage is unavailable') }], { maxRetries: 2 });
    const err = await client.send(exampleEvent('page_view')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CbcApiError);
    expect(err).toMatchObject({ status: 503, code: 'unavailable', attempts: 3 });
    expect(server!.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 413, 415, 422])('never retries a %i', async (status) => {
    const client = await clientFor([{ status, body: envelope('bad', 'no') }, { status: 202, body: {} }]);
    const err = await client.send(exampleEvent('page_view')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CbcApiError);
    expect(err).toMatchObject({ status, error: { code: 'bad', message: 'no' }, attempts: 1 });
    expect(server!.requests).toHaveLength(1);
  });

  it('retries a reset connection and a timeout with the same body', async () => {
    const client = await clientFor([{ drop: true }, { hang: true }, { status: 202, body: { event_id: 'x', status: 'accepted' } }], { timeoutMs: 200 });
    await expect(client.send(exampleEvent('chat_message'))).resolves.toMatchObject({ status: 'accepted' });
    expect(server!.requests).toHaveLength(3);
    expect(new Set(bodies(server!)).size).toBe(1);
  });

  it('throws CbcNetworkError when the API stays unreachable', async () => {
    const client = await clientFor([{ drop: true }], { maxRetries: 1 });
    const err = await client.send(exampleEvent('page_view')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CbcNetworkError);
    expect(err).toMatchObject({ attempts: 2 });
  });
});
