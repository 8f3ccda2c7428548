import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEvent, webhookEventId, type EventType } from '@cbc/contract';
import { buildApp } from '../../src/app';
import { AdversaryClient, injectTransport, storedIds, validBody } from '../support/adversary';
import { CREDENTIALS, startAdversaryApp } from '../support/adversary/test-app';
import type { TestApp } from '../support/app';

// Promise: erasure is final. An erased guest's event that happened before the erasure but arrives
// after it (a retry, a queued delivery, a replayed webhook under a new id) is not stored: the
// API says it was dropped because the guest was erased. What the guest does after the erasure
// is new data and is stored. This holds on another replica, and without Redis.
const GUEST = 'adv-erased-guest-1';
let t: TestApp;
let client: AdversaryClient;
let erasedAt: number;

const event = (type: EventType, at: number) => exampleEvent(type, { guest_id: GUEST, occurred_at: new Date(at).toISOString(), consent: { analytics: true } });
const stored = async (...ids: string[]) => storedIds(t.admin, ids);

beforeAll(async () => {
  ({ t, client } = await startAdversaryApp());
  const before = Date.now() - 2 * 3600_000;
  const first = await client.postEvents([event('search', before), event('chat_message', before + 1000)]);
  expect(first.json).toMatchObject({ counts: { accepted: 2 } });
  const erased = await client.erase(GUEST);
  expect(erased.status).toBe(200);
  expect(erased.json).toMatchObject({ deleted: { raw_events: 2 } });
  erasedAt = Date.now();
});
afterAll(async () => t?.close());

describe('erasure is final', () => {
  it('drops a late single event that occurred before the erasure', async () => {
    const late = event('search', erasedAt - 3600_000);
    const r = await client.postEvent(late);
    expect(r.json).toEqual({ event_id: late.event_id, status: 'dropped', reason: 'erased' });
    expect(await stored(late.event_id)).toEqual(new Set());
  });

  it('drops the late event and stores the new one when both come in one batch', async () => {
    const late = event('chat_message', erasedAt - 60_000);
    const fresh = event('page_view', erasedAt + 1000);
    const r = await client.postEvents([late, fresh]);
    expect((r.json as { results: unknown[] }).results).toEqual([
      { event_id: late.event_id, status: 'dropped', reason: 'erased' },
      { event_id: fresh.event_id, status: 'accepted' },
    ]);
    expect(await stored(late.event_id, fresh.event_id)).toEqual(new Set([fresh.event_id]));
  });

  it('drops a late webhook delivery that occurred before the erasure', async () => {
    const body = validBody({ channel: 'webhook', eventType: 'feedback', webhookType: 'feedback.submitted' }, { guestId: GUEST, consent: true, occurredAt: new Date(erasedAt - 600_000) });
    const r = await client.postWebhook('feedback.submitted', body);
    expect(r.json).toMatchObject({ status: 'dropped', reason: 'erased' });
    expect(await stored(webhookEventId(r.webhookId))).toEqual(new Set());
  });

  it('stores an event that occurred after the erasure', async () => {
    const fresh = event('faq_view', erasedAt + 1000);
    const r = await client.postEvent(fresh);
    expect(r.json).toEqual({ event_id: fresh.event_id, status: 'accepted' });
    expect(await stored(fresh.event_id)).toEqual(new Set([fresh.event_id]));
  });

  it('holds on another replica that has no Redis', async () => {
    const replica = await buildApp({ ...t.config, REDIS_URL: '' }, { logStream: new PassThrough().resume() });
    try {
      const other = new AdversaryClient(injectTransport(replica), CREDENTIALS);
      const late = event('service_request', erasedAt - 5000);
      const r = await other.postEvent(late);
      expect(r.json).toEqual({ event_id: late.event_id, status: 'dropped', reason: 'erased' });
      expect(await stored(late.event_id)).toEqual(new Set());
    } finally {
      await replica.close();
    }
  });
});
