import { describe, expect, it } from 'vitest';
import { CHARTS, chartDefinition, type ChartDefinition } from '@/lib/charts/definitions';
import { activeGuestsText, lagText, liveSnapshot } from '@/lib/live';
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

  it.each(['faq-top', 'faq-deflection-by-faq'])('%s reads each FAQ by its catalogue title, else its id, and keeps the id as the row key', (id) => {
    const r = response('faq') as unknown as { extras: Record<string, unknown> };
    r.extras = { ...r.extras, top_faqs: [
      { faq_id: 'faq-beach-towels', title: 'Can I borrow beach towels?', views: 8, deflected: 6, deflection_rate: 0.75, guests: 6 },
      { faq_id: 'faq-pool-hours', title: null, views: 6, deflected: 3, deflection_rate: 0.5, guests: 5 },
    ] };
    const def = CHARTS[id as keyof typeof CHARTS] as ChartDefinition;
    const table = def.source === 'metric' ? def.build({ current: r as never }) : def.build(ops);
    const rows = table.rows.map((row) => ({ key: row.key, label: row.label, value: row.values.faq_id }));
    const beach = { key: 'faq-beach-towels', label: 'Can I borrow beach towels?', value: 'faq-beach-towels' };
    const pool = { key: 'faq-pool-hours', label: 'Pool hours', value: 'faq-pool-hours' };
    // Top FAQs by views; deflection per FAQ worst first.
    expect(rows).toEqual(id === 'faq-top' ? [beach, pool] : [pool, beach]);
  });

  it('only operators and up see operations charts', () => {
    for (const [, def] of defs) expect(def.minRole).toBe(def.source === 'operations' ? 'operator' : 'viewer');
  });
});

describe('live snapshot', () => {
  const answer = (o: Partial<MetricResponse<'realtime'>> = {}) =>
    ({
      metric: 'realtime',
      window: { from: '2025-03-01T00:00:00Z', to: '2025-03-01T01:00:00Z', bucket: 'minute', time_zone: 'Atlantic/Bermuda' },
      segment: 'none',
      min_group_size: 5,
      series: [
        { bucket: '2025-03-01T00:00:00.000Z', events: 3, search: 2, page_view: 1, guests: null },
        { bucket: '2025-03-01T00:01:00.000Z', events: 9, page_view: 9, guests: 6 },
      ],
      totals: { events: 12, search: 2, page_view: 10, chat_message: 0 },
      previous_totals: null,
      active_guests_5m: 7,
      arrival_lag: { received: 130, median_seconds: 2, p95_seconds: 40, late_arrivals: 120 },
      suppressed: 1,
      ...o,
    }) as MetricResponse<'realtime'>;

  it('keeps counts only: events and guests per minute (withheld ones null), guests active now, the lag apart', () => {
    const s = liveSnapshot(answer(), new Date('2025-03-01T01:00:00Z'));
    expect(s).toEqual({
      total: 12,
      by_type: { search: 2, page_view: 10 },
      series: [
        { minute: '2025-03-01T00:00:00.000Z', events: 3, guests: null },
        { minute: '2025-03-01T00:01:00.000Z', events: 9, guests: 6 },
      ],
      active_guests: 7,
      min_group_size: 5,
      lag: { received: 130, median_seconds: 2, p95_seconds: 40, late_arrivals: 120 },
      window: { from: '2025-03-01T00:00:00Z', to: '2025-03-01T01:00:00Z', time_zone: 'Atlantic/Bermuda' },
      updated_at: '2025-03-01T01:00:00.000Z',
    });
    expect(activeGuestsText(s)).toBe('Guests active in the last 5 minutes: 7');
    expect(lagText(s)).toBe('Arrival lag: median 2.0 s, p95 40.0 s; 120 late arrivals not shown');
  });

  it('says a withheld guests-active figure in the dashboard\'s one wording', () => {
    const s = liveSnapshot(answer({ active_guests_5m: null, suppressed: 2 }));
    expect(s.active_guests).toBeNull();
    expect(activeGuestsText(s)).toBe('Guests active in the last 5 minutes: Withheld (fewer than 5 guests)');
  });

  it('reads an hour with nothing received, and one late arrival', () => {
    expect(lagText(liveSnapshot(answer({ arrival_lag: { received: 0, median_seconds: null, p95_seconds: null, late_arrivals: 0 } })))).toBe('Arrival lag: nothing received in the last hour');
    expect(lagText(liveSnapshot(answer({ arrival_lag: { received: 1, median_seconds: 10_800, p95_seconds: 10_800, late_arrivals: 1 } })))).toBe('Arrival lag: median 3.0 h, p95 3.0 h; 1 late arrival not shown');
    expect(lagText(liveSnapshot(answer({ arrival_lag: { received: 4, median_seconds: 90, p95_seconds: -0.5, late_arrivals: 0 } })))).toBe('Arrival lag: median 1.5 min, p95 -0.5 s; no late arrivals');
  });
});
