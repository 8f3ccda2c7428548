import type { MetricResponse } from '@cbc/contract';
import { formatDuration, formatValue, withheldText } from '@/lib/shape/format';

/**
 * What /api/realtime sends the live panel: counts only, nothing about any guest. By time of
 * occurrence; a guest figure is null where the API withheld it (fewer than `min_group_size`).
 */
export interface LiveSnapshot {
  total: number;
  by_type: Record<string, number>;
  series: { minute: string; events: number; guests: number | null }[];
  /** Distinct guests with an event in the last 5 minutes; null: withheld. */
  active_guests: number | null;
  min_group_size: number;
  /** How late events arrive, apart from the series: over what was received in the hour. */
  lag: { received: number; median_seconds: number | null; p95_seconds: number | null; late_arrivals: number };
  window: { from: string; to: string; time_zone: string };
  updated_at: string;
}

export function liveSnapshot(r: MetricResponse<'realtime'>, now = new Date()): LiveSnapshot {
  const { events, ...byType } = r.totals as Record<string, number>;
  return {
    total: events ?? 0,
    by_type: Object.fromEntries(Object.entries(byType).filter(([, v]) => typeof v === 'number' && v > 0)) as Record<string, number>,
    series: r.series.map((p) => ({ minute: p.bucket, events: p.events, guests: p.guests })),
    active_guests: r.active_guests_5m,
    min_group_size: r.min_group_size,
    lag: r.arrival_lag,
    window: { from: r.window.from, to: r.window.to, time_zone: r.window.time_zone },
    updated_at: now.toISOString(),
  };
}

/** "Guests active in the last 5 minutes: 12", or the dashboard's wording for a withheld figure. */
export function activeGuestsText(s: LiveSnapshot): string {
  return `Guests active in the last 5 minutes: ${s.active_guests === null ? withheldText(s.min_group_size) : formatValue(s.active_guests, 'count')}`;
}

/** "Arrival lag: median 2.0 s, p95 40.0 s; 120 late arrivals not shown" (the series counts by occurrence). */
export function lagText({ lag }: LiveSnapshot): string {
  if (lag.received === 0) return 'Arrival lag: nothing received in the last hour';
  const late = lag.late_arrivals === 0 ? 'no late arrivals' : `${formatValue(lag.late_arrivals, 'count')} late ${lag.late_arrivals === 1 ? 'arrival' : 'arrivals'} not shown`;
  return `Arrival lag: median ${formatDuration(lag.median_seconds)}, p95 ${formatDuration(lag.p95_seconds)}; ${late}`;
}
