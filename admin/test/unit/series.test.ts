import { describe, expect, it } from 'vitest';
import { bucketStarts } from '@/lib/shape/buckets';
import { crossTable, listTable, PREVIOUS, totalsTable, trendTable } from '@/lib/shape/series';
import { plottedPoints } from '@/lib/shape/table';
import type { MetricResponse } from '@cbc/contract';
import { K, pageViews, previousPageViews, segmented } from '../fixtures/responses';

describe('bucketStarts (like date_trunc in the window\'s time zone)', () => {
  it('covers every bucket that overlaps the window, the first one partial', () => {
    expect(bucketStarts('2025-03-01T10:17:00Z', '2025-03-04T10:17:00Z', 'day')).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-03-02T00:00:00.000Z',
      '2025-03-03T00:00:00.000Z',
      '2025-03-04T00:00:00.000Z',
    ]);
    expect(bucketStarts('2025-03-01T10:17:00Z', '2025-03-02T10:17:00Z', 'hour')).toHaveLength(25);
  });

  it('starts weeks on Monday and months on the first', () => {
    expect(bucketStarts('2025-03-05T12:00:00Z', '2025-03-20T00:00:00Z', 'week')[0]).toBe('2025-03-03T00:00:00.000Z');
    expect(bucketStarts('2024-03-10T00:00:00Z', '2025-03-10T00:00:00Z', 'month')).toHaveLength(13);
  });

  it('is empty for nonsense', () => {
    expect(bucketStarts('x', 'y', 'day')).toEqual([]);
  });

  it('cuts days at local midnights of the window\'s time zone, across a DST change', () => {
    // Bermuda: 2026-03-08 is a 23-hour day, 2026-11-01 a 25-hour one.
    expect(bucketStarts('2026-03-07T04:00:00Z', '2026-03-10T03:00:00Z', 'day', 'Atlantic/Bermuda')).toEqual([
      '2026-03-07T04:00:00.000Z',
      '2026-03-08T04:00:00.000Z',
      '2026-03-09T03:00:00.000Z',
    ]);
    expect(bucketStarts('2026-10-31T03:00:00Z', '2026-11-03T04:00:00Z', 'day', 'Atlantic/Bermuda')).toEqual([
      '2026-10-31T03:00:00.000Z',
      '2026-11-01T03:00:00.000Z',
      '2026-11-02T04:00:00.000Z',
    ]);
    expect(bucketStarts('2026-11-04T12:00:00Z', '2026-11-10T00:00:00Z', 'week', 'Atlantic/Bermuda')[0]).toBe('2026-11-02T04:00:00.000Z');
    expect(bucketStarts('2026-10-15T12:00:00Z', '2026-12-02T00:00:00Z', 'month', 'Atlantic/Bermuda')).toEqual([
      '2026-10-01T03:00:00.000Z',
      '2026-11-01T03:00:00.000Z',
      '2026-12-01T04:00:00.000Z',
    ]);
  });
});

describe('trendTable: series → chart rows', () => {
  it('one row per bucket; empty buckets are zero, withheld ones null and flagged', () => {
    const t = trendTable(pageViews(), [{ key: 'page_views', label: 'Page views', kind: 'count' }]);
    expect(t.columns.map((c) => c.key)).toEqual(['bucket', 'page_views']);
    expect(t.rows.map((r) => r.values.page_views)).toEqual([40, 0, null, 12]);
    expect(t.rows[2]!.suppressed).toEqual(['page_views']);
    expect(t.rows[1]!.suppressed).toEqual([]);
    expect(t.suppressedCells).toBe(1);
    expect(t.minGroupSize).toBe(K);
    expect(plottedPoints(t)).toBe(3);
  });

  it('leaves rates of empty buckets undefined (a gap), not zero', () => {
    const r = pageViews() as unknown as MetricResponse<'searches'>;
    const t = trendTable(r, [{ key: 'zero_result_rate', label: 'Rate', kind: 'rate' }]);
    expect(t.rows[1]!.values.zero_result_rate).toBeNull();
    expect(t.rows[1]!.suppressed).toEqual([]);
  });

  it('pivots a segmented series: one column per segment value, largest first', () => {
    const t = trendTable(segmented(), [{ key: 'page_views', label: 'Page views', kind: 'count' }]);
    expect(t.columns.map((c) => c.key)).toEqual(['bucket', 'web', 'whatsapp']);
    expect(t.columns[2]!.label).toBe('Whatsapp');
    expect(t.rows[0]!.values).toEqual({ bucket: '2025-03-01T00:00:00.000Z', web: 30, whatsapp: null });
    expect(t.rows[0]!.suppressed).toEqual(['whatsapp']);
    expect(t.rows[2]!.values).toMatchObject({ web: 0, whatsapp: 25 });
    expect(t.note).toBe('Page views by channel');
  });

  it('aligns the previous period bucket by bucket, with its own withheld cells', () => {
    const t = trendTable(pageViews(), [{ key: 'page_views', label: 'Page views', kind: 'count' }], previousPageViews());
    const prev = `${PREVIOUS}page_views`;
    expect(t.columns.map((c) => c.key)).toEqual(['bucket', 'page_views', prev]);
    expect(t.rows.map((r) => r.values[prev])).toEqual([7, null, 0, 9]);
    expect(t.rows[1]!.suppressed).toEqual([prev]);
    expect(t.suppressedCells).toBe(2);
    expect(t.note).toMatch(/previous period/);
  });
});

describe('other tables', () => {
  it('lists top entries as they come (they are k-safe already)', () => {
    const r = pageViews();
    const t = listTable(r.extras!.top_pages, { key: 'path', label: 'Page' }, [{ key: 'views', label: 'Views', kind: 'count' }], K);
    expect(t.rows.map((x) => x.values)).toEqual([
      { path: '/spa', views: 30 },
      { path: '/dining, "terrace"', views: 20 },
    ]);
    expect(listTable(undefined, { key: 'path', label: 'Page' }, [], K).rows).toEqual([]);
  });

  it('turns totals into funnel steps, withheld as a whole when the window is', () => {
    const steps = [
      { key: 'page_views', label: 'Views', kind: 'count' as const },
      { key: 'guests', label: 'Guests', kind: 'count' as const },
    ];
    expect(totalsTable(pageViews(), steps).rows.map((r) => r.values.value)).toEqual([60, 21]);
    const withheld = totalsTable(pageViews({ totals: { page_views: null, guests: null } }), steps);
    expect(withheld.rows.every((r) => r.values.value === null && r.suppressed.includes('value'))).toBe(true);
    expect(withheld.suppressedCells).toBe(2);
  });

  it('cross-tabulates type × status and leaves unknown combinations blank, not zero', () => {
    const t = crossTable(
      [
        { service_type: 'spa', status: 'completed', requests: 9, guests: 7 },
        { service_type: 'spa', status: 'cancelled', requests: 6, guests: 5 },
        { service_type: 'dining', status: 'completed', requests: 8, guests: 6 },
      ],
      'service_type',
      'status',
      'requests',
      'Service type',
      K,
    );
    expect(t.columns.map((c) => c.key)).toEqual(['service_type', 'completed', 'cancelled']);
    expect(t.rows[1]!.values).toEqual({ service_type: 'dining', completed: 8, cancelled: null });
  });
});
