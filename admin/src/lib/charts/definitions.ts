import type { Role } from '../auth/roles';
import type { AnalyticsMetric, FilterName, MetricResponse, OperationsSnapshot } from '@cbc/contract';
import { SERVICE_STATUSES } from '@cbc/contract';
import { faqLabel, humanize } from '../shape/format';
import { crossTable, listTable, tableWindow, totalsTable, trendTable, type Measure } from '../shape/series';
import type { ChartRow, ChartTable } from '../shape/table';

/**
 * Every chart of the dashboard: where its data comes from and how it becomes a table. Pages
 * render these, and /api/csv/<id> rebuilds the same table from a fresh API call, so a download
 * is exactly what the chart shows.
 */
export type ChartKind = 'line' | 'bar' | 'hbar' | 'stacked' | 'funnel' | 'table';

interface Base {
  id: string;
  title: string;
  description: string;
  kind: ChartKind;
  minRole: Role;
}

export interface MetricInput<T extends AnalyticsMetric> {
  current: MetricResponse<T>;
  previous?: MetricResponse<T>;
}

export interface MetricChart<T extends AnalyticsMetric = AnalyticsMetric> extends Base {
  source: 'metric';
  metric: T;
  /** Follows the segment control and draws the previous period when comparing. */
  trend: boolean;
  /**
   * The filter its rows (bars, table rows) stand for: clicking one filters the dashboard by the
   * row's key. A segmented trend chart's series stand for the segment's filter instead.
   */
  drill?: FilterName;
  build(input: MetricInput<T>): ChartTable;
}

export interface OperationsChart extends Base {
  source: 'operations';
  build(ops: OperationsSnapshot): ChartTable;
}

export type ChartDefinition = MetricChart<AnalyticsMetric> | OperationsChart;

function trend<T extends AnalyticsMetric>(id: string, metric: T, title: string, description: string, measures: Measure[]): MetricChart<T> {
  return { id, source: 'metric', metric, title, description, kind: 'line', minRole: 'viewer', trend: true, build: ({ current, previous }) => trendTable(current, measures, previous) };
}

function fromResponse<T extends AnalyticsMetric>(
  id: string,
  metric: T,
  kind: ChartKind,
  title: string,
  description: string,
  build: (r: MetricResponse<T>) => ChartTable,
  drill?: FilterName,
): MetricChart<T> {
  return {
    id, source: 'metric', metric, title, description, kind, minRole: 'viewer', trend: false, ...(drill ? { drill } : {}),
    build: ({ current }) => ({ ...build(current), window: tableWindow(current) }),
  };
}

/**
 * A list is empty either because the window had nothing (a true "no data") or because every
 * entry fell below the threshold, which the window's totals tell apart: a count above zero, or
 * a withheld (null) total, means there was something to list.
 */
function withheldWhenEmpty(table: ChartTable, r: MetricResponse, key: string): ChartTable {
  const v = (r.totals as Record<string, number | null | undefined>)[key];
  return table.rows.length === 0 && (v === null || (typeof v === 'number' && v > 0)) ? { ...table, withheld: true } : table;
}

const count = (key: string, label: string): Measure => ({ key, label, kind: 'count' });
const rate = (key: string, label: string): Measure => ({ key, label, kind: 'rate' });
// An FAQ row reads as its catalogue title; its key stays the faq_id, which drill-down filters by.
const faqRowTitle = (id: string, item: Record<string, unknown>) => faqLabel(id, item.title);

function recordTable(rows: { key: string; label: string; values: Record<string, number> }[], category: string, minGroupSize = 0): ChartTable {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.values)))].sort();
  const table: ChartRow[] = keys.map((k) => ({ values: { [category]: k, ...Object.fromEntries(rows.map((r) => [r.key, r.values[k] ?? 0])) }, suppressed: [] }));
  return {
    columns: [{ key: category, label: humanize(category), kind: 'text' }, ...rows.map((r) => ({ key: r.key, label: r.label, kind: 'count' as const }))],
    rows: table,
    minGroupSize,
    suppressedCells: 0,
  };
}

/** Lowest deflection first (ties: more views first): the FAQs failing the most readers lead. */
function worstFirst(t: ChartTable): ChartTable {
  const rate = (r: ChartRow) => (typeof r.values.deflection_rate === 'number' ? r.values.deflection_rate : Infinity);
  const views = (r: ChartRow) => (typeof r.values.views === 'number' ? r.values.views : 0);
  return { ...t, rows: [...t.rows].sort((a, b) => rate(a) - rate(b) || views(b) - views(a)) };
}

export const CHARTS = {
  // ── Overview ────────────────────────────────────────────────────────────────────────────
  'overview-activity': trend('overview-activity', 'overview', 'Activity', 'Events and sessions per period.', [count('events', 'Events'), count('sessions', 'Sessions')]),
  'overview-interactions': trend('overview-interactions', 'overview', 'Interactions', 'What guests did: page views, searches, FAQ views, chats and service requests.', [
    count('page_views', 'Page views'),
    count('searches', 'Searches'),
    count('faq_views', 'FAQ views'),
    count('chats', 'Chats'),
    count('service_requests', 'Service requests'),
  ]),
  // ── Engagement ──────────────────────────────────────────────────────────────────────────
  'engagement-page-views': trend('engagement-page-views', 'page_views', 'Page views', 'Pages guests opened in the concierge app and site.', [count('page_views', 'Page views')]),
  'engagement-top-pages': fromResponse('engagement-top-pages', 'page_views', 'hbar', 'Top pages', 'The ten most viewed pages (pages seen by fewer guests than the threshold are not listed).', (r) =>
    withheldWhenEmpty(listTable(r.extras?.top_pages, { key: 'path', label: 'Page' }, [count('views', 'Views'), count('guests', 'Guests')], r.min_group_size), r, 'page_views'),
    'page',
  ),
  // ── Search ──────────────────────────────────────────────────────────────────────────────
  'search-volume': trend('search-volume', 'searches', 'Search volume', 'Searches, and those that found nothing.', [count('searches', 'Searches'), count('zero_result_searches', 'Zero-result searches')]),
  'search-zero-rate': trend('search-zero-rate', 'searches', 'Zero-result rate', 'Share of searches that returned no result.', [rate('zero_result_rate', 'Zero-result rate')]),
  'search-top-queries': fromResponse('search-top-queries', 'searches', 'hbar', 'Top queries', 'Most frequent queries, as stored (personal data redacted before storage).', (r) =>
    withheldWhenEmpty(
      listTable(r.extras?.top_queries, { key: 'query', label: 'Query' }, [count('searches', 'Searches'), count('zero_result_searches', 'Zero results'), count('guests', 'Guests')], r.min_group_size),
      r,
      'searches',
    ),
    'query',
  ),
  'search-top-zero': fromResponse('search-top-zero', 'searches', 'hbar', 'Top zero-result queries', 'What guests looked for and did not find: candidates for new content.', (r) =>
    withheldWhenEmpty(listTable(r.extras?.top_zero_result_queries, { key: 'query', label: 'Query' }, [count('zero_result_searches', 'Zero results'), count('guests', 'Guests')], r.min_group_size), r, 'zero_result_searches'),
    'query',
  ),
  // ── FAQ ─────────────────────────────────────────────────────────────────────────────────
  'faq-views': trend('faq-views', 'faq', 'FAQ views', 'FAQ views, and those not followed by a handoff or service request within 30 minutes (deflected).', [
    count('faq_views', 'FAQ views'),
    count('deflected', 'Deflected'),
  ]),
  'faq-deflection': trend('faq-deflection', 'faq', 'Deflection rate', 'Share of FAQ views that were enough on their own.', [rate('deflection_rate', 'Deflection rate')]),
  'faq-top': fromResponse('faq-top', 'faq', 'hbar', 'Top FAQs', 'The most viewed FAQs.', (r) =>
    withheldWhenEmpty(
      listTable(r.extras?.top_faqs, { key: 'faq_id', label: 'FAQ', title: faqRowTitle }, [count('views', 'Views'), count('deflected', 'Deflected'), count('guests', 'Guests')], r.min_group_size),
      r,
      'faq_views',
    ),
    'faq_id',
  ),
  'faq-deflection-by-faq': fromResponse('faq-deflection-by-faq', 'faq', 'hbar', 'Deflection rate per FAQ', 'The most viewed FAQs, worst first: a low rate means readers still needed staff, so the answer is worth rewriting.', (r) =>
    withheldWhenEmpty(
      worstFirst(listTable(r.extras?.top_faqs, { key: 'faq_id', label: 'FAQ', title: faqRowTitle }, [rate('deflection_rate', 'Deflection rate'), count('views', 'Views')], r.min_group_size)),
      r,
      'faq_views',
    ),
    'faq_id',
  ),
  // ── Chat ────────────────────────────────────────────────────────────────────────────────
  'chat-sessions': trend('chat-sessions', 'chat', 'Chat sessions', 'Conversations started with the concierge agent.', [count('chat_sessions', 'Chat sessions')]),
  'chat-funnel': fromResponse('chat-funnel', 'chat', 'funnel', 'Outcome funnel', 'How the conversations of the window ended (whole window, all segments).', (r) =>
    totalsTable(r, [count('chat_sessions', 'Started'), count('resolved', 'Resolved'), count('handoff', 'Handed off'), count('service_request', 'Service request'), count('abandoned', 'Abandoned'), count('open', 'Still open')]),
  ),
  'chat-rates': trend('chat-rates', 'chat', 'Resolution and handoff', 'Share of chats the agent resolved, and share handed to staff.', [rate('resolution_rate', 'Resolution rate'), rate('handoff_rate', 'Handoff rate')]),
  'chat-csat': trend('chat-csat', 'chat', 'CSAT', 'Average satisfaction score of rated chats.', [{ key: 'avg_csat', label: 'Average CSAT', kind: 'score' }]),
  // ── Services ────────────────────────────────────────────────────────────────────────────
  'services-requests': trend('services-requests', 'service_requests', 'Service requests', 'Requests created per period.', [count('requests', 'Requests')]),
  'services-by-type-status': fromResponse('services-by-type-status', 'service_requests', 'stacked', 'Requests by type and status', 'Final status of the window’s requests, per service type.', (r) =>
    withheldWhenEmpty(crossTable(r.extras?.by_type_status, 'service_type', 'status', 'requests', 'Service type', r.min_group_size, SERVICE_STATUSES), r, 'requests'),
    'service_type',
  ),
  'services-times': trend('services-times', 'service_requests', 'Time to acknowledge and complete', 'Median (p50) and 90th percentile (p90) per period.', [
    { key: 'ack_p50_minutes', label: 'Acknowledge p50', kind: 'minutes' },
    { key: 'ack_p90_minutes', label: 'Acknowledge p90', kind: 'minutes' },
    { key: 'complete_p50_minutes', label: 'Complete p50', kind: 'minutes' },
    { key: 'complete_p90_minutes', label: 'Complete p90', kind: 'minutes' },
  ]),
  'services-sla': trend('services-sla', 'service_requests', 'SLA breach rate', 'Share of requests acknowledged or completed later than their service’s target.', [rate('sla_breach_rate', 'SLA breach rate')]),
  // ── Guests ──────────────────────────────────────────────────────────────────────────────
  'guests-activity': trend('guests-activity', 'guests', 'Active guests', 'Guest-days: each guest counted once per day they were active.', [count('guest_days', 'Guest-days')]),
  'guests-by-type': fromResponse('guests-by-type', 'guests', 'hbar', 'By guest type', 'Guests active in the window, by their latest guest type.', (r) =>
    listTable(r.extras?.breakdown.guest_type, { key: 'value', label: 'Guest type', format: humanize }, [count('guests', 'Guests')], r.min_group_size),
    'guest_type',
  ),
  'guests-by-channel': fromResponse('guests-by-channel', 'guests', 'hbar', 'By channel', 'Guests active in the window, by their latest channel.', (r) =>
    listTable(r.extras?.breakdown.channel, { key: 'value', label: 'Channel', format: humanize }, [count('guests', 'Guests')], r.min_group_size),
    'channel',
  ),
  'guests-by-language': fromResponse('guests-by-language', 'guests', 'hbar', 'By language', 'Guests active in the window, by their latest language.', (r) =>
    listTable(r.extras?.breakdown.language, { key: 'value', label: 'Language', format: humanize }, [count('guests', 'Guests')], r.min_group_size),
    'language',
  ),
  // ── Operations ──────────────────────────────────────────────────────────────────────────
  'ops-ingest': {
    id: 'ops-ingest',
    source: 'operations',
    title: 'Ingest outcomes',
    description: 'Events this API replica handled since it started, by outcome.',
    kind: 'bar',
    minRole: 'operator',
    build: (o) => recordTable([{ key: 'events', label: 'Events', values: o.ingest.events_by_outcome }], 'outcome'),
  },
  'ops-drops': {
    id: 'ops-drops',
    source: 'operations',
    title: 'Drops and minimisation',
    description: 'Events dropped, and events kept without identifiers (no consent), by reason.',
    kind: 'bar',
    minRole: 'operator',
    build: (o) =>
      recordTable(
        [
          { key: 'dropped', label: 'Dropped', values: o.ingest.dropped_by_reason },
          { key: 'minimized', label: 'Minimised', values: o.ingest.minimized_by_reason },
        ],
        'reason',
      ),
  },
  'ops-jobs': {
    id: 'ops-jobs',
    source: 'operations',
    title: 'Job runs',
    description: 'The latest runs of dbt, retention pruning, backups, restores and ledger replays.',
    kind: 'table',
    minRole: 'operator',
    build: (o) => ({
      columns: [
        { key: 'job', label: 'Job', kind: 'text' },
        { key: 'status', label: 'Status', kind: 'text' },
        { key: 'started_at', label: 'Started', kind: 'time' },
        { key: 'finished_at', label: 'Finished', kind: 'time' },
        { key: 'duration_s', label: 'Duration (s)', kind: 'count' },
        { key: 'run_id', label: 'Run id', kind: 'text' },
      ],
      rows: Object.entries(o.jobs).flatMap(([job, runs]) =>
        runs.map((r) => ({ values: { job, status: r.status, started_at: r.started_at, finished_at: r.finished_at, duration_s: r.duration_s, run_id: r.run_id }, suppressed: [] })),
      ),
      minGroupSize: 0,
      suppressedCells: 0,
    }),
  },
} satisfies Record<string, ChartDefinition>;

export type ChartId = keyof typeof CHARTS;

export function chartDefinition(id: string): ChartDefinition | undefined {
  return (CHARTS as Record<string, ChartDefinition>)[id];
}
