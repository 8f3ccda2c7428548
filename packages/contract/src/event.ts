import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { CLASS_KEYWORD, Enum, Identifier, IpAddress, LanguageTag, Timestamp, UserAgent, Uuid } from './classes';
import { PROPERTY_SCHEMAS, type PropertiesOf } from './properties';
import { checkStrings, mergeErrors, type FieldError } from './strings';
import { CHANNELS, EVENT_TYPES, GUEST_TYPES, type EventType } from './vocabulary';

/** How far in the future `occurred_at` may lie (clock skew between agent and API). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

export const MAX_BATCH_EVENTS = 500;

export const Consent = Type.Object({ analytics: Type.Boolean() }, { additionalProperties: false });

export const Context = Type.Object(
  {
    ip: Type.Optional(IpAddress("The guest's IP, forwarded by the agent")),
    user_agent: Type.Optional(UserAgent("The guest's user agent")),
  },
  { additionalProperties: false },
);

/** Fields every event carries, whatever its type. */
export const COMMON_FIELDS = {
  occurred_at: Timestamp('RFC 3339 timestamp with offset'),
  guest_id: Identifier("The agent's pseudonymous guest id"),
  session_id: Type.Optional(Identifier("The agent's pseudonymous session id")),
  guest_type: Enum(GUEST_TYPES),
  channel: Enum(CHANNELS),
  language: LanguageTag('BCP 47 language tag'),
  consent: Type.Optional(Consent),
  context: Type.Optional(Context),
};

/**
 * The envelope is validated first, then `properties` against the schema of its `type`: that
 * gives errors such as `/properties/query: must be string` instead of a union's wall of noise.
 */
export const EventEnvelope = Type.Object(
  {
    event_id: Uuid('Client-made idempotency key'),
    type: Enum(EVENT_TYPES),
    ...COMMON_FIELDS,
    properties: Type.Object({}, { additionalProperties: true }),
  },
  { additionalProperties: false },
);

type Envelope = Omit<Static<typeof EventEnvelope>, 'type' | 'properties'>;
/** A validated event: the discriminated union over `type`. */
export type AnalyticsEvent = { [T in EventType]: Envelope & { type: T; properties: PropertiesOf<T> } }[EventType];
export type EventOf<T extends EventType> = Extract<AnalyticsEvent, { type: T }>;

/** The published schema (OpenAPI, client docs): a union discriminated by `type`. */
export const EventSchema = Type.Union(
  EVENT_TYPES.map((t) =>
    Type.Object(
      {
        event_id: EventEnvelope.properties.event_id,
        type: Type.Literal(t, { [CLASS_KEYWORD]: 'closed' }),
        ...COMMON_FIELDS,
        properties: PROPERTY_SCHEMAS[t],
      },
      { additionalProperties: false, title: t },
    ),
  ),
  { description: 'An analytics event from the concierge agent' },
);

export type { FieldError };

export type Validation = { ok: true; event: AnalyticsEvent } | { ok: false; errors: FieldError[] };

const envelopeCheck = Compile(EventEnvelope);
const propertyChecks = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, Compile(PROPERTY_SCHEMAS[t])]),
) as { [T in EventType]: ReturnType<typeof Compile<(typeof PROPERTY_SCHEMAS)[T]>> };

type CheckErrors = ReturnType<typeof envelopeCheck.Errors>;

export function describe(errors: CheckErrors, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  const unknown = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'boolean' || e.keyword === 'additionalProperties') {
      // TypeBox reports each unknown key as a `false` schema at the key's own path, and once more
      // as additionalProperties on the parent; it stops after 8 errors, so the parent's summary may
      // never come. Build the message from the per-key errors, grouped by parent.
      const keys =
        e.keyword === 'boolean'
          ? [e.instancePath.slice(e.instancePath.lastIndexOf('/') + 1)]
          : ((e.params as { additionalProperties?: string[] }).additionalProperties ?? []);
      const parent = prefix + (e.keyword === 'boolean' ? e.instancePath.slice(0, e.instancePath.lastIndexOf('/')) : e.instancePath);
      const list = unknown.get(parent || '/') ?? [];
      for (const k of keys) if (!list.includes(k)) list.push(k);
      unknown.set(parent || '/', list);
      continue;
    }
    const path = prefix + e.instancePath || '/';
    let message = e.message;
    if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      if (allowed) message = `must be one of: ${allowed.join(', ')}`;
    }
    const key = `${path} ${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path, message });
    }
  }
  for (const [path, keys] of unknown) out.push({ path, message: `unknown field(s): ${keys.join(', ')}` });
  // Never report "invalid" without saying why.
  if (out.length === 0) out.push({ path: prefix || '/', message: 'is invalid' });
  return out;
}

/**
 * Validate one event from the wire. `now` is injectable so the future-skew rule is testable.
 */
export function validateEvent(input: unknown, now: number = Date.now()): Validation {
  // The string checks run even when the schema fails, so an email in `guest_id` is reported as
  // personal data rather than as a pattern mismatch, and a NUL is named wherever it hides.
  const strings = checkStrings(EventEnvelope, input);
  const { type, properties } = (input ?? {}) as { type?: unknown; properties?: unknown };
  if (typeof type === 'string' && Object.hasOwn(PROPERTY_SCHEMAS, type)) {
    strings.push(...checkStrings(PROPERTY_SCHEMAS[type as EventType], properties, '/properties'));
  }
  if (!envelopeCheck.Check(input)) return { ok: false, errors: mergeErrors(strings, describe(envelopeCheck.Errors(input))) };
  const check = propertyChecks[input.type];
  if (!check.Check(input.properties)) {
    return { ok: false, errors: mergeErrors(strings, describe(check.Errors(input.properties), '/properties')) };
  }
  if (strings.length > 0) return { ok: false, errors: strings };
  const at = Date.parse(input.occurred_at);
  if (Number.isNaN(at)) return { ok: false, errors: [{ path: '/occurred_at', message: 'is not a valid date-time' }] };
  if (at > now + MAX_FUTURE_SKEW_MS) {
    return { ok: false, errors: [{ path: '/occurred_at', message: 'is more than 5 minutes in the future' }] };
  }
  return { ok: true, event: input as AnalyticsEvent };
}
