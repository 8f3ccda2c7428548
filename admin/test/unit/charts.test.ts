import { describe, expect, it } from 'vitest';
import { CHARTS, chartDefinition, type ChartDefinition } from '@/lib/charts/definitions';
import { liveSnapshot } from '@/lib/live';
import type { AnalyticsMetric, MetricResponse, OperationsSnapshot } from '@cbc/contract';
import { toCsv } from '@/lib/shape/csv';
import { K } from '../fixtures/responses';

/** A plausible answer for any metric: two day buckets, one of them withheld. */
function response(metric: AnalyticsMetric): MetricResponse {
  const values = { events: 50, sessions: 20, page_views: 30, searches: 10, zero_result_searches: 2, faq_views: 8, faq_deflected: 6, chats: 5, service_requests: 3, search_success_rate: 0.8, faq_deflection_rate: 0.75 };
  return {
    metric,
    window: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-03T00:00:00.000Z', bucket: 'day' },
    segment: 'none',
    min_group_size: K,
    series: [{ bucket: '2025-03-01T00:00:00.000Z', ...values }, { bucket: '2025-03-02T00:00:00.000Z', suppressed: true }],
    totals: { ...values, guests: 40, chat_sessions: 12, resolved: 6, handoff: 3, service_request: 1, abandoned: 1, open: 1 },
    previous_totals: { ...values, guests: 30 },
    suppressed: 1,
    extras: {
      top_pages: [{ path: '/spa', views: 9, guests: 6 }],
      top_queries: [{ query: 'pool hours', searches: 7, zero_result_searches: 1, guests: 5 }],
      top_zero_result_queries: [],
      top_faqs: [{ faq_id: 'faq-1', views: 8, deflected: 6, deflection_rate: 0.75, guests: 6 }],
      by_type_status: [{ service_type: 'spa', status: 'completed', requests: 6, guests: 5 }],
      new_guests: 7,
      breakdown: { guest_type: [{ value: 'hotel_guest', guests: 30 }], channel: [], language: [{ value: 'en', guests: 25 }] },
    } as never,
    // One mash-up of every metric's values and extras: each chart picks what it reads.
  } as unknown as MetricResponse;
}

const ops: OperationsSnapshot = {
  jobs: { dbt_build: [{ run_id: 'r1', started_at: '2025-03-01T00:00:00Z', finished_at: '2025-03-01T00:01:00Z', duration_s: 60, status: 'success', details: null }] },
  pii_quarantine: { rows: 0, since: null, latest_found_at: null, by_model: [], summary: null },
  freshness: { latest_event_received_at: '2025-03-01T00:00:00Z', lag_seconds: 5 },
  ingest: { since: '2025-03-01T00:00:00Z', events_by_outcome: { accepted: 10, duplicate: 2 }, events_by_type: {}, dropped_by_reason: { retention: 1 }, minimized_by_reason: {}, redactions_by_entity: {}, webhooks_by_outcome: {} },
};

describe('chart definitions', () => {
  const defs = Object.entries(CHARTS) as [string, ChartDefinition][];

  it('are found by id', () => {
    for (const [id, def] of defs) expect(def.id).toBe(id);
    expect(chartDefinition('nope')).toBeUndefined();
  });

  it.each(defs)('%s builds a table whose first column is the category and whose CSV has a header', (_id, def) => {
    const table = def.source === 'operations' ? def.build(ops) : def.build({ current: response(def.metric) as never });
    expect(table.columns.length).toBeGreaterThan(1);
    expect(toCsv(table).split('\r\n')[0]).toBe([...table.columns.map((c) => c.key), 'withheld'].join(','));
  });

  it('only operators and up see operations charts', () => {
    for (const [, def] of defs) expect(def.minRole).toBe(def.source === 'operations' ? 'operator' : 'viewer');
  });
});

describe('live snapshot', () => {
  it('keeps counts only', () => {
    const r = {
      metric: 'realtime',
      window: { from: '2025-03-01T00:00:00Z', to: '2025-03-01T01:00:00Z', bucket: 'minute' },
      segment: 'none',
      min_group_size: 5,
      series: [{ bucket: '2025-03-01T00:00:00.000Z', events: 3, search: 2, page_view: 1 }],
      totals: { events: 3, search: 2, page_view: 1, chat_message: 0 },
      previous_totals: null,
      suppressed: 0,
    } as unknown as MetricResponse<'realtime'>;
    const s = liveSnapshot(r, new Date('2025-03-01T01:00:00Z'));
    expect(s).toEqual({ total: 3, by_type: { search: 2, page_view: 1 }, series: [{ minute: '2025-03-01T00:00:00.000Z', events: 3 }], updated_at: '2025-03-01T01:00:00.000Z' });
  });
});
