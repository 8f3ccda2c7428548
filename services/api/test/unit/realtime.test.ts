import { describe, expect, it } from 'vitest';
import type { RealtimeRow } from '../../src/analytics/queries';
import { realtimeSeries } from '../../src/analytics/service';

const now = Date.parse('2026-12-07T15:42:30Z');
const base = { guests: null, late_arrivals: null, lag_median_seconds: null, lag_p95_seconds: null };
const row = (minute: string, events: number, event_type = 'page_view'): RealtimeRow => ({ ...base, minute: new Date(minute).toISOString(), event_type, events });
const minute = (at: string, events: number, guests: number): RealtimeRow => ({ ...base, minute: new Date(at).toISOString(), event_type: null, events, guests });
const summary = (s: Partial<RealtimeRow>): RealtimeRow => ({ ...base, minute: null, event_type: null, events: 0, ...s });

describe('realtime series', () => {
  it('has one point per minute from 59 minutes before the current one to the current one', () => {
    const r = realtimeSeries([], now, 5);
    expect(r.from).toBe('2026-12-07T14:43:00.000Z');
    expect(r.to).toBe('2026-12-07T15:43:00.000Z');
    expect(r.series).toHaveLength(60);
    expect(r.series[0]!.bucket).toBe(r.from);
    expect(r.series.at(-1)!.bucket).toBe('2026-12-07T15:42:00.000Z');
    expect(r.series.every((p) => p.events === 0 && p.guests === 0)).toBe(true);
    expect(r).toMatchObject({ active_guests_5m: 0, arrival_lag: { received: 0, median_seconds: null, p95_seconds: null, late_arrivals: 0 }, suppressed: 0 });
  });

  it('counts in the totals only the minutes the series shows (the database may return one more at each end)', () => {
    const r = realtimeSeries([
      row('2026-12-07T14:42:00Z', 7), // the database's "last 60 minutes" began mid-minute here
      row('2026-12-07T14:43:00Z', 2),
      row('2026-12-07T15:42:00Z', 3, 'search'),
      row('2026-12-07T15:43:00Z', 5), // a database clock ahead of the API's
    ], now, 5);
    expect(r.totals).toEqual({ events: 5, page_view: 2, search: 3 });
    expect(r.series.reduce((n, p) => n + Number(p.events), 0)).toBe(r.totals.events);
  });

  it('withholds guest figures of 1 to k − 1 and counts them; events stay visible', () => {
    const r = realtimeSeries([
      row('2026-12-07T15:40:00Z', 9),
      minute('2026-12-07T15:40:00Z', 9, 4),
      row('2026-12-07T15:41:00Z', 6),
      minute('2026-12-07T15:41:00Z', 6, 5),
      row('2026-12-07T15:42:00Z', 2, 'consent_updated'),
      minute('2026-12-07T15:42:00Z', 2, 0), // consent changes and minimized events: events, no guests
      summary({ events: 30, guests: 4, late_arrivals: 12, lag_median_seconds: 2.5, lag_p95_seconds: 40 }),
    ], now, 5);
    const at = (m: string) => r.series.find((p) => p.bucket === new Date(m).toISOString())!;
    expect(at('2026-12-07T15:40:00Z')).toMatchObject({ events: 9, page_view: 9, guests: null });
    expect(at('2026-12-07T15:41:00Z')).toMatchObject({ events: 6, guests: 5 });
    expect(at('2026-12-07T15:42:00Z')).toMatchObject({ events: 2, consent_updated: 2, guests: 0 });
    expect(r.active_guests_5m).toBeNull();
    expect(r.suppressed).toBe(2);
    expect(r.arrival_lag).toEqual({ received: 30, median_seconds: 2.5, p95_seconds: 40, late_arrivals: 12 });
    expect(realtimeSeries([summary({ guests: 5 })], now, 5)).toMatchObject({ active_guests_5m: 5, suppressed: 0 });
  });
});
