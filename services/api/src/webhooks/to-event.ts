import { COMMON_FIELDS, WEBHOOK_EVENT_TYPE, webhookEventId, PROPERTY_SCHEMAS, type WebhookType } from '@cbc/contract';

// Read from the contract, so a common field added there is carried over, never silently lost.
const COMMON = Object.keys(COMMON_FIELDS);

/** Maps a verified, validated webhook into the event model, so it takes the same pipeline. */
export function webhookToEvent(webhookType: WebhookType, webhookId: string, data: Record<string, unknown>) {
  const type = WEBHOOK_EVENT_TYPE[webhookType];
  const event: Record<string, unknown> = { event_id: webhookEventId(webhookId), type };
  for (const k of COMMON) if (data[k] !== undefined) event[k] = data[k];
  const properties: Record<string, unknown> = {};
  for (const k of Object.keys(PROPERTY_SCHEMAS[type].properties)) if (data[k] !== undefined) properties[k] = data[k];
  event.properties = properties;
  return event;
}
