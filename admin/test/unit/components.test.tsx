import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from '@/components/dashboard/data-table';
import { KpiCard, MetricKpis, StaleNotice } from '@/components/dashboard/kpi-card';
import { LivePanel } from '@/components/dashboard/live-panel';
import type { LiveSnapshot } from '@/lib/live';
import { trendTable } from '@/lib/shape/series';
import { pageViews } from '../fixtures/responses';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('KPI card', () => {
  it('shows the value and its change against the previous period', () => {
    const html = renderToStaticMarkup(<KpiCard spec={{ key: 'page_views', label: 'Page views', kind: 'count' }} value={1200} previous={1000} withheld={false} minGroupSize={5} />);
    expect(text(html)).toContain('Page views 1,200');
    expect(text(html)).toContain('+20.0% vs 1,000 in the previous period');
  });

  it('shows a withheld total as "fewer than N guests", never as 0', () => {
    const html = renderToStaticMarkup(<KpiCard spec={{ key: 'chats', label: 'Chats', kind: 'count' }} value={null} previous={4} withheld minGroupSize={5} />);
    expect(text(html)).toContain('fewer than 5 guests');
    expect(text(html)).not.toMatch(/Chats 0/);
    expect(text(html)).toContain('no comparison available');
  });

  it('colours a falling rate green when lower is better', () => {
    const html = renderToStaticMarkup(<KpiCard spec={{ key: 'handoff_rate', label: 'Handoff', kind: 'rate', lowerIsBetter: true }} value={0.1} previous={0.2} withheld={false} minGroupSize={5} />);
    expect(html).toContain('text-success');
    expect(text(html)).toContain('-10.0 pp');
  });

  it('builds a row of cards from totals and previous totals', () => {
    const html = renderToStaticMarkup(<MetricKpis response={pageViews()} specs={[{ key: 'page_views', label: 'Page views', kind: 'count' }, { key: 'guests', label: 'Guests', kind: 'count' }]} />);
    expect(text(html)).toContain('Page views 60');
    expect(text(html)).toContain('Guests 21');
    expect(text(html)).toContain('+100.0%');
  });
});

describe('stale data notice', () => {
  it('names the failed checks of the build behind the figures', () => {
    const html = renderToStaticMarkup(<MetricKpis response={{ ...pageViews(), stale: true, failed_checks: ['no_pii_in_marts', 'sla_durations_non_negative'] }} specs={[{ key: 'page_views', label: 'Page views', kind: 'count' }]} />);
    expect(html).toContain('data-stale="true"');
    expect(text(html)).toContain('checks failed (no_pii_in_marts, sla_durations_non_negative)');
  });

  it('says a build is running when it is stale without failed checks', () => {
    expect(text(renderToStaticMarkup(<StaleNotice response={{ ...pageViews(), stale: true, failed_checks: [] }} />))).toContain('a data build is running');
  });

  it('shows nothing for figures of a build that passed', () => {
    expect(renderToStaticMarkup(<MetricKpis response={pageViews()} specs={[{ key: 'page_views', label: 'Page views', kind: 'count' }]} />)).not.toContain('data-stale');
  });
});

describe('data table', () => {
  it('marks withheld cells and says why', () => {
    const html = renderToStaticMarkup(<DataTable table={trendTable(pageViews(), [{ key: 'page_views', label: 'Page views', kind: 'count' }])} caption="Page views" />);
    expect(html.match(/data-suppressed="true"/g)).toHaveLength(1);
    expect(text(html)).toContain('3 Mar fewer than 5 guests');
    expect(text(html)).toContain('2 Mar 0');
    expect(html).toMatch(/<th [^>]*scope="col"/);
  });
});

describe('LivePanel', () => {
  const snapshot: LiveSnapshot = {
    total: 12,
    by_type: { page_view: 12 },
    series: [
      { minute: '2026-07-01T14:00:00.000Z', events: 3, guests: null },
      { minute: '2026-07-01T14:01:00.000Z', events: 9, guests: 6 },
    ],
    active_guests: null,
    min_group_size: 5,
    lag: { received: 130, median_seconds: 2, p95_seconds: 40, late_arrivals: 120 },
    window: { from: '2026-07-01T14:00:00.000Z', to: '2026-07-01T15:00:00.000Z', time_zone: 'Atlantic/Bermuda' },
    updated_at: '2026-07-01T14:59:30.000Z',
  };

  it('says it counts by time of occurrence in the club\'s zone, guests active now, and the lag on its own line', () => {
    const html = text(renderToStaticMarkup(<LivePanel initial={snapshot} />));
    const lines = [
      'by time of occurrence',
      'Times in Atlantic/Bermuda (UTC−3)',
      'Guests active in the last 5 minutes: Withheld (fewer than 5 guests)',
      'Arrival lag: median 2.0 s, p95 40.0 s; 120 late arrivals not shown',
      // Minute labels and the update time on the club's clock, not UTC.
      '11:00',
      'updated 11:59',
    ];
    for (const line of lines) expect(html).toContain(line);
  });

  it('draws the guests of a minute inside its events, and nothing where they are withheld', () => {
    const html = renderToStaticMarkup(<LivePanel initial={snapshot} />);
    expect(html.match(/data-color="1"/g)).toHaveLength(1);
    expect(html).toContain('11:00: 3 events, guests withheld (fewer than 5 guests)');
    expect(html).toContain('11:01: 9 events, 6 guests');
  });
});
