import { Type, type Static, type TObject } from 'typebox';
import { Compile } from 'typebox/compile';
import { Enum } from './classes';
import { COMMON_FIELDS, describe } from './event';
import { PROPERTY_SCHEMAS } from './properties';
import { checkStrings, mergeErrors, type FieldError } from './strings';
import type { EventType } from './vocabulary';

/**
 * Webhooks the agent sends to `POST /webhook/cbc-agent/{webhook_type}`, and the event type each
 * becomes. The payload is `{ "type": <webhook_type>, "data": {...} }` where data carries the
 * common event fields plus the properties of the mapped event type, flattened.
 */
export const WEBHOOK_EVENT_TYPE = {
  'chat.session.completed': 'chat_session_ended',
  'service_request.updated': 'service_request',
  'consent.updated': 'consent_updated',
  'feedback.submitted': 'feedback',
} as const satisfies Record<string, EventType>;

export type WebhookType = keyof typeof WEBHOOK_EVENT_TYPE;
export const WEBHOOK_TYPES = Object.keys(WEBHOOK_EVENT_TYPE) as WebhookType[];

function dataSchema<T extends TObject>(props: T) {
  return Type.Object({ ...COMMON_FIELDS, ...props.properties }, { additionalProperties: false });
}

export const WEBHOOK_DATA_SCHEMAS = {
  'chat.session.completed': dataSchema(PROPERTY_SCHEMAS.chat_session_ended),
  'service_request.updated': dataSchema(PROPERTY_SCHEMAS.service_request),
  'consent.updated': dataSchema(PROPERTY_SCHEMAS.consent_updated),
  'feedback.submitted': dataSchema(PROPERTY_SCHEMAS.feedback),
} as const;

export type WebhookData<T extends WebhookType> = Static<(typeof WEBHOOK_DATA_SCHEMAS)[T]>;

export const WebhookPayload = Type.Object(
  { type: Enum(WEBHOOK_TYPES), data: Type.Object({}, { additionalProperties: true }) },
  { additionalProperties: false },
);
export type WebhookPayload = Static<typeof WebhookPayload>;

const payloadCheck = Compile(WebhookPayload);
const dataChecks = Object.fromEntries(
  Object.entries(WEBHOOK_DATA_SCHEMAS).map(([k, s]) => [k, Compile(s as TObject)]),
) as Record<WebhookType, ReturnType<typeof Compile<TObject>>>;

export function isWebhookType(value: string): value is WebhookType {
  return Object.hasOwn(WEBHOOK_EVENT_TYPE, value);
}

/** Validate a webhook body (after its signature holds). */
export function validateWebhook(
  webhookType: WebhookType,
  body: unknown,
): { ok: true; data: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const strings = checkStrings(WebhookPayload, body);
  strings.push(...checkStrings(WEBHOOK_DATA_SCHEMAS[webhookType], (body as { data?: unknown } | null)?.data, '/data'));
  if (!payloadCheck.Check(body)) {
    return { ok: false, errors: mergeErrors(strings, describe(payloadCheck.Errors(body))) };
  }
  // The path segment is not covered by the signature: a payload must name the same type, so a
  // delivery signed for one endpoint cannot be replayed against another.
  if (body.type !== webhookType) {
    return { ok: false, errors: [{ path: '/type', message: `must equal the path's webhook type (${webhookType})` }] };
  }
  const check = dataChecks[webhookType];
  if (!check.Check(body.data)) {
    return { ok: false, errors: mergeErrors(strings, describe(check.Errors(body.data), '/data')) };
  }
  if (strings.length > 0) return { ok: false, errors: strings };
  return { ok: true, data: body.data as Record<string, unknown> };
}
