import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CHANNELS,
  EVENT_TYPES,
  GUEST_TYPES,
  WEBHOOK_EVENT_TYPE,
  WEBHOOK_TYPES,
  exampleEvent,
  uuidv5,
  validateEvent,
  validateWebhook,
  webhookEventId,
  type EventType,
  type FieldError,
  type WebhookType,
} from '../src/index';

// A fixed clock: every test passes `now` explicitly, so nothing depends on the wall clock.
const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const AT = '2026-03-01T11:59:00.000Z';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A valid event of `type` at a fixed time, as a plain mutable JSON object. */
function example(type: EventType = 'search'): Record<string, unknown> {
  return JSON.parse(JSON.stringify(exampleEvent(type, { occurred_at: AT }))) as Record<string, unknown>;
}

function withProps(type: EventType, props: Record<string, unknown>): Record<string, unknown> {
  const e = example(type);
  return { ...e, properties: { ...(e.properties as Record<string, unknown>), ...props } };
}

function without(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function errorsOf(input: unknown, now = NOW): FieldError[] {
  const v = validateEvent(input, now);
  expect(v.ok).toBe(false);
  if (v.ok) throw new Error('unreachable');
  expect(v.errors.length).toBeGreaterThan(0);
  for (const e of v.errors) {
    expect(typeof e.path).toBe('string');
    expect(e.path.startsWith('/')).toBe(true);
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
  return v.errors;
}

/** Asserts ok=false and that the error list names exactly the given path(s), nothing else. */
function expectErrorAt(input: unknown, path: string, now = NOW): FieldError[] {
  const errors = errorsOf(input, now);
  expect([...new Set(errors.map((e) => e.path))]).toEqual([path]);
  return errors;
}

describe('validateEvent: valid events', () => {
  it.each(EVENT_TYPES)('accepts the example %s event', (type) => {
    const event = example(type);
    const v = validateEvent(event, NOW);
    expect(v).toEqual({ ok: true, event });
  });

  it.each(EVENT_TYPES)('accepts the %s example built with the real clock and default now', (type) => {
    expect(validateEvent(exampleEvent(type)).ok).toBe(true);
  });

  it('accepts an event without the optional common fields', () => {
    const e = example('page_view');
    for (const k of ['session_id', 'consent', 'context']) delete e[k];
    expect(validateEvent(e, NOW).ok).toBe(true);
  });

  it.each([
    '2026-03-01T11:59:00Z',
    '2026-03-01T11:59:00.1Z',
    '2026-03-01T11:59:00.123456789Z',
    '2026-03-01T13:59:00+02:00',
    '2026-03-01T06:29:00-05:30',
  ])('accepts RFC 3339 occurred_at %s', (occurred_at) => {
    expect(validateEvent({ ...example(), occurred_at }, NOW).ok).toBe(true);
  });

  it.each(['en', 'EN', 'fra', 'en-US', 'zh-Hant-TW', 'de-CH-1996', 'es-419'])('accepts BCP 47 language %s', (language) => {
    expect(validateEvent({ ...example(), language }, NOW).ok).toBe(true);
  });

  it.each(GUEST_TYPES)('accepts guest_type %s', (guest_type) => {
    expect(validateEvent({ ...example(), guest_type }, NOW).ok).toBe(true);
  });

  it.each(CHANNELS)('accepts channel %s', (channel) => {
    expect(validateEvent({ ...example(), channel }, NOW).ok).toBe(true);
  });

  it('accepts a guest_id of exactly 128 characters and the allowed punctuation', () => {
    expect(validateEvent({ ...example(), guest_id: 'g'.repeat(128) }, NOW).ok).toBe(true);
    expect(validateEvent({ ...example(), guest_id: 'a-b_c.d:e' }, NOW).ok).toBe(true);
  });

  it('accepts chat text of exactly 4000 characters', () => {
    expect(validateEvent(withProps('chat_message', { text: 'x'.repeat(4000) }), NOW).ok).toBe(true);
  });
});

describe('validateEvent: occurred_at in the future', () => {
  const at = (ms: number) => new Date(NOW + ms).toISOString();

  it('accepts exactly +5 minutes', () => {
    expect(validateEvent({ ...example(), occurred_at: at(5 * 60_000) }, NOW).ok).toBe(true);
  });

  it.each([
    ['+5 min + 1 ms', 5 * 60_000 + 1],
    ['+5 min + 1 s', 5 * 60_000 + 1000],
    ['+1 day', 86_400_000],
  ])('rejects %s', (_label, ms) => {
    const errors = expectErrorAt({ ...example(), occurred_at: at(ms) }, '/occurred_at');
    expect(errors[0]!.message).toMatch(/future/);
  });

  it('is judged against the `now` parameter, not the wall clock', () => {
    const e = { ...example(), occurred_at: '2030-01-01T00:00:00Z' };
    expect(validateEvent(e, Date.parse('2030-01-01T00:00:00Z')).ok).toBe(true);
    expectErrorAt(e, '/occurred_at', Date.parse('2029-12-31T23:54:59Z'));
  });

  it('accepts events in the past', () => {
    expect(validateEvent({ ...example(), occurred_at: '2020-01-01T00:00:00Z' }, NOW).ok).toBe(true);
  });
});

const COMMON_REQUIRED = ['event_id', 'type', 'occurred_at', 'guest_id', 'guest_type', 'channel', 'language', 'properties'] as const;

describe('validateEvent: invalid envelope', () => {
  it.each(COMMON_REQUIRED)('rejects a missing %s at / naming the field', (field) => {
    const errors = expectErrorAt(without(example(), field), '/');
    expect(errors.some((e) => e.message.includes(field))).toBe(true);
  });

  const wrongTypes: Array<[string, unknown, string]> = [
    ['event_id', 42, '/event_id'],
    ['type', 1, '/type'],
    ['occurred_at', 1_772_366_340_000, '/occurred_at'],
    ['guest_id', 42, '/guest_id'],
    ['session_id', 42, '/session_id'],
    ['guest_type', null, '/guest_type'],
    ['channel', true, '/channel'],
    ['language', ['en'], '/language'],
    ['consent', true, '/consent'],
    ['context', 'x', '/context'],
    ['properties', 'x', '/properties'],
    ['properties', [], '/properties'],
    ['properties', null, '/properties'],
  ];
  it.each(wrongTypes)('rejects %s = %j at %s', (field, value, path) => {
    expectErrorAt({ ...example(), [field]: value }, path);
  });

  it('rejects a non-boolean consent.analytics at /consent/analytics', () => {
    expectErrorAt({ ...example(), consent: { analytics: 'yes' } }, '/consent/analytics');
  });

  it('rejects a non-string context.ip at /context/ip', () => {
    expectErrorAt({ ...example(), context: { ip: 5 } }, '/context/ip');
  });

  it('rejects an unknown consent or context field', () => {
    expectErrorAt({ ...example(), consent: { analytics: true, marketing: true } }, '/consent');
    expectErrorAt({ ...example(), context: { ip: '203.0.113.1', email: 'a@b.c' } }, '/context');
  });

  it('rejects an unknown top-level field at / and names it', () => {
    const errors = expectErrorAt({ ...example(), email: 'guest@example.com' }, '/');
    expect(errors).toEqual([{ path: '/', message: expect.stringContaining('email') }]);
  });

  it('rejects an unknown property field at /properties and names it', () => {
    const errors = expectErrorAt(withProps('search', { email: 'guest@example.com' }), '/properties');
    expect(errors).toEqual([{ path: '/properties', message: expect.stringContaining('email') }]);
  });

  // TypeBox stops after 8 errors (its default maxErrors); each unknown key yields one error, so
  // many unknown keys must still produce an explanation, not an empty error list.
  it.each([
    ['top level', '/', (keys: Record<string, unknown>) => ({ ...example(), ...keys })],
    ['properties', '/properties', (keys: Record<string, unknown>) => withProps('search', keys)],
    ['context', '/context', (keys: Record<string, unknown>) => ({ ...example(), context: keys })],
  ] as const)('rejects 8 unknown fields at the %s with a non-empty error list', (_label, path, build) => {
    const keys = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`extra_${i}`, i]));
    const errors = expectErrorAt(build(keys), path);
    expect(errors[0]!.message).toContain('extra_0');
  });

  it('rejects an unknown event type and lists the allowed types', () => {
    const errors = expectErrorAt({ ...example(), type: 'purchase' }, '/type');
    for (const t of EVENT_TYPES) expect(errors[0]!.message).toContain(t);
  });

  it.each(['not-a-uuid', '', '6ba7b8109dad11d180b400c04fd430c8', '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}', '6ba7b810-9dad-11d1-80b4-00c04fd430c', 'zba7b810-9dad-11d1-80b4-00c04fd430c8'])(
    'rejects the bad uuid %j at /event_id',
    (event_id) => {
      expectErrorAt({ ...example(), event_id }, '/event_id');
    },
  );

  it.each([
    '2026-01-01',
    '2026-01-01 10:00:00',
    '2026-01-01 10:00:00Z',
    '2026-01-01t10:00:00Z',
    '2026-01-01T10:00:00z',
    '2026-01-01T10:00:00',
    '2026-01-01T10:00Z',
    '2026-01-01T10:00:00.1234567891Z',
    '2026-13-01T10:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    'Thu, 01 Jan 2026 10:00:00 GMT',
    '1767261600',
    '',
  ])('rejects occurred_at %j (not RFC 3339) at /occurred_at', (occurred_at) => {
    expectErrorAt({ ...example(), occurred_at }, '/occurred_at');
  });

  it('rejects a guest_id over 128 characters', () => {
    const errors = expectErrorAt({ ...example(), guest_id: 'g'.repeat(129) }, '/guest_id');
    expect(errors[0]!.message).toMatch(/128/);
  });

  it.each(['guest@example.com', 'john smith', ' guest-42', 'guest-42 ', 'guest\t42', 'gäst', ''])('rejects guest_id %j', (guest_id) => {
    expectErrorAt({ ...example(), guest_id }, '/guest_id');
  });

  it.each(['a@b', 'sess 42', 's'.repeat(129)])('rejects session_id %j', (session_id) => {
    expectErrorAt({ ...example(), session_id }, '/session_id');
  });

  it('rejects a bad guest_type and lists the allowed values', () => {
    const errors = expectErrorAt({ ...example(), guest_type: 'vip' }, '/guest_type');
    expect(errors).toEqual([{ path: '/guest_type', message: `must be one of: ${GUEST_TYPES.join(', ')}` }]);
  });

  it('rejects a bad channel and lists the allowed values', () => {
    const errors = expectErrorAt({ ...example(), channel: 'fax' }, '/channel');
    expect(errors).toEqual([{ path: '/channel', message: `must be one of: ${CHANNELS.join(', ')}` }]);
  });

  it.each(['e', 'english', 'en_US', 'en-', '-en', 'en US', '12', 'en-toolongsubtag', 'x'.repeat(36)])(
    'rejects the non-BCP 47 language %j',
    (language) => {
      expectErrorAt({ ...example(), language }, '/language');
    },
  );
});

describe('validateEvent: per-type property rules', () => {
  const cases: Array<[string, EventType, Record<string, unknown>, string]> = [
    ['search results_count negative', 'search', { results_count: -1 }, '/properties/results_count'],
    ['search results_count fractional', 'search', { results_count: 1.5 }, '/properties/results_count'],
    ['search results_count a string', 'search', { results_count: '3' }, '/properties/results_count'],
    ['search query not a string', 'search', { query: 42 }, '/properties/query'],
    ['search query over 500 chars', 'search', { query: 'q'.repeat(501) }, '/properties/query'],
    ['csat 6', 'chat_session_ended', { csat: 6 }, '/properties/csat'],
    ['csat 0', 'chat_session_ended', { csat: 0 }, '/properties/csat'],
    ['csat 4.5', 'chat_session_ended', { csat: 4.5 }, '/properties/csat'],
    ['chat outcome unknown', 'chat_session_ended', { outcome: 'exploded' }, '/properties/outcome'],
    ['duration_s negative', 'chat_session_ended', { duration_s: -1 }, '/properties/duration_s'],
    ['feedback rating 0', 'feedback', { rating: 0 }, '/properties/rating'],
    ['feedback rating 6', 'feedback', { rating: 6 }, '/properties/rating'],
    ['feedback rating a string', 'feedback', { rating: '5' }, '/properties/rating'],
    ['service_type unknown', 'service_request', { service_type: 'laundry' }, '/properties/service_type'],
    ['service status unknown', 'service_request', { status: 'lost' }, '/properties/status'],
    ['request_id with an @', 'service_request', { request_id: 'a@b' }, '/properties/request_id'],
    ['faq source unknown', 'faq_view', { source: 'email' }, '/properties/source'],
    ['faq_id with a space', 'faq_view', { faq_id: 'faq pool' }, '/properties/faq_id'],
    ['chat role unknown', 'chat_message', { role: 'bot' }, '/properties/role'],
    ['chat text over 4000 chars', 'chat_message', { text: 'x'.repeat(4001) }, '/properties/text'],
    ['chat_session_id with an @', 'chat_message', { chat_session_id: 'guest@example.com' }, '/properties/chat_session_id'],
    ['page_view empty path', 'page_view', { path: '' }, '/properties/path'],
    ['page_view path that is not a path (a bare name)', 'page_view', { path: 'Iris Verkerk' }, '/properties/path'],
    ['page_view path with a space', 'page_view', { path: '/guests/Iris Verkerk' }, '/properties/path'],
    ['chat entry_point empty', 'chat_session_started', { entry_point: '' }, '/properties/entry_point'],
    ['consent analytics not boolean', 'consent_updated', { analytics: 'yes' }, '/properties/analytics'],
    ['consent policy_version empty', 'consent_updated', { policy_version: '' }, '/properties/policy_version'],
  ];
  it.each(cases)('rejects %s', (_label, type, props, path) => {
    expectErrorAt(withProps(type, props), path);
  });

  const enumCases: Array<[EventType, string, readonly string[]]> = [
    ['service_request', 'service_type', ['spa', 'dining', 'housekeeping', 'transport', 'activities', 'maintenance', 'other']],
    ['faq_view', 'source', ['search', 'browse', 'chat']],
    ['chat_message', 'role', ['guest', 'agent', 'staff']],
  ];
  it.each(enumCases)('%s.%s lists the allowed values', (type, field, allowed) => {
    const errors = expectErrorAt(withProps(type, { [field]: 'nope' }), `/properties/${field}`);
    expect(errors).toEqual([{ path: `/properties/${field}`, message: `must be one of: ${allowed.join(', ')}` }]);
  });

  it.each([
    ['search', 'results_count'],
    ['feedback', 'rating'],
    ['chat_message', 'text'],
    ['consent_updated', 'policy_version'],
    ['service_request', 'request_id'],
  ] as const)('rejects %s without its required property %s at /properties', (type, field) => {
    const e = example(type);
    const errors = expectErrorAt({ ...e, properties: without(e.properties as Record<string, unknown>, field) }, '/properties');
    expect(errors.some((x) => x.message.includes(field))).toBe(true);
  });

  it('checks properties against the schema of the event type, not another type', () => {
    // A valid search payload under the feedback type is wrong.
    const e = { ...example('feedback'), properties: example('search').properties };
    const errors = errorsOf(e);
    expect(errors.every((x) => x.path.startsWith('/properties'))).toBe(true);
  });
});

describe('validateEvent: non-object inputs', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an array', []],
    ['an array of an event', [exampleEvent('search')]],
    ['a string', 'event'],
    ['a JSON string of an event', JSON.stringify(exampleEvent('search'))],
    ['a number', 42],
    ['a boolean', true],
  ])('rejects %s at /', (_label, input) => {
    expect(validateEvent(input, NOW)).toEqual({ ok: false, errors: [{ path: '/', message: expect.any(String) }] });
  });
});

describe('validateEvent: properties (fast-check)', () => {
  it('never throws on arbitrary JSON, and accepts only known types', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const v = validateEvent(value, NOW);
        if (v.ok) {
          expect(EVENT_TYPES).toContain(v.event.type);
        } else {
          expect(v.errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on mutated example events, and accepts only known types', () => {
    // Near-valid inputs reach the property and occurred_at checks, which pure random JSON never does.
    const field = fc.constantFrom(...COMMON_REQUIRED, 'session_id', 'consent', 'context', 'extra');
    const mutation = fc.record({ field, value: fc.jsonValue() });
    const propMutation = fc.record({ field: fc.string({ maxLength: 20 }), value: fc.jsonValue() });
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES),
        fc.array(mutation, { maxLength: 3 }),
        fc.array(propMutation, { maxLength: 3 }),
        fc.option(fc.constantFrom(...EVENT_TYPES), { nil: undefined }),
        (type, mutations, propMutations, retype) => {
          const e = example(type);
          for (const m of mutations) e[m.field] = m.value;
          if (e.properties && typeof e.properties === 'object' && !Array.isArray(e.properties)) {
            const props = e.properties as Record<string, unknown>;
            for (const m of propMutations) props[m.field] = m.value;
          }
          if (retype) e.type = retype;
          const v = validateEvent(e, NOW);
          if (v.ok) {
            expect(EVENT_TYPES).toContain(v.event.type);
            expect(Date.parse(v.event.occurred_at)).toBeLessThanOrEqual(NOW + 5 * 60_000);
          } else {
            expect(v.errors.length).toBeGreaterThan(0);
            for (const err of v.errors) expect(err.path.startsWith('/')).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** A webhook body built from an example event's common fields plus its properties, flattened. */
function webhookBody(webhookType: WebhookType): { type: string; data: Record<string, unknown> } {
  const { event_id: _id, type: _type, properties, ...common } = example(WEBHOOK_EVENT_TYPE[webhookType]);
  return { type: webhookType, data: { ...common, ...(properties as Record<string, unknown>) } };
}

describe('validateWebhook', () => {
  it('covers the four webhook types', () => {
    expect([...WEBHOOK_TYPES].sort()).toEqual(['chat.session.completed', 'consent.updated', 'feedback.submitted', 'service_request.updated']);
  });

  it.each(WEBHOOK_TYPES)('accepts a valid %s payload and returns its data', (webhookType) => {
    const body = webhookBody(webhookType);
    expect(validateWebhook(webhookType, body)).toEqual({ ok: true, data: body.data });
  });

  it.each(WEBHOOK_TYPES)('rejects a %s payload posted to another type with an error on /type', (webhookType) => {
    for (const other of WEBHOOK_TYPES.filter((t) => t !== webhookType)) {
      const v = validateWebhook(other, webhookBody(webhookType));
      expect(v.ok).toBe(false);
      if (v.ok) return;
      expect(v.errors).toEqual([{ path: '/type', message: expect.stringContaining(other) }]);
    }
  });

  it.each(WEBHOOK_TYPES)('rejects an unknown data field in %s', (webhookType) => {
    const body = webhookBody(webhookType);
    const v = validateWebhook(webhookType, { ...body, data: { ...body.data, email: 'guest@example.com' } });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.length).toBeGreaterThan(0);
    expect(v.errors.every((e) => e.path.startsWith('/data'))).toBe(true);
  });

  it('rejects a schema-invalid data field with its path', () => {
    const body = webhookBody('feedback.submitted');
    const v = validateWebhook('feedback.submitted', { ...body, data: { ...body.data, rating: 9 } });
    expect(v).toEqual({ ok: false, errors: [{ path: '/data/rating', message: expect.any(String) }] });
  });

  it('rejects a missing required data field', () => {
    const body = webhookBody('consent.updated');
    const v = validateWebhook('consent.updated', { ...body, data: without(body.data, 'analytics') });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.some((e) => e.path === '/data' && e.message.includes('analytics'))).toBe(true);
  });

  it('rejects the event shape (nested properties) as a webhook payload', () => {
    const e = example('feedback');
    const v = validateWebhook('feedback.submitted', { type: 'feedback.submitted', data: e });
    expect(v.ok).toBe(false);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'x'],
    ['a number', 1],
    ['no data', { type: 'feedback.submitted' }],
    ['data not an object', { type: 'feedback.submitted', data: 'x' }],
    ['an extra top-level field', { ...webhookBody('feedback.submitted'), extra: 1 }],
    ['a non-string type', { ...webhookBody('feedback.submitted'), type: 1 }],
  ])('rejects %s without throwing', (_label, body) => {
    const v = validateWebhook('feedback.submitted', body);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.errors.length).toBeGreaterThan(0);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...WEBHOOK_TYPES), fc.jsonValue(), (webhookType, value) => {
        const v = validateWebhook(webhookType, value);
        expect(typeof v.ok).toBe('boolean');
      }),
      { numRuns: 500 },
    );
  });
});

describe('uuidv5 and webhookEventId', () => {
  it('matches the RFC 4122 vector (www.example.com in the DNS namespace)', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is a valid v5 UUID that validateEvent accepts as an event_id', () => {
    const id = webhookEventId('msg_p5jXN8AQM9LWM0D4loKWxJek');
    expect(id).toMatch(UUID_V5);
    expect(validateEvent({ ...example(), event_id: id }, NOW).ok).toBe(true);
  });

  it('is deterministic and distinct per webhook id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ minLength: 1, maxLength: 64 }), (a, b) => {
        const ia = webhookEventId(a);
        expect(ia).toMatch(UUID_V5);
        expect(webhookEventId(a)).toBe(ia);
        if (a !== b) expect(webhookEventId(b)).not.toBe(ia);
      }),
      { numRuns: 300 },
    );
  });

  it('uses its own namespace (not the DNS one)', () => {
    expect(webhookEventId('www.example.com')).not.toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
