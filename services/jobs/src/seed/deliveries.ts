import {
  EVENT_TYPES,
  PROPERTY_SCHEMAS,
  WEBHOOK_EVENT_TYPE,
  WEBHOOK_TYPES,
  webhookEventId,
  type AnalyticsEvent,
  type EventType,
  type WebhookType,
} from '@cbc/contract';

/** What the seed sends: an event for `/ingest/event(s)` or a webhook for `/webhook/cbc-agent/{type}`. */
export type Delivery =
  | { kind: 'event'; event: AnalyticsEvent }
  | { kind: 'webhook'; type: WebhookType; id: string; data: Record<string, unknown> };

export const WEBHOOK_OF: Partial<Record<EventType, WebhookType>> = Object.fromEntries(
  Object.entries(WEBHOOK_EVENT_TYPE).map(([w, e]) => [e, w]),
);

export const occurredAt = (d: Delivery): string => (d.kind === 'event' ? d.event.occurred_at : (d.data.occurred_at as string));

export const eventTypeOf = (d: Delivery): EventType => (d.kind === 'event' ? d.event.type : WEBHOOK_EVENT_TYPE[d.type]);

const COMMON = ['occurred_at', 'guest_id', 'session_id', 'guest_type', 'channel', 'language', 'consent', 'context'] as const;

/**
 * The event a delivery becomes once received: the API maps webhooks exactly this way (the id is
 * the UUIDv5 of the webhook-id), and the bulk loader, which has no API, must store the same.
 */
export function toEvent(d: Delivery): AnalyticsEvent {
  if (d.kind === 'event') return d.event;
  const type = WEBHOOK_EVENT_TYPE[d.type];
  const event: Record<string, unknown> = { event_id: webhookEventId(d.id), type };
  for (const k of COMMON) if (d.data[k] !== undefined) event[k] = d.data[k];
  const properties: Record<string, unknown> = {};
  for (const k of Object.keys(PROPERTY_SCHEMAS[type].properties)) if (d.data[k] !== undefined) properties[k] = d.data[k];
  event.properties = properties;
  return event as unknown as AnalyticsEvent;
}

/** Counts for the summary: by resulting event type, and webhooks by webhook type. */
export class SeedTally {
  deliveries = 0;
  viaEvents = 0;
  viaWebhooks = 0;
  readonly byType = Object.fromEntries(EVENT_TYPES.map((t) => [t, 0])) as Record<EventType, number>;
  readonly webhooks = Object.fromEntries(WEBHOOK_TYPES.map((t) => [t, 0])) as Record<WebhookType, number>;

  add(d: Delivery): void {
    this.deliveries += 1;
    this.byType[eventTypeOf(d)] += 1;
    if (d.kind === 'webhook') {
      this.viaWebhooks += 1;
      this.webhooks[d.type] += 1;
    } else {
      this.viaEvents += 1;
    }
  }

  toJSON() {
    return { deliveries: this.deliveries, viaEvents: this.viaEvents, viaWebhooks: this.viaWebhooks, byType: this.byType, webhooks: this.webhooks };
  }
}
