import fc from 'fast-check';
import { Type, type TSchema } from 'typebox';
import { describe, expect, it } from 'vitest';
import {
  COMMON_FIELDS,
  Context,
  EVENT_TYPES,
  EventEnvelope,
  EventSchema,
  FREE_TEXT_FIELDS,
  Identifier,
  PROPERTY_KINDS,
  PROPERTY_SCHEMAS,
  STRING_CLASSES,
  WEBHOOK_DATA_SCHEMAS,
  WEBHOOK_EVENT_TYPE,
  WEBHOOK_TYPES,
  WebhookPayload,
  exampleEvent,
  lookalikeOf,
  stringSlots,
  validateEvent,
  validateWebhook,
  type EventType,
  type FieldError,
  type WebhookType,
} from '../src/index';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const AT = '2026-03-01T11:59:00.000Z';

function example(type: EventType): Record<string, unknown> {
  return JSON.parse(JSON.stringify(exampleEvent(type, { occurred_at: AT }))) as Record<string, unknown>;
}

/** A copy of `obj` with the value at JSON pointer `path` replaced by `f(old)`. */
function setAt(obj: Record<string, unknown>, path: string, f: (old: unknown) => unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  const keys = path.split('/').slice(1);
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1]!;
  expect(node[last], `example has a value at ${path}`).toBeDefined();
  node[last] = f(node[last]);
  return copy;
}

function errorsOf(v: { ok: true } | { ok: false; errors: FieldError[] }): FieldError[] {
  expect(v.ok).toBe(false);
  return v.ok ? [] : v.errors;
}

const ALL_SCHEMAS: Array<[string, TSchema]> = [
  ['EventEnvelope', EventEnvelope],
  ['EventSchema', EventSchema],
  ['COMMON_FIELDS', Type.Object(COMMON_FIELDS)],
  ['Context', Context],
  ['WebhookPayload', WebhookPayload],
  ...EVENT_TYPES.map((t) => [`PROPERTY_SCHEMAS.${t}`, PROPERTY_SCHEMAS[t]] as [string, TSchema]),
  ...WEBHOOK_TYPES.map((t) => [`WEBHOOK_DATA_SCHEMAS.${t}`, WEBHOOK_DATA_SCHEMAS[t]] as [string, TSchema]),
];

describe('every string is classified', () => {
  it.each(ALL_SCHEMAS)('%s has no string without a class', (_name, schema) => {
    const slots = stringSlots(schema);
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.filter((s) => s.class === undefined).map((s) => s.path)).toEqual([]);
    for (const s of slots) expect(STRING_CLASSES).toContain(s.class);
  });

  it('finds an unclassified string, however deep (the walk itself can fail)', () => {
    const schema = Type.Object({
      ok: Identifier('x'),
      nested: Type.Object({ list: Type.Array(Type.Union([Type.String(), Type.Integer()])) }),
    });
    expect(stringSlots(schema).filter((s) => !s.class).map((s) => s.path)).toEqual(['/nested/list/*']);
  });

  it('gives every property of every type a kind, none unclassified', () => {
    for (const t of EVENT_TYPES) {
      expect(Object.keys(PROPERTY_KINDS[t]).sort()).toEqual(Object.keys(PROPERTY_SCHEMAS[t].properties).sort());
      expect(Object.values(PROPERTY_KINDS[t])).not.toContain('unclassified');
    }
  });

  it('derives the free-text fields from the classes', () => {
    expect(FREE_TEXT_FIELDS).toEqual({
      page_view: ['title', 'referrer'],
      search: ['query'],
      chat_message: ['text'],
      service_request: ['notes'],
      feedback: ['comment'],
    });
  });

  it('classes the short codes as labels and the linking ids as identifiers', () => {
    expect(PROPERTY_KINDS.search.category).toBe('label');
    expect(PROPERTY_KINDS.chat_message.intent).toBe('label');
    expect(PROPERTY_KINDS.chat_session_started.entry_point).toBe('label');
    expect(PROPERTY_KINDS.consent_updated.policy_version).toBe('label');
    expect(PROPERTY_KINDS.faq_view.faq_id).toBe('label');
    expect(PROPERTY_KINDS.page_view.path).toBe('url_path');
    expect(PROPERTY_KINDS.service_request.request_id).toBe('identifier');
    for (const t of ['chat_session_started', 'chat_message', 'chat_session_ended'] as const) {
      expect(PROPERTY_KINDS[t].chat_session_id).toBe('identifier');
    }
  });
});

// [value, kind]: personal data an attacker has tried to store as an id.
const ID_LOOKALIKES: Array<[string, string]> = [
  ['anna.smith@example.com', 'email'],
  ['+442079460958', 'phone'],
  ['00442079460958', 'phone'],
  ['020-7946-0958', 'phone'],
  ['guest_2079460958', 'phone'],
  ['4111111111111111', 'card'],
  ['4111-1111-1111-1111', 'card'],
  ['5500.0000.0000.0004', 'card'],
  ['guest_4111111111111111', 'card'],
  ['DE89370400440532013000', 'iban'],
  ['gb82west12345698765432', 'iban'],
  ['de89-3704-0044-0532-0130-00', 'iban'],
  ['198.51.100.23', 'ip'],
  ['guest_198.51.100.23', 'ip'],
  ['2001:db8::1', 'ip'],
  ['2001:db8:abcd:12:3456:7890:abcd:ef01', 'ip'],
  ['::ffff:198.51.100.23', 'ip'],
  ['John.Smith', 'name'],
  ['john_smith', 'name'],
  ['anna-maria.schmidt', 'name'],
  ['guest_mary-jane.smith', 'name'],
  ['guest_john_smith', 'name'],
];

// Ids the seed generator, the client and the tests mint: they must stay valid.
const LEGITIMATE_IDS = [
  'guest_a890c234c9ca32e862102ee4',
  'sess_0b1c2d3e4f5a6b7c8d9e0f1a',
  'chat_ffee0011223344556677aabb',
  'sr_12ab34cd56ef78ab90cd12ef',
  'guest-42',
  'sess-42',
  'chat-1001',
  'sr-5001',
  'fx-h1-old',
  'g-live-test',
  'a-b_c.d:e',
  'g'.repeat(128),
  '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  'guest-consent-1',
];

/** Every identifier position in events: [event type, JSON pointer]. */
const IDENTIFIER_PATHS: Array<[EventType, string]> = EVENT_TYPES.flatMap((t) =>
  [...stringSlots(EventEnvelope), ...stringSlots(PROPERTY_SCHEMAS[t], '/properties')]
    .filter((s) => s.class === 'identifier')
    .map((s) => [t, s.path] as [EventType, string]),
);

describe('identifiers refuse personal-data lookalikes', () => {
  it('covers guest_id, session_id, chat_session_id and request_id', () => {
    expect([...new Set(IDENTIFIER_PATHS.map(([, p]) => p))].sort()).toEqual(['/guest_id', '/properties/chat_session_id', '/properties/request_id', '/session_id']);
  });

  const cases = IDENTIFIER_PATHS.flatMap(([t, path]) => ID_LOOKALIKES.map(([value, kind]) => [t, path, value, kind] as const));
  it.each(cases)('%s %s = %j is refused as %s', (type, path, value, kind) => {
    const errors = errorsOf(validateEvent(setAt(example(type), path, () => value), NOW));
    expect(errors).toEqual([{ path, message: `looks like personal data (${kind})` }]);
  });

  it.each(LEGITIMATE_IDS)('accepts the id %j everywhere', (id) => {
    for (const [type, path] of IDENTIFIER_PATHS) {
      expect(validateEvent(setAt(example(type), path, () => id), NOW)).toMatchObject({ ok: true });
    }
  });

  it('accepts random prefixed hex ids (the seed generator mints 24 hex digits)', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{24}$/);
    fc.assert(
      fc.property(fc.constantFrom('guest', 'sess', 'chat', 'sr'), hex, (prefix, body) => {
        expect(lookalikeOf(`${prefix}_${body}`, 'words')).toBeNull();
      }),
      { numRuns: 20_000, seed: 7 },
    );
  });
});

const LABEL_FIELDS: Array<[EventType, string]> = EVENT_TYPES.flatMap((t) =>
  stringSlots(PROPERTY_SCHEMAS[t], '/properties')
    .filter((s) => s.class === 'label')
    .map((s) => [t, s.path] as [EventType, string]),
);

const BAD_LABELS: Array<[string, RegExp]> = [
  ['anna.smith@example.com', /personal data \(email\)/],
  ['4111111111111111', /personal data \(card\)/],
  ['4111-1111-1111-1111', /personal data \(card\)/],
  ['de89370400440532013000', /personal data \(iban\)/],
  ['john.smith', /personal data \(name\)/],
  ['vip_anna.schmidt', /personal data \(name\)/],
  ['02079460958', /personal data \(phone\)/],
  ['198.51.100.23', /personal data \(ip\)/],
  ['2001:db8::1', /personal data \(ip\)/],
  ['please call me back', /pattern/],
  ['Spa', /pattern/],
  ['x'.repeat(65), /64/],
];

const GOOD_LABELS = ['spa', 'stay', 'web_widget', 'lobby_kiosk', 'faq_page', 'spa_booking', 'kids_club', '2025-09', '2026-01', '2025-09-01', '20250901', 'v1.2', 'gdpr.v2', 'faq-pool-hours', 'faq-towels'];

describe('labels are codes, never prose or personal data', () => {
  it('covers category, intent, entry_point, policy_version and faq_id', () => {
    expect(LABEL_FIELDS.map(([t, p]) => `${t}${p}`).sort()).toEqual([
      'chat_message/properties/intent',
      'chat_session_started/properties/entry_point',
      'consent_updated/properties/policy_version',
      'faq_view/properties/faq_id',
      'search/properties/category',
    ]);
  });

  const cases = LABEL_FIELDS.flatMap(([t, path]) => BAD_LABELS.map(([value, message]) => [t, path, value, message] as const));
  it.each(cases)('%s %s = %j is refused', (type, path, value, message) => {
    const errors = errorsOf(validateEvent(setAt(example(type), path, () => value), NOW));
    expect([...new Set(errors.map((e) => e.path))]).toEqual([path]);
    expect(errors.map((e) => e.message).join('; ')).toMatch(message);
  });

  it.each(GOOD_LABELS)('accepts the label %j in every label field', (label) => {
    for (const [type, path] of LABEL_FIELDS) {
      expect(validateEvent(setAt(example(type), path, () => label), NOW)).toMatchObject({ ok: true });
    }
  });
});

const UNSTORABLE: Array<[string, (s: string) => string, RegExp]> = [
  ['a NUL', (s) => `${s}\u0000`, /U\+0000/],
  ['a lone high surrogate', (s) => `${s}\uD800`, /unpaired surrogate/],
  ['a lone low surrogate', (s) => `\uDC00${s}`, /unpaired surrogate/],
  ['a reversed pair', (s) => `${s}\uDC00\uD800`, /unpaired surrogate/],
];

describe('strings Postgres cannot store are refused at validation', () => {
  const eventCases = EVENT_TYPES.flatMap((t) =>
    [...stringSlots(EventEnvelope), ...stringSlots(PROPERTY_SCHEMAS[t], '/properties')].flatMap((slot) =>
      UNSTORABLE.map(([label, spoil, message]) => [t, slot.path, label, spoil, message] as const),
    ),
  );
  it.each(eventCases)('%s %s with %s', (type, path, _label, spoil, message) => {
    const errors = errorsOf(validateEvent(setAt(example(type), path, (v) => spoil(String(v))), NOW));
    expect(errors.map((e) => e.path)).toEqual([path]);
    expect(errors[0]!.message).toMatch(message);
  });

  function webhookBody(w: WebhookType): Record<string, unknown> {
    const { event_id: _id, type: _type, properties, ...common } = example(WEBHOOK_EVENT_TYPE[w]);
    return { type: w, data: { ...common, ...(properties as Record<string, unknown>) } };
  }
  const webhookCases = WEBHOOK_TYPES.flatMap((w) =>
    [...stringSlots(WebhookPayload).filter((s) => s.path !== '/data'), ...stringSlots(WEBHOOK_DATA_SCHEMAS[w], '/data')].flatMap((slot) =>
      UNSTORABLE.slice(0, 2).map(([label, spoil, message]) => [w, slot.path, label, spoil, message] as const),
    ),
  );
  it.each(webhookCases)('webhook %s %s with %s', (w, path, _label, spoil, message) => {
    const errors = errorsOf(validateWebhook(w, setAt(webhookBody(w), path, (v) => spoil(String(v)))));
    expect(errors.map((e) => e.path)).toEqual([path]);
    expect(errors[0]!.message).toMatch(message);
  });

  it('accepts paired surrogates (emoji) and other Unicode in free text', () => {
    const e = setAt(example('chat_message'), '/properties/text', () => 'Merci 🙏 — ¿mañana? 日本語 \u{1F600}');
    expect(validateEvent(e, NOW)).toMatchObject({ ok: true });
  });

  it('reports a webhook identifier lookalike at its /data path', () => {
    const errors = errorsOf(validateWebhook('feedback.submitted', setAt(webhookBody('feedback.submitted'), '/data/guest_id', () => '4111111111111111')));
    expect(errors).toEqual([{ path: '/data/guest_id', message: 'looks like personal data (card)' }]);
  });
});
