import { randomUUID } from 'node:crypto';
import {
  EVENT_TYPES,
  EventEnvelope,
  FREE_TEXT_FIELDS,
  PROPERTY_SCHEMAS,
  WEBHOOK_DATA_SCHEMAS,
  WEBHOOK_EVENT_TYPE,
  WEBHOOK_TYPES,
  exampleEvent,
  type EventType,
  type WebhookType,
} from '@cbc/contract';

/** The JSON-schema keywords the walker reads (TypeBox schemas are plain JSON Schema). */
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  items?: Schema;
  maxLength?: number;
  enum?: unknown[];
  pattern?: string;
  format?: string;
}

/** One string field of the wire contract, found by walking the schemas (never listed by hand). */
export interface StringTarget {
  /** 'event' posts to /ingest/events; 'webhook' to /webhook/cbc-agent/{webhookType}. */
  channel: 'event' | 'webhook';
  eventType: EventType;
  webhookType?: WebhookType;
  /** Path inside the request body, e.g. ['properties', 'query'] or ['data', 'guest_id']. */
  path: string[];
  maxLength: number;
  /** Guest-written text: the redactor must find PII inside it, so canaries go in with context. */
  freeText: boolean;
}

export const targetName = (t: StringTarget) =>
  t.channel === 'event' ? `${t.eventType}:/${t.path.join('/')}` : `webhook ${t.webhookType}:/${t.path.join('/')}`;

/** Every string path under `schema`, depth first. Unions and arrays are entered too. */
export function stringPaths(schema: Schema, prefix: string[] = []): Array<{ path: string[]; schema: Schema }> {
  if (schema.type === 'string') return [{ path: prefix, schema }];
  const out: Array<{ path: string[]; schema: Schema }> = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) out.push(...stringPaths(child, [...prefix, key]));
  for (const branch of schema.anyOf ?? []) out.push(...stringPaths(branch, prefix));
  if (schema.items) out.push(...stringPaths(schema.items, [...prefix, '0']));
  // A path reached through two union branches is one field.
  return out.filter((p, i) => out.findIndex((q) => q.path.join('/') === p.path.join('/')) === i);
}

const isFreeText = (type: EventType, field: string | undefined) => (FREE_TEXT_FIELDS[type] ?? []).includes(field ?? '');

/** Every string field of every event type and every webhook type. */
export function stringTargets(): StringTarget[] {
  const targets: StringTarget[] = [];
  const envelope = stringPaths(EventEnvelope as Schema);
  for (const eventType of EVENT_TYPES) {
    for (const { path, schema } of envelope) {
      targets.push({ channel: 'event', eventType, path, maxLength: schema.maxLength ?? Infinity, freeText: false });
    }
    for (const { path, schema } of stringPaths(PROPERTY_SCHEMAS[eventType] as Schema)) {
      targets.push({
        channel: 'event',
        eventType,
        path: ['properties', ...path],
        maxLength: schema.maxLength ?? Infinity,
        freeText: isFreeText(eventType, path[0]),
      });
    }
  }
  for (const webhookType of WEBHOOK_TYPES) {
    const eventType = WEBHOOK_EVENT_TYPE[webhookType];
    targets.push({ channel: 'webhook', eventType, webhookType, path: ['type'], maxLength: 64, freeText: false });
    for (const { path, schema } of stringPaths(WEBHOOK_DATA_SCHEMAS[webhookType] as Schema)) {
      targets.push({
        channel: 'webhook',
        eventType,
        webhookType,
        path: ['data', ...path],
        maxLength: schema.maxLength ?? Infinity,
        freeText: path.length === 1 && isFreeText(eventType, path[0]),
      });
    }
  }
  return targets;
}

export interface BodyOptions {
  guestId: string;
  consent: boolean;
  occurredAt?: Date;
  eventId?: string;
}

/**
 * A valid request body for the target's event or webhook type, with every optional field filled
 * (so each path exists) and the guest's consent both on the event and, for consent events, in
 * the recorded choice.
 */
export function validBody(target: Pick<StringTarget, 'channel' | 'eventType' | 'webhookType'>, o: BodyOptions): Record<string, unknown> {
  const event = exampleEvent(target.eventType, {
    event_id: o.eventId ?? randomUUID(),
    guest_id: o.guestId,
    // Not derived from the guest id: a canary in guest_id must be found only where guest_id went.
    session_id: 'adv-session-1',
    occurred_at: (o.occurredAt ?? new Date()).toISOString(),
    consent: { analytics: o.consent },
  }) as unknown as Record<string, unknown>;
  const properties = { ...(event.properties as Record<string, unknown>) };
  if (target.eventType === 'consent_updated') properties.analytics = o.consent;
  if (target.channel === 'event') return { ...event, properties };
  const { event_id: _id, type: _type, properties: _p, ...common } = event;
  return { type: target.webhookType, data: { ...common, ...properties } };
}

/** A copy of `body` with `value` at `path` (intermediate objects created as needed). */
export function withValue(body: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}
