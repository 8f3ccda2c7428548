import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Chart } from '@/components/charts/chart';
import { ChartCard } from '@/components/dashboard/chart-card';
import { KpiCard, MetricKpis, basedOn, countOf } from '@/components/dashboard/kpi-card';
import { CHARTS } from '@/lib/charts/definitions';
import { trendTable } from '@/lib/shape/series';
import type { MetricResponse } from '@cbc/contract';
import { K, pageViews, previousPageViews } from '../fixtures/responses';

// The charts as the server sends them: the first response must already hold a finished
// drawing with data, or a sentence saying why there is none.
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

function services(over: Partial<MetricResponse<'service_requests'>> = {}): MetricResponse<'service_requests'> {
  const none = { requests: null, completed: null, cancelled: null, ack_breached: null, complete_breached: null, breached: null, ack_p50_minutes: null, ack_p90_minutes: null, complete_p50_minutes: null, complete_p90_minutes: null, sla_breach_rate: null };
  return {
    metric: 'service_requests',
    window: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-04T00:00:00.000Z', bucket: 'day', time_zone: 'UTC' },
    segment: 'none',
    min_group_size: K,
    // Every day below k: each bucket withheld, while the whole window (the cards) is not.
    series: ['01', '02', '03'].map((d) => ({ bucket: `2025-03-${d}T00:00:00.000Z`, suppressed: true as const, ...none })),
    totals: { requests: 64, completed: 50, cancelled: 2, ack_breached: 5, complete_breached: 4, breached: 8, ack_p50_minutes: 12, ack_p90_minutes: 48, complete_p50_minutes: 95, complete_p90_minutes: 204, sla_breach_rate: 0.125, guests: 22 },
    previous_totals: { ...none, guests: null },
    suppressed: 3,
    extras: { by_type_status: [] },
    data_version: 'v',
    ...over,
  };
}

describe('server-rendered charts', () => {
  it('a trend arrives as finished SVG with a line per measure', () => {
    const html = renderToStaticMarkup(<Chart table={trendTable(pageViews(), [{ key: 'page_views', label: 'Page views', kind: 'count' }], previousPageViews())} kind="line" label="Page views chart" />);
    expect(html).toContain('data-drawn="true"');
    expect(html.match(/<path d="M[^"]+"[^>]*data-line/g)).toHaveLength(2);
    expect(html).toMatch(/stroke-dasharray="5 4"/); // the previous period
    expect(html).toContain('data-withheld-marker'); // 3 Mar is withheld
    expect(text(html)).toMatch(/Page views \(previous period\)/); // legend
  });

  it('says "withheld (fewer than k guests)" when every bucket is withheld, never an empty frame', () => {
    for (const id of ['services-times', 'services-sla'] as const) {
      const html = renderToStaticMarkup(<Chart table={CHARTS[id].build({ current: services() })} kind="line" label={id} />);
      expect(html, id).toContain('data-empty="withheld"');
      expect(text(html), id).toContain('Withheld (fewer than 5 guests)');
      expect(html, id).not.toContain('<svg');
    }
  });

  it('an empty type × status list is withheld when the window had requests, "no data" when it had none', () => {
    const def = CHARTS['services-by-type-status'];
    expect(text(renderToStaticMarkup(<Chart table={def.build({ current: services() })} kind="stacked" label="x" />))).toContain('Withheld (fewer than 5 guests)');
    const none = services({ totals: { ...services().totals, requests: 0 } });
    expect(text(renderToStaticMarkup(<Chart table={def.build({ current: none })} kind="stacked" label="x" />))).toContain('No data in this window.');
  });

  it('draws each status of a service type in its own colour, with a legend, in lifecycle order', () => {
    const r = services({
      extras: {
        by_type_status: [
          { service_type: 'spa', status: 'completed', requests: 9, guests: 6 },
          { service_type: 'spa', status: 'created', requests: 5, guests: 5 },
          { service_type: 'dining', status: 'cancelled', requests: 6, guests: 5 },
        ],
      },
    });
    const html = renderToStaticMarkup(<Chart table={CHARTS['services-by-type-status'].build({ current: r })} kind="stacked" label="x" />);
    expect([...html.matchAll(/data-legend-item="true" data-color="(\d+)"/g)].map((m) => m[1])).toEqual(['0', '1', '2']);
    expect(text(html)).toMatch(/Created.*Completed.*Cancelled/);
    expect(new Set([...html.matchAll(/data-bar="true" data-color="(\d+)"/g)].map((m) => m[1]))).toEqual(new Set(['0', '1', '2']));
  });

  it('long and invisible-character labels are truncated with the whole text as a tooltip, escaped', () => {
    const long = `/spa/${'treatments/'.repeat(12)}`;
    const r = pageViews({ extras: { top_pages: [{ path: long, views: 30, guests: 9 }, { path: '/bell\u0007/\u202Eevil', views: 20, guests: 6 }] } });
    const html = renderToStaticMarkup(<Chart table={CHARTS['engagement-top-pages'].build({ current: r })} kind="hbar" label="x" />);
    expect(html).toContain(`title="${long}"`);
    expect(html).toMatch(/class="truncate[^"]*" title/);
    expect(html).toContain('/bell\\u0007/\\u202Eevil');
    expect(html).not.toContain('\u0007');
  });

  it('ranks FAQs worst deflection first, by catalogue title (else the id), with their views', () => {
    const r = {
      ...services(),
      metric: 'faq',
      totals: { faq_views: 40, guests: 20 },
      extras: {
        top_faqs: [
          { faq_id: 'faq-pool-hours', title: 'When is the pool open?', views: 20, deflected: 18, deflection_rate: 0.9, guests: 9 },
          { faq_id: 'faq-late-checkout', title: 'Can I check out late?', views: 12, deflected: 3, deflection_rate: 0.25, guests: 6 },
          { faq_id: 'faq-parking', title: null, views: 8, deflected: 2, deflection_rate: 0.25, guests: 5 },
        ],
      },
    } as unknown as MetricResponse<'faq'>;
    const html = renderToStaticMarkup(<Chart table={CHARTS['faq-deflection-by-faq'].build({ current: r })} kind="hbar" label="x" />);
    // Catalogue titles where the API has one; faq-parking is not catalogued and reads by its id.
    expect(text(html)).toMatch(/Can I check out late\? 25\.0% · 12 views.*Parking 25\.0% · 8 views.*When is the pool open\? 90\.0% · 20 views/);
    expect(html).toContain('title="Can I check out late? (faq-late-checkout)"');
  });

  it('puts a chart card’s drawing in the card itself (no client-only placeholder)', () => {
    const html = renderToStaticMarkup(<ChartCard def={CHARTS['engagement-page-views']} table={CHARTS['engagement-page-views'].build({ current: pageViews() })} />);
    expect(html).toMatch(/data-testid="chart-engagement-page-views"[\s\S]*data-drawn="true"[\s\S]*<svg/);
  });
});

describe('numbers to act on', () => {
  it('shows the previous period’s value beside the change', () => {
    const html = renderToStaticMarkup(<KpiCard spec={{ key: 'requests', label: 'Requests', kind: 'count' }} value={4} previous={3} withheld={false} minGroupSize={5} />);
    expect(text(html)).toContain('+33.3% vs 3 in the previous period');
  });

  it('"new" is neutral, never painted as good or bad', () => {
    for (const lowerIsBetter of [false, true]) {
      const html = renderToStaticMarkup(<KpiCard spec={{ key: 'x', label: 'X', kind: 'count', lowerIsBetter }} value={4} previous={0} withheld={false} minGroupSize={5} />);
      expect(text(html)).toContain('new (none in the previous period)');
      expect(html).not.toMatch(/text-destructive|text-success/);
    }
  });

  it('SLA breaches with their count, CSAT with its scale and number of ratings', () => {
    const sla = renderToStaticMarkup(<MetricKpis response={services()} specs={[{ key: 'sla_breach_rate', label: 'SLA breach rate', kind: 'rate', detail: countOf('breached', 'requests', 'requests breached') }]} />);
    expect(text(sla)).toContain('SLA breach rate 12.5% 8 of 64 requests breached');
    const chat = { ...services(), metric: 'chat', totals: { avg_csat: 4.28, csat_responses: 37, guests: 30 }, previous_totals: { avg_csat: null, guests: null } } as unknown as MetricResponse<'chat'>;
    const csat = renderToStaticMarkup(<MetricKpis response={chat} specs={[{ key: 'avg_csat', label: 'Average CSAT', kind: 'score', detail: basedOn('csat_responses', 'ratings') }]} />);
    expect(text(csat)).toContain('Average CSAT 4.28 / 5 from 37 ratings');
  });
});
