import { METRIC_SQL, type MetricSql } from './sql';
import type { MetricType } from '@cbc/contract';
import * as rates from './rates';
import type { FilterName } from './filters';
import type { Derive } from './suppress';
import type { Segment } from './window';

export { METRIC_TYPES, type MetricType } from '@cbc/contract';

export interface MetricDefinition {
  description: string;
  segments: readonly Segment[];
  /** The filters it honours: those its query has parameters for (sql/README.md). */
  filters: readonly FilterName[];
  /** The query behind the series and totals (sql/<metric>.ts); realtime has none (it reads raw counts). */
  query?: MetricSql;
  derive: Derive;
}

const COMMON: readonly Segment[] = ['none', 'guest_type', 'channel', 'language'];
const none: Derive = () => ({});

/** The catalogue `GET /metrics` lists. Every query reads marts: the API never scans raw events. */
export const METRICS: Record<MetricType, MetricDefinition> = {
  overview: {
    description: 'Guests, sessions, chats, service requests, search success and FAQ deflection',
    segments: COMMON,
    query: METRIC_SQL.overview,
    filters: METRIC_SQL.overview.filters,
    derive: (v) => ({
      search_success_rate: rates.searchSuccessRate(v.searches ?? 0, v.zero_result_searches ?? 0),
      faq_deflection_rate: rates.faqDeflectionRate(v.faq_deflected ?? 0, v.faq_followed_views ?? 0),
    }),
  },
  page_views: {
    description: 'Page views and top pages',
    segments: COMMON,
    query: METRIC_SQL.page_views,
    filters: METRIC_SQL.page_views.filters,
    derive: none,
  },
  searches: {
    description: 'Search volume, zero-result rate, top queries and top zero-result queries',
    segments: COMMON,
    query: METRIC_SQL.searches,
    filters: METRIC_SQL.searches.filters,
    derive: (v) => ({ zero_result_rate: rates.zeroResultRate(v.searches ?? 0, v.zero_result_searches ?? 0) }),
  },
  faq: {
    description: 'FAQ views, deflection (no handoff or service request within 30 minutes), top FAQs',
    segments: COMMON,
    query: METRIC_SQL.faq,
    filters: METRIC_SQL.faq.filters,
    derive: (v) => ({ deflection_rate: rates.faqDeflectionRate(v.deflected ?? 0, v.followed_views ?? 0) }),
  },
  chat: {
    description: 'Chat sessions, outcome funnel, resolution and handoff rates, CSAT',
    segments: COMMON,
    query: METRIC_SQL.chat,
    filters: METRIC_SQL.chat.filters,
    derive: (v) => ({
      resolution_rate: rates.resolutionRate(v.resolved ?? 0, v.chat_sessions ?? 0),
      handoff_rate: rates.handoffRate(v.handoff ?? 0, v.chat_sessions ?? 0),
      avg_csat: rates.averageCsat(v.csat_sum ?? 0, v.csat_responses ?? 0),
    }),
  },
  service_requests: {
    description: 'Service requests by type and status, time to acknowledge and complete, SLA breach rate',
    segments: [...COMMON, 'service_type'],
    query: METRIC_SQL.service_requests,
    filters: METRIC_SQL.service_requests.filters,
    derive: (v) => ({
      sla_breach_rate: rates.slaBreachRate(v.breached ?? 0, v.requests ?? 0),
    }),
  },
  guests: {
    description: 'Active guests and new guests; breakdown by guest type, channel and language',
    segments: COMMON,
    query: METRIC_SQL.guests,
    filters: METRIC_SQL.guests.filters,
    derive: none,
  },
  realtime: {
    description: 'The last 60 minutes by time of occurrence: events per minute and type, guests per minute and active in the last 5 minutes; arrival lag apart (no segments)',
    segments: ['none'],
    filters: [],
    derive: none,
  },
};
