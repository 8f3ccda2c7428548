import { describe, expect, it } from 'vitest';
import { realtimeSeries } from '../../src/analytics/service';

const now = Date.parse('2026-12-07T15:42:30Z');
const row = (minute: string, events: number, event_type = 'page_view') => ({ minute: new Date(minute).toISOString(), event_type, events });

describe('realtime series', () => {
  it('has one point per minute from 59 minutes before the current one to the current one', () => {
    const r = realtimeSeries([], now);
    expect(r.from).toBe('2026-12-07T14:43:00.000Z');
    expect(r.to).toBe('2026-12-07T15:43:00.000Z');
    expect(r.series).toHaveLength(60);
    expect(r.series[0]!.bucket).toBe(r.from);
    expect(r.series.at(-1)!.bucket).toBe('2026-12-07T15:42:00.000Z');
  });

  it('counts in the totals only the minutes the series shows (the database may return one more at each end)', () => {
    const r = realtimeSeries([
      row('2026-12-07T14:42:00Z', 7), // the database's "last 60 minutes" began mid-minute here
      row('2026-12-07T14:43:00Z', 2),
      row('2026-12-07T15:42:00Z', 3, 'search'),
      row('2026-12-07T15:43:00Z', 5), // a database clock ahead of the API's
    ], now);
    expect(r.totals).toEqual({ events: 5, page_view: 2, search: 3 });
    expect(r.series.reduce((n, p) => n + Number(p.events), 0)).toBe(r.totals.events);
  });
});
