import type { MetricType } from '@cbc/contract';
import type { CellSource } from './cells';
import { ratio, type Derive } from './suppress';
import type { Segment } from './window';

export { METRIC_TYPES, type MetricType } from '@cbc/contract';

export interface MetricDefinition {
  description: string;
  segments: readonly Segment[];
  /** Aggregated source of the series and totals; realtime has none (it reads raw counts). */
  source?: CellSource;
  derive: Derive;
}

const COMMON: readonly Segment[] = ['none', 'guest_type', 'channel', 'language'];
const sum = (col: string) => `coalesce(sum(t.${col}), 0)`;
const countIf = (cond: string) => `count(*) FILTER (WHERE ${cond})`;
const none: Derive = () => ({});

/** The catalogue `GET /metrics` lists. Every source is a mart: the API never scans raw events. */
export const METRICS: Record<MetricType, MetricDefinition> = {
  overview: {
    description: 'Guests, sessions, chats, service requests, search success and FAQ deflection',
    segments: COMMON,
    source: {
      table: 'marts.fct_hourly_activity',
      time: 'activity_hour',
      guests: 'guest_daily',
      measures: {
        events: sum('events'),
        sessions: sum('sessions'),
        page_views: sum('page_views'),
        searches: sum('searches'),
        zero_result_searches: sum('zero_result_searches'),
        faq_views: sum('faq_views'),
        faq_deflected: sum('faq_deflected'),
        chats: sum('chat_sessions'),
        service_requests: sum('service_requests'),
      },
    },
    derive: (v) => ({
      search_success_rate: ratio((v.searches ?? 0) - (v.zero_result_searches ?? 0), v.searches ?? 0),
      faq_deflection_rate: ratio(v.faq_deflected ?? 0, v.faq_views ?? 0),
    }),
  },
  page_views: {
    description: 'Page views and top pages',
    segments: COMMON,
    source: { table: 'marts.fct_page_views', time: 'viewed_at', guests: 'column', measures: { page_views: 'count(*)' } },
    derive: none,
  },
  searches: {
    description: 'Search volume, zero-result rate, top queries and top zero-result queries',
    segments: COMMON,
    source: {
      table: 'marts.fct_searches',
      time: 'searched_at',
      guests: 'column',
      measures: { searches: 'count(*)', zero_result_searches: countIf('t.is_zero_result') },
    },
    derive: (v) => ({ zero_result_rate: ratio(v.zero_result_searches ?? 0, v.searches ?? 0) }),
  },
  faq: {
    description: 'FAQ views, deflection (no handoff or service request within 30 minutes), top FAQs',
    segments: COMMON,
    source: {
      table: 'marts.fct_faq_views',
      time: 'viewed_at',
      guests: 'column',
      // Minimized views have no guest to follow, so is_deflected is NULL: rates count known views.
      measures: { faq_views: 'count(*)', followed_views: 'count(t.is_deflected)', deflected: countIf('t.is_deflected') },
    },
    derive: (v) => ({ deflection_rate: ratio(v.deflected ?? 0, v.followed_views ?? 0) }),
  },
  chat: {
    description: 'Chat sessions, outcome funnel, resolution and handoff rates, CSAT',
    segments: COMMON,
    source: {
      table: 'marts.fct_chat_sessions',
      time: 'started_at',
      guests: 'column',
      measures: {
        chat_sessions: 'count(*)',
        resolved: countIf("t.outcome = 'resolved'"),
        handoff: countIf("t.outcome = 'handoff'"),
        service_request: countIf("t.outcome = 'service_request'"),
        abandoned: countIf("t.outcome = 'abandoned'"),
        open: countIf('t.outcome IS NULL'),
        csat_responses: 'count(t.csat)',
        csat_sum: 'coalesce(sum(t.csat), 0)',
      },
    },
    derive: (v) => ({
      resolution_rate: ratio(v.resolved ?? 0, v.chat_sessions ?? 0),
      handoff_rate: ratio(v.handoff ?? 0, v.chat_sessions ?? 0),
      avg_csat: ratio(v.csat_sum ?? 0, v.csat_responses ?? 0),
    }),
  },
  service_requests: {
    description: 'Service requests by type and status, time to acknowledge and complete, SLA breach rate',
    segments: [...COMMON, 'service_type'],
    source: {
      table: 'marts.fct_service_requests',
      time: 'created_at',
      guests: 'column',
      measures: {
        requests: 'count(*)',
        completed: 'count(t.completed_at)',
        cancelled: 'count(t.cancelled_at)',
        ack_breached: countIf('t.ack_breached'),
        complete_breached: countIf('t.complete_breached'),
        breached: countIf('t.ack_breached OR t.complete_breached'),
        ack_p50_minutes: 'coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.minutes_to_acknowledge), 0)',
        ack_p90_minutes: 'coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY t.minutes_to_acknowledge), 0)',
        complete_p50_minutes: 'coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY t.minutes_to_complete), 0)',
        complete_p90_minutes: 'coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY t.minutes_to_complete), 0)',
      },
    },
    derive: (v) => ({
      sla_breach_rate: ratio(v.breached ?? 0, v.requests ?? 0),
    }),
  },
  guests: {
    description: 'Active guests and new guests; breakdown by guest type, channel and language',
    segments: COMMON,
    source: {
      table: 'marts.fct_guest_daily',
      time: 'activity_date',
      guests: 'column',
      measures: { guest_days: 'count(*)', events: sum('events') },
    },
    derive: none,
  },
  realtime: {
    description: 'Events per minute over the last 60 minutes, by type (no segments)',
    segments: ['none'],
    derive: none,
  },
};
