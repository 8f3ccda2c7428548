import { EVENT_TYPES } from '../vocabulary';

// Plain lists with no TypeBox in them: the dashboard's client components import these through the
// `@cbc/contract/metric-vocabulary` entry, because the package's main entry also reaches
// node-only modules (the lookalike rules use node:net) that a browser bundle cannot hold.

/**
 * Rolling windows (24h … 12m) end at the end of the current hour; calendar ones (today …
 * this_year) are the club's days, Monday weeks, months and years in the reporting time zone.
 */
export const WINDOWS = ['24h', '7d', '30d', '90d', '12m', 'today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_year'] as const;
export type WindowName = (typeof WINDOWS)[number];
export const SEGMENTS = ['none', 'guest_type', 'channel', 'language', 'service_type'] as const;
export type Segment = (typeof SEGMENTS)[number];
/** `minute` is realtime's bucket; the others follow the window's span. */
export const BUCKETS = ['minute', 'hour', 'day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const METRIC_TYPES = ['overview', 'page_views', 'searches', 'faq', 'chat', 'service_requests', 'guests', 'realtime'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];
/** Every metric but realtime: the ones answered from the marts, with suppression and extras. */
export type AnalyticsMetric = Exclude<MetricType, 'realtime'>;

const COMMON = ['none', 'guest_type', 'channel', 'language'] as const;

/** Which segments each metric accepts. */
export const METRIC_SEGMENTS = {
  overview: COMMON,
  page_views: COMMON,
  searches: COMMON,
  faq: COMMON,
  chat: COMMON,
  service_requests: [...COMMON, 'service_type'],
  guests: COMMON,
  realtime: ['none'],
} as const satisfies Record<MetricType, readonly Segment[]>;

/**
 * The filters of the metrics API (`?guest_type=member&page=/spa`): each keeps only the events,
 * sessions or requests that carry that value. The three segment dimensions are columns of every
 * mart; `page`, `query`, `faq_id` and `service_type` exist only on their own metric's facts. A
 * filter a metric cannot honour is refused (400), never ignored.
 */
export const FILTERS = ['guest_type', 'channel', 'language', 'page', 'query', 'faq_id', 'service_type'] as const;
export type FilterName = (typeof FILTERS)[number];
const SLICE = ['guest_type', 'channel', 'language'] as const;

/** Which filters each metric accepts. */
export const METRIC_FILTERS = {
  overview: SLICE,
  page_views: [...SLICE, 'page'],
  searches: [...SLICE, 'query'],
  faq: [...SLICE, 'faq_id'],
  chat: SLICE,
  service_requests: [...SLICE, 'service_type'],
  guests: SLICE,
  realtime: [],
} as const satisfies Record<MetricType, readonly FilterName[]>;

/**
 * `?bucket=`: one of the widths, or `auto` (the finest width where most cells reach
 * min_group_size). Without it the width follows the window's span.
 */
export const BUCKET_PARAMS = ['auto', 'hour', 'day', 'week', 'month'] as const;
export type BucketParam = (typeof BUCKET_PARAMS)[number];

/**
 * The values of each metric, as named in its series points and totals: the mart measures first,
 * then the rates derived from them. Realtime counts `events` plus one value per event type.
 */
export const METRIC_VALUES = {
  overview: [
    'events', 'sessions', 'page_views', 'searches', 'zero_result_searches', 'faq_views', 'faq_followed_views', 'faq_deflected', 'chats',
    'service_requests', 'search_success_rate', 'faq_deflection_rate',
  ],
  page_views: ['page_views'],
  searches: ['searches', 'zero_result_searches', 'zero_result_rate'],
  faq: ['faq_views', 'followed_views', 'deflected', 'deflection_rate'],
  chat: [
    'chat_sessions', 'resolved', 'handoff', 'service_request', 'abandoned', 'open', 'csat_responses', 'csat_sum',
    'resolution_rate', 'handoff_rate', 'avg_csat',
  ],
  service_requests: [
    'requests', 'completed', 'cancelled', 'ack_breached', 'complete_breached', 'breached',
    'ack_p50_minutes', 'ack_p90_minutes', 'complete_p50_minutes', 'complete_p90_minutes', 'sla_breach_rate',
  ],
  guests: ['guest_days', 'events'],
  realtime: ['events', ...EVENT_TYPES],
} as const satisfies Record<MetricType, readonly string[]>;
export type MetricValue<T extends MetricType = MetricType> = (typeof METRIC_VALUES)[T][number];
