import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '@/lib/shape/csv';
import { listTable, trendTable } from '@/lib/shape/series';
import { pageViews } from '../fixtures/responses';

describe('CSV of a chart table', () => {
  it('has the API value names as header, raw values, and withheld cells empty and named', () => {
    const csv = toCsv(trendTable(pageViews(), [{ key: 'page_views', label: 'Page views', kind: 'count' }]));
    expect(csv.split('\r\n')).toEqual([
      'bucket,page_views,withheld',
      '2025-03-01T00:00:00.000Z,40,',
      '2025-03-02T00:00:00.000Z,0,',
      '2025-03-03T00:00:00.000Z,,page_views: fewer than 5 guests',
      '2025-03-04T00:00:00.000Z,12,',
      '',
    ]);
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas in text', () => {
    const t = listTable(
      [
        { path: '/dining, "terrace"', views: 20 },
        { path: '=HYPERLINK("http://evil")', views: 7 },
        { path: '-1+1', views: 3 },
      ],
      { key: 'path', label: 'Page' },
      [{ key: 'views', label: 'Views', kind: 'count' }],
      5,
    );
    const rows = parseCsv(toCsv(t));
    expect(rows[1]).toEqual(['/dining, "terrace"', '20', '']);
    expect(rows[2]![0]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[3]![0]).toBe(`'-1+1`);
  });

  it('keeps negative numbers as numbers and rates as fractions', () => {
    const t = listTable([{ faq: 'a', delta: -3, rate: 0.125 }], { key: 'faq', label: 'FAQ' }, [
      { key: 'delta', label: 'Δ', kind: 'count' },
      { key: 'rate', label: 'Rate', kind: 'rate' },
    ], 5);
    expect(parseCsv(toCsv(t))[1]).toEqual(['a', '-3', '0.125', '']);
  });

  it('round-trips through the parser', () => {
    const text = 'a,"b ""c""","d\r\ne"\r\n1,,3\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b "c"', 'd\r\ne'],
      ['1', '', '3'],
    ]);
  });
});
