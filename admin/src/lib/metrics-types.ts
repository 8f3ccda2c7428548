// The Ingest API's metric contract as the dashboard uses it (services/api/src/analytics:
// catalogue.ts names the values, queries.ts the extras). Pure types and constants: client
// components may import this file; the fetching lives in lib/api.ts (server only).

export const WINDOWS = ['24h', '7d', '30d', '90d', '12m'] as const;
export type WindowName = (typeof WINDOWS)[number];
export const SEGMENTS = ['none', 'guest_type', 'channel', 'language', 'service_type'] as const;
export type Segment = (typeof SEGMENTS)[number];
export type Bucket = 'hour' | 'day' | 'week' | 'month' | 'minute';

export const WINDOW_LABELS: Record<WindowName, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '12m': 'Last 12 months',
};
export const SEGMENT_LABELS: Record<Segment, string> = {
  none: 'No segment',
  guest_type: 'Guest type',
  channel: 'Channel',
  language: 'Language',
  service_type: 'Service type',
};

/** Value names per metric, as the API returns them in series points and totals. */
export interface MetricValues {
  overview:
    | 'events'
    | 'sessions'
    | 'page_views'
    | 'searches'
    | 'zero_result_searches'
    | 'faq_views'
    | 'faq_deflected'
    | 'chats'
    | 'service_requests'
    | 'search_success_rate'
    | 'faq_deflection_rate';
  page_views: 'page_views';
  searches: 'searches' | 'zero_result_searches' | 'zero_result_rate';
  faq: 'faq_views' | 'deflected' | 'deflection_rate';
  chat:
    | 'chat_sessions'
    | 'resolved'
    | 'handoff'
    | 'service_request'
    | 'abandoned'
    | 'open'
    | 'csat_responses'
    | 'csat_sum'
    | 'resolution_rate'
    | 'handoff_rate'
    | 'avg_csat';
  service_requests:
    | 'requests'
    | 'completed'
    | 'cancelled'
    | 'ack_breached'
    | 'complete_breached'
    | 'breached'
    | 'ack_p50_minutes'
    | 'ack_p90_minutes'
    | 'complete_p50_minutes'
    | 'complete_p90_minutes'
    | 'sla_breach_rate';
  guests: 'guest_days' | 'events';
  /** Plus one count per event type (page_view, search…), read through a cast. */
  realtime: 'events';
}
export type MetricType = keyof MetricValues;
export type AnalyticsMetric = Exclude<MetricType, 'realtime'>;

/** Which segments each metric accepts (the API's catalogue). */
export const METRIC_SEGMENTS: Record<MetricType, readonly Segment[]> = {
  overview: ['none', 'guest_type', 'channel', 'language'],
  page_views: ['none', 'guest_type', 'channel', 'language'],
  searches: ['none', 'guest_type', 'channel', 'language'],
  faq: ['none', 'guest_type', 'channel', 'language'],
  chat: ['none', 'guest_type', 'channel', 'language'],
  service_requests: ['none', 'guest_type', 'channel', 'language', 'service_type'],
  guests: ['none', 'guest_type', 'channel', 'language'],
  realtime: ['none'],
};

export type SeriesPoint<V extends string = string> = {
  bucket: string;
  segment_value?: string;
  /** Fewer than min_group_size guests: every value is null and must be shown as withheld. */
  suppressed?: true;
} & { [K in V]?: number | null };

export type Totals<V extends string = string> = { [K in V | 'guests']?: number | null };

export interface TopPage {
  path: string;
  views: number;
  guests: number;
}
export interface TopQuery {
  query: string;
  searches: number;
  zero_result_searches: number;
  guests: number;
}
export interface TopFaq {
  faq_id: string;
  views: number;
  deflected: number;
  deflection_rate: number | null;
  guests: number;
}
export interface TypeStatus {
  service_type: string;
  status: string;
  requests: number;
  guests: number;
}
export interface Breakdown {
  value: string;
  guests: number;
}

export interface MetricExtras {
  overview: undefined;
  page_views: { top_pages: TopPage[] };
  searches: { top_queries: TopQuery[]; top_zero_result_queries: TopQuery[] };
  faq: { top_faqs: TopFaq[] };
  chat: undefined;
  service_requests: { by_type_status: TypeStatus[] };
  guests: { new_guests: number | null; breakdown: { guest_type: Breakdown[]; channel: Breakdown[]; language: Breakdown[] } };
  realtime: undefined;
}

export interface MetricResponse<T extends MetricType = MetricType> {
  metric: T;
  window: { from: string; to: string; bucket: Bucket };
  segment: Segment;
  min_group_size: number;
  series: SeriesPoint<MetricValues[T]>[];
  totals: Totals<MetricValues[T]>;
  previous_totals: Totals<MetricValues[T]> | null;
  suppressed: number;
  extras?: MetricExtras[T];
  data_version?: string;
}

export interface JobRun {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  duration_s: number | null;
  status: string;
  details: Record<string, unknown> | null;
}

/** Mart rows dbt moved out because they held PII: counts and kinds only, never values. */
export interface PiiQuarantine {
  rows: number;
  since: string | null;
  latest_found_at: string | null;
  by_model: { model: string; rows: number; kinds: string[]; since: string }[];
  summary: string | null;
}

export interface OperationsSnapshot {
  jobs: Record<string, JobRun[]>;
  /** Absent from an API older than the quarantine. */
  pii_quarantine?: PiiQuarantine;
  freshness: { latest_event_received_at: string | null; lag_seconds: number | null };
  ingest: {
    since: string;
    events_by_outcome: Record<string, number>;
    events_by_type: Record<string, number>;
    dropped_by_reason: Record<string, number>;
    minimized_by_reason: Record<string, number>;
    redactions_by_entity: Record<string, number>;
    webhooks_by_outcome: Record<string, number>;
  };
}

export interface ExportBundle {
  export_id: string;
  generated_at: string;
  subject: { guest_id: string };
  manifest: { source: string; count: number }[];
  data: Record<string, unknown>;
  notes: string[];
}

export interface ErasureReceipt {
  receipt_id: string;
  erased_at: string;
  subject_hash: string;
  deleted: { raw_events: number; marts: Record<string, number>; redis_keys: number };
  retained: { store: string; rows: number; reason: string }[];
  ledger: string;
}

export interface AuditEntry {
  audit_id: number;
  at: string;
  actor: string;
  action: string;
  subject_hash: string | null;
  result: string;
  details: unknown;
}

export interface ViewParams {
  window: WindowName;
  segment: Segment;
  compare: boolean;
}
