import { Type, type Static, type TObject, type TSchema } from 'typebox';
import { Enum, FreeText, Identifier, Label, UrlPath, classOf, type StringClass } from './classes';
import {
  CHAT_OUTCOMES,
  CHAT_ROLES,
  EVENT_TYPES,
  FAQ_SOURCES,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  type EventType,
} from './vocabulary';

const strict = { additionalProperties: false } as const;

export const PROPERTY_SCHEMAS = {
  page_view: Type.Object(
    {
      path: UrlPath('Path; each segment and the query string are redacted'),
      title: Type.Optional(FreeText(300, 'Page title')),
      referrer: Type.Optional(FreeText(2048, 'Referrer URL')),
    },
    strict,
  ),
  search: Type.Object(
    {
      query: FreeText(500, 'What the guest typed'),
      results_count: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
      category: Type.Optional(Label('Search category (a code such as `spa`)')),
    },
    strict,
  ),
  // FAQ ids name catalogue articles, not people: a label (kept without consent), not an identifier.
  faq_view: Type.Object({ faq_id: Label('FAQ article id (a code such as `faq-pool-hours`)'), source: Enum(FAQ_SOURCES) }, strict),
  chat_session_started: Type.Object(
    { chat_session_id: Identifier('Chat session id'), entry_point: Label('Where the chat was opened (a code such as `web_widget`)') },
    strict,
  ),
  chat_message: Type.Object(
    {
      chat_session_id: Identifier('Chat session id'),
      role: Enum(CHAT_ROLES),
      text: FreeText(4000, 'Message text'),
      intent: Type.Optional(Label('Detected intent (a code such as `spa_booking`)')),
    },
    strict,
  ),
  chat_session_ended: Type.Object(
    {
      chat_session_id: Identifier('Chat session id'),
      outcome: Enum(CHAT_OUTCOMES),
      duration_s: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 * 7 })),
      csat: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    },
    strict,
  ),
  service_request: Type.Object(
    {
      request_id: Identifier('Service request id'),
      service_type: Enum(SERVICE_TYPES),
      status: Enum(SERVICE_STATUSES),
      notes: Type.Optional(FreeText(2000, 'Staff or guest notes')),
    },
    strict,
  ),
  consent_updated: Type.Object(
    {
      analytics: Type.Boolean(),
      marketing: Type.Optional(Type.Boolean()),
      policy_version: Label('Version of the privacy policy the guest saw (a code such as `2026-01`)'),
    },
    strict,
  ),
  feedback: Type.Object(
    { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(FreeText(2000, 'Feedback text')) },
    strict,
  ),
} as const satisfies Record<EventType, TObject>;

export type PropertiesOf<T extends EventType> = Static<(typeof PROPERTY_SCHEMAS)[T]>;

/**
 * What each property is: its string class, `number`/`boolean` for the others, or `unclassified`
 * for a string without a class (the contract tests fail on one; consumers treat it as the worst
 * case: redacted, and withheld without consent).
 */
export type PropertyKind = StringClass | 'number' | 'boolean' | 'unclassified';

function kindOf(schema: TSchema): PropertyKind {
  const type = (schema as { type?: unknown }).type;
  if (type === 'number' || type === 'integer') return 'number';
  if (type === 'boolean') return 'boolean';
  return classOf(schema) ?? 'unclassified';
}

export const PROPERTY_KINDS = Object.fromEntries(
  EVENT_TYPES.map((t) => [
    t,
    Object.fromEntries(Object.entries(PROPERTY_SCHEMAS[t].properties).map(([k, s]) => [k, kindOf(s as TSchema)])),
  ]),
) as { readonly [T in EventType]: Readonly<Record<keyof PropertiesOf<T> & string, PropertyKind>> };

/**
 * Properties of class `free_text`, per type (derived from the schemas): redacted before storage
 * and removed entirely when the guest has not consented to analytics.
 */
export const FREE_TEXT_FIELDS: Readonly<Partial<Record<EventType, readonly string[]>>> = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, Object.entries(PROPERTY_KINDS[t]).filter(([, k]) => k === 'free_text').map(([f]) => f)] as const).filter(
    ([, fields]) => fields.length > 0,
  ),
);
