import { Type, type Static, type TObject } from 'typebox';
import {
  CHAT_OUTCOMES,
  CHAT_ROLES,
  FAQ_SOURCES,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  type EventType,
} from './vocabulary';

/** A string enum as a JSON-schema `enum`, so errors list the allowed values. */
export const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

// Ids minted by the agent: short and opaque. '@' and spaces are refused so an email address or a
// name can never be used as an identifier (it would bypass redaction).
export const OpaqueId = (description: string) =>
  Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$', description });

const FreeText = (maxLength: number, description: string) => Type.String({ maxLength, description });

const strict = { additionalProperties: false } as const;

export const PROPERTY_SCHEMAS = {
  page_view: Type.Object(
    {
      path: Type.String({ minLength: 1, maxLength: 2048, description: 'Path (query string is redacted)' }),
      title: Type.Optional(FreeText(300, 'Page title')),
      referrer: Type.Optional(FreeText(2048, 'Referrer URL')),
    },
    strict,
  ),
  search: Type.Object(
    {
      query: FreeText(500, 'What the guest typed'),
      results_count: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
      category: Type.Optional(Type.String({ maxLength: 64 })),
    },
    strict,
  ),
  faq_view: Type.Object({ faq_id: OpaqueId('FAQ article id'), source: Enum(FAQ_SOURCES) }, strict),
  chat_session_started: Type.Object(
    { chat_session_id: OpaqueId('Chat session id'), entry_point: Type.String({ minLength: 1, maxLength: 64 }) },
    strict,
  ),
  chat_message: Type.Object(
    {
      chat_session_id: OpaqueId('Chat session id'),
      role: Enum(CHAT_ROLES),
      text: FreeText(4000, 'Message text'),
      intent: Type.Optional(Type.String({ maxLength: 64 })),
    },
    strict,
  ),
  chat_session_ended: Type.Object(
    {
      chat_session_id: OpaqueId('Chat session id'),
      outcome: Enum(CHAT_OUTCOMES),
      duration_s: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 * 7 })),
      csat: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    },
    strict,
  ),
  service_request: Type.Object(
    {
      request_id: OpaqueId('Service request id'),
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
      policy_version: Type.String({ minLength: 1, maxLength: 32 }),
    },
    strict,
  ),
  feedback: Type.Object(
    { rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(FreeText(2000, 'Feedback text')) },
    strict,
  ),
} as const satisfies Record<EventType, TObject>;

export type PropertiesOf<T extends EventType> = Static<(typeof PROPERTY_SCHEMAS)[T]>;
