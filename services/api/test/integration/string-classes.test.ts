import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EVENT_TYPES,
  EventEnvelope,
  PROPERTY_SCHEMAS,
  WEBHOOK_EVENT_TYPE,
  exampleEvent,
  signWebhook,
  stringSlots,
  type EventResult,
  type EventType,
} from '@cbc/contract';
import { WEBHOOK_SECRET, auth, startApp, type TestApp } from '../support/app';

/*
 * Privacy at the door, through the API: every string of the contract has a class, and the class
 * decides what may be stored. Identifiers and labels that look like personal data are refused,
 * strings Postgres cannot store are refused per event, and a guest without consent leaves only
 * closed values, labels, numbers, booleans and the redacted route of a page.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t.close());

const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: auth, payload: payload as object });

async function storedCount(): Promise<number> {
  return (await t.count('raw.events')) + (await t.count('raw.consent_records')) + (await t.count('raw.event_ids'));
}

/** A fresh example event with the value at JSON pointer `path` replaced. */
function eventWith(type: EventType, path: string, value: (old: unknown) => unknown): Record<string, unknown> {
  const e = JSON.parse(JSON.stringify(exampleEvent(type))) as Record<string, unknown>;
  const keys = path.split('/').slice(1);
  let node = e;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  node[last] = value(node[last]);
  return e;
}

// Personal data an attacker stored verbatim before every string had a class.
const LOOKALIKES: Array<[string, string]> = [
  ['anna.berg@example.com', 'email'],
  ['00442079460958', 'phone'],
  ['4111-1111-1111-1111', 'card'],
  ['DE89370400440532013000', 'iban'],
  ['198.51.100.23', 'ip'],
  ['2001:db8:abcd:12::1', 'ip'],
  ['Anna.Berg', 'name'],
];

const IDENTIFIERS: Array<[EventType, string]> = [
  ['search', '/guest_id'],
  ['search', '/session_id'],
  ['chat_message', '/properties/chat_session_id'],
  ['service_request', '/properties/request_id'],
];

describe('identifiers that look like personal data', () => {
  const cases = IDENTIFIERS.flatMap(([type, path]) => LOOKALIKES.map(([value, kind]) => [type, path, value, kind] as const));
  it.each(cases)('%s %s = %j: 422 naming the field (%s), nothing stored', async (type, path, value, kind) => {
    const before = await storedCount();
    const res = await post('/ingest/event', eventWith(type, path, () => value));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      error: { code: 'invalid_event', message: expect.any(String), details: [{ path, message: `looks like personal data (${kind})` }] },
    });
    expect(await storedCount()).toBe(before);
  });
});

describe('labels that carry prose or personal data', () => {
  const LABELS: Array<[EventType, string]> = [
    ['search', '/properties/category'],
    ['chat_message', '/properties/intent'],
    ['chat_session_started', '/properties/entry_point'],
    ['consent_updated', '/properties/policy_version'],
    ['faq_view', '/properties/faq_id'],
  ];
  const BAD: string[] = ['anna.berg@example.com', '4111111111111111', 'de89370400440532013000', 'anna.berg', 'please call me at home'];
  const cases = LABELS.flatMap(([type, path]) => BAD.map((value) => [type, path, value] as const));
  it.each(cases)('%s %s = %j: 422 naming the field, nothing stored', async (type, path, value) => {
    const before = await storedCount();
    const res = await post('/ingest/event', eventWith(type, path, () => value));
    expect(res.statusCode).toBe(422);
    const details = (res.json() as { error: { details: Array<{ path: string }> } }).error.details;
    expect([...new Set(details.map((d) => d.path))]).toEqual([path]);
    expect(await storedCount()).toBe(before);
  });
});

describe('strings Postgres cannot store', () => {
  it('refuses a NUL or a lone surrogate in every string path of a batch, per event, and stores the valid events', async () => {
    const spoilers: Array<[string, (s: string) => string]> = [
      ['NUL', (s) => `${s}\u0000`],
      ['lone surrogate', (s) => `${s}\uD83D`],
    ];
    const bad: Array<{ event: Record<string, unknown>; path: string }> = [];
    for (const type of EVENT_TYPES) {
      for (const slot of [...stringSlots(EventEnvelope), ...stringSlots(PROPERTY_SCHEMAS[type], '/properties')]) {
        for (const [, spoil] of spoilers) bad.push({ event: eventWith(type, slot.path, (v) => spoil(String(v))), path: slot.path });
      }
    }
    const good = EVENT_TYPES.map((type) => JSON.parse(JSON.stringify(exampleEvent(type))) as Record<string, unknown>);
    // Interleaved, so a bad event sits next to good ones in the same group commit.
    const events = bad.flatMap((b, i) => (i < good.length ? [b.event, good[i]!] : [b.event]));
    const before = await storedCount();

    const res = await post('/ingest/events', { events });
    expect(res.statusCode).toBe(202);
    const { results, counts } = res.json() as { results: EventResult[]; counts: Record<string, number> };
    expect(counts).toEqual({ accepted: good.length, duplicate: 0, dropped: 0, invalid: bad.length });
    for (const b of bad) {
      const r = results[events.indexOf(b.event)]!;
      expect(r.status, b.path).toBe('invalid');
      expect(r.errors!.map((e) => e.path)).toEqual([b.path]);
      expect(r.errors![0]!.message).toMatch(/U\+0000|unpaired surrogate/);
    }
    const ids = good.map((g) => g.event_id as string);
    const stored = await t.rows<{ id: string }>('SELECT event_id::text AS id FROM raw.event_ids WHERE event_id = ANY($1::uuid[])', [ids]);
    expect(stored.map((s) => s.id).sort()).toEqual([...ids].sort());
    const badIds = bad.filter((b) => b.path !== '/event_id').map((b) => b.event.event_id as string);
    expect(await t.rows('SELECT 1 FROM raw.event_ids WHERE event_id = ANY($1::uuid[])', [badIds])).toEqual([]);
    // Good consent_updated events land in consent_records as well as event_ids.
    expect(await storedCount()).toBeGreaterThan(before + good.length);
  });

  it('refuses a NUL in a signed webhook with 422 naming the field, nothing stored', async () => {
    const { event_id: _id, type: _type, properties, ...common } = exampleEvent(WEBHOOK_EVENT_TYPE['feedback.submitted']);
    const body = JSON.stringify({ type: 'feedback.submitted', data: { ...common, ...properties, comment: 'lovely\u0000stay' } });
    const id = `msg_${randomBytes(12).toString('hex')}`;
    const ts = Math.floor(Date.now() / 1000);
    const key = Buffer.from(WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
    const before = await storedCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/webhook/cbc-agent/feedback.submitted',
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook([key], id, ts, body) },
      payload: body,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_webhook', details: [{ path: '/data/comment', message: expect.stringMatching(/U\+0000/) }] } });
    expect(await storedCount()).toBe(before);
  });
});

describe('a guest without consent', () => {
  const EXPECTED: Partial<Record<EventType, Record<string, unknown>>> = {
    page_view: { path: '/guests/[EMAIL]/stay' },
    search: { results_count: 3, category: 'stay' },
    faq_view: { faq_id: 'faq-pool-hours', source: 'search' },
    chat_session_started: { entry_point: 'web_widget' },
    chat_message: { role: 'guest', intent: 'spa_booking' },
    chat_session_ended: { outcome: 'resolved', duration_s: 240, csat: 5 },
    service_request: { service_type: 'spa', status: 'created' },
    feedback: { rating: 5 },
  };
  it.each(Object.entries(EXPECTED))('%s stores only closed values, labels, numbers and the route', async (type, expected) => {
    const overrides = type === 'page_view' ? { properties: { path: '/guests/anna.berg%40example.com/stay?card=4111111111111111' } } : {};
    const e = { ...exampleEvent(type as EventType, overrides as never), consent: { analytics: false } };
    expect((await post('/ingest/event', e)).json()).toEqual({ event_id: e.event_id, status: 'accepted', minimized: true });
    const [row] = await t.rows<{ properties: unknown; guest_id: unknown; session_id: unknown }>(
      'SELECT properties, guest_id, session_id FROM raw.events WHERE event_id = $1',
      [e.event_id],
    );
    expect(row).toEqual({ properties: expected, guest_id: null, session_id: null });
  });
});
