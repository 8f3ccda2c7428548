// The closed vocabularies of the wire contract. Every consumer (API, client, seed, jobs, admin,
// dbt accepted-values tests) reads these lists rather than retyping them.

export const GUEST_TYPES = ['hotel_guest', 'member', 'day_visitor', 'prospect', 'unknown'] as const;
export type GuestType = (typeof GUEST_TYPES)[number];

export const CHANNELS = ['web', 'mobile', 'whatsapp', 'kiosk', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENT_TYPES = [
  'page_view',
  'search',
  'faq_view',
  'chat_session_started',
  'chat_message',
  'chat_session_ended',
  'service_request',
  'consent_updated',
  'feedback',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const FAQ_SOURCES = ['search', 'browse', 'chat'] as const;
export const CHAT_ROLES = ['guest', 'agent', 'staff'] as const;
export const CHAT_OUTCOMES = ['resolved', 'handoff', 'service_request', 'abandoned'] as const;
export const SERVICE_TYPES = ['spa', 'dining', 'housekeeping', 'transport', 'activities', 'maintenance', 'other'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
export const SERVICE_STATUSES = ['created', 'acknowledged', 'in_progress', 'completed', 'cancelled'] as const;

/**
 * Retention classes decide which partitioned table an event lives in and how long it is kept
 * (the periods are defined once, in the database's ops.retention_policy: docs/data-lifecycle.md).
 */
export const RETENTION_CLASSES = ['browsing', 'service', 'consent'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

export const RETENTION_CLASS_OF: Readonly<Record<EventType, RetentionClass>> = {
  page_view: 'browsing',
  search: 'browsing',
  faq_view: 'browsing',
  chat_session_started: 'service',
  chat_message: 'service',
  chat_session_ended: 'service',
  service_request: 'service',
  feedback: 'service',
  consent_updated: 'consent',
};
