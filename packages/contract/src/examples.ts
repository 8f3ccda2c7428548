import { randomUUID } from 'node:crypto';
import type { AnalyticsEvent, EventOf } from './event';
import type { PropertiesOf } from './properties';
import type { EventType } from './vocabulary';

/** One valid `properties` object per type: documentation, tests and the seed start from these. */
export const EXAMPLE_PROPERTIES: { [T in EventType]: PropertiesOf<T> } = {
  page_view: { path: '/spa/treatments', title: 'Spa treatments', referrer: 'https://www.coralbeachclub.example/' },
  search: { query: 'late checkout', results_count: 3, category: 'stay' },
  faq_view: { faq_id: 'faq-pool-hours', source: 'search' },
  chat_session_started: { chat_session_id: 'chat-1001', entry_point: 'web_widget' },
  chat_message: { chat_session_id: 'chat-1001', role: 'guest', text: 'Can I book a massage for tomorrow?', intent: 'spa_booking' },
  chat_session_ended: { chat_session_id: 'chat-1001', outcome: 'resolved', duration_s: 240, csat: 5 },
  service_request: { request_id: 'sr-5001', service_type: 'spa', status: 'created', notes: 'Deep tissue, 60 minutes' },
  consent_updated: { analytics: true, marketing: false, policy_version: '2026-01' },
  feedback: { rating: 5, comment: 'Lovely stay' },
};

/** A valid event of `type`, with a fresh id and the current time unless overridden. */
export function exampleEvent<T extends EventType>(
  type: T,
  overrides: Partial<Omit<EventOf<T>, 'properties'>> & { properties?: Partial<PropertiesOf<T>> } = {},
): EventOf<T> {
  const { properties, ...rest } = overrides;
  return {
    event_id: randomUUID(),
    type,
    occurred_at: new Date().toISOString(),
    guest_id: 'guest-42',
    session_id: 'sess-42',
    guest_type: 'hotel_guest',
    channel: 'web',
    language: 'en',
    consent: { analytics: true },
    context: { ip: '203.0.113.77', user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)' },
    ...rest,
    properties: { ...EXAMPLE_PROPERTIES[type], ...properties },
  } as unknown as EventOf<T>;
}

export type { AnalyticsEvent };
