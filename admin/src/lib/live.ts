import type { MetricResponse } from '@cbc/contract';

/** What /api/realtime sends the live panel: counts only, nothing about any guest. */
export interface LiveSnapshot {
  total: number;
  by_type: Record<string, number>;
  series: { minute: string; events: number }[];
  updated_at: string;
}

export function liveSnapshot(r: MetricResponse<'realtime'>, now = new Date()): LiveSnapshot {
  const { events, ...byType } = r.totals as Record<string, number>;
  return {
    total: events ?? 0,
    by_type: Object.fromEntries(Object.entries(byType).filter(([, v]) => typeof v === 'number' && v > 0)) as Record<string, number>,
    series: r.series.map((p) => ({ minute: p.bucket, events: Number((p as Record<string, unknown>).events ?? 0) })),
    updated_at: now.toISOString(),
  };
}
