import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ChartCard } from '@/components/dashboard/chart-card';
import { CHARTS } from '@/lib/charts/definitions';
import { formatBucket, zoneLabel } from '@/lib/shape/format';
import { trendTable } from '@/lib/shape/series';
import { parseView } from '@/lib/view';
import { pageViews } from '../fixtures/responses';

// How a chart says where its periods are cut: the zone, partial first/last periods, the width.
describe('time zone, partial periods and drill-down marks', () => {
  it('names the zone with every offset the window spans', () => {
    expect(zoneLabel('Atlantic/Bermuda', '2026-01-05T04:00:00Z', '2026-01-12T04:00:00Z')).toBe('Times in Atlantic/Bermuda (UTC−4)');
    expect(zoneLabel('Atlantic/Bermuda', '2026-03-07T04:00:00Z', '2026-03-10T03:00:00Z')).toBe('Times in Atlantic/Bermuda (UTC−4 and UTC−3)');
    expect(zoneLabel('Atlantic/Bermuda', '2026-10-31T03:00:00Z', '2026-11-03T04:00:00Z')).toBe('Times in Atlantic/Bermuda (UTC−3 and UTC−4)');
    expect(zoneLabel('UTC', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toBe('Times in UTC (UTC)');
  });

  it('reads buckets on the club’s clock: a local midnight is that day, an hour is local', () => {
    expect(formatBucket('2026-03-09T03:00:00.000Z', 'day', 'Atlantic/Bermuda')).toBe('9 Mar');
    expect(formatBucket('2026-03-09T03:00:00.000Z', 'hour', 'Atlantic/Bermuda')).toBe('9 Mar, 00:00');
    expect(formatBucket('2026-03-09T03:00:00.000Z', 'hour')).toBe('9 Mar, 03:00');
  });

  it('marks the first and last periods the window cuts, empty ones included', () => {
    // 10:17 on the 1st to 10:17 on the 4th: both end days are cut; the 4th has a point, the
    // API's own mark; the 1st is marked from the window even without one.
    const r = pageViews({ series: [{ bucket: '2025-03-01T00:00:00.000Z', page_views: 40 }, { bucket: '2025-03-04T00:00:00.000Z', page_views: 12, partial: true }] });
    const t = trendTable(r, [{ key: 'page_views', label: 'Page views', kind: 'count' }]);
    expect(t.rows.map((row) => [row.values.bucket, row.partial ?? false])).toEqual([
      ['2025-03-01T00:00:00.000Z', true],
      ['2025-03-02T00:00:00.000Z', false],
      ['2025-03-03T00:00:00.000Z', false],
      ['2025-03-04T00:00:00.000Z', true],
    ]);
    const whole = pageViews({ window: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-05T00:00:00.000Z', bucket: 'day', time_zone: 'UTC' } });
    expect(trendTable(whole, [{ key: 'page_views', label: 'Page views', kind: 'count' }]).rows.some((row) => row.partial)).toBe(false);
  });

  it('a card names the zone, the width and why, the partial periods, and links rows to their filter', () => {
    const view = parseView({ window: '7d', channel: 'web' });
    const r = pageViews({ window: { from: '2025-03-01T10:00:00.000Z', to: '2025-03-04T11:00:00.000Z', bucket: 'day', time_zone: 'Atlantic/Bermuda', bucket_requested: 'auto', bucket_reason: 'hour: 0 of 3 cells reach 5 guests; day: 2 of 3 cells reach 5 guests' } });
    const trend = renderToStaticMarkup(ChartCard({ def: CHARTS['engagement-page-views'], table: CHARTS['engagement-page-views'].build({ current: r }), view }));
    expect(trend).toContain('Times in Atlantic/Bermuda (UTC−4)');
    expect(trend).toContain('Daily values (chosen automatically: hour: 0 of 3 cells reach 5 guests; day: 2 of 3 cells reach 5 guests)');
    expect(trend).toMatch(/Partial periods: .* and .* — cut by the window/);
    expect(trend).toContain('(partial)');
    expect(trend).toContain('href="/api/csv/engagement-page-views?window=7d&amp;segment=none&amp;channel=web"');

    const top = renderToStaticMarkup(ChartCard({ def: CHARTS['engagement-top-pages'], table: CHARTS['engagement-top-pages'].build({ current: r }), view }));
    expect(top).toContain('href="?window=7d&amp;segment=none&amp;channel=web&amp;page=%2Fspa"');
    // A path the filter cannot take (a comma, a quote, a space) gets no link rather than a broken one.
    expect(top.match(/data-testid="drill-link"/g)).toHaveLength(1);
  });

  it('a card whose metric cannot take a filter says so', () => {
    const view = parseView({ window: '7d', query: 'spa hours' });
    const html = renderToStaticMarkup(ChartCard({ def: CHARTS['engagement-page-views'], table: CHARTS['engagement-page-views'].build({ current: pageViews() }), view }));
    expect(html).toContain('Not filtered by search query');
  });
});
