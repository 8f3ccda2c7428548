import { afterAll, beforeAll, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { auth, startApp, type TestApp } from '../support/app';

// Back-pressure through the front door: with one redaction worker and room for one waiting
// event, of two concurrent batches of long texts one is stored and the other is refused whole
// with the error envelope and Retry-After, none of its events stored.
let t: TestApp;
beforeAll(async () => {
  t = await startApp({ REDACTION_WORKERS: '1', REDACTION_QUEUE_MAX: '1', REDACTION_OFFLOAD_CHARS: '100' });
});
afterAll(async () => t?.close());

const batch = (n: number) => Array.from({ length: n }, (_, i) => exampleEvent('chat_message', { properties: { text: `message ${i} `.repeat(20) } }));

it('answers 503 overloaded to a batch that would overflow the redaction queue, storing none of it', async () => {
  const batches = [batch(3), batch(3)];
  const replies = await Promise.all(batches.map((events) => t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } })));
  expect(replies.map((r) => r.statusCode).sort()).toEqual([202, 503]);
  const refused = replies.findIndex((r) => r.statusCode === 503);
  expect(replies[refused]!.json()).toEqual({ error: { code: 'overloaded', message: expect.any(String) } });
  expect(replies[refused]!.headers['retry-after']).toBe('1');
  const stored = await t.rows<{ id: string }>('SELECT event_id::text AS id FROM raw.events');
  expect(stored.map((r) => r.id).sort()).toEqual(batches[1 - refused]!.map((e) => e.event_id).sort());
}, 120_000);
