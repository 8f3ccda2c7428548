'use client';

import { useEffect, useState } from 'react';
import { Activity } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { formatBucket, formatValue, humanize, suppressedText, zoneLabel } from '@/lib/shape/format';
import { activeGuestsText, lagText, type LiveSnapshot } from '@/lib/live';
import { seriesColor } from '@/components/charts/chart-theme';
import { labelIndices } from '@/lib/charts/scale';

const POLL_MS = 5_000;

type State = { status: 'loading' } | { status: 'ok'; data: LiveSnapshot } | { status: 'error'; message: string; data?: LiveSnapshot };

/**
 * Events and guests of the last 60 minutes by the minute they occurred in, guests active now and
 * the arrival lag apart, drawn from the page's snapshot and refreshed every 5 s through
 * /api/realtime (a route handler that checks the session and calls the API with the server's
 * key). Polling pauses while the tab is hidden.
 */
export function LivePanel({ initial }: { initial?: LiveSnapshot }) {
  // The page's own first response carries a snapshot, so the panel paints with data at once.
  const [state, setState] = useState<State>(initial ? { status: 'ok', data: initial } : { status: 'loading' });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ctrl: AbortController | undefined;
    const tick = async () => {
      if (document.visibilityState === 'visible') {
        ctrl = new AbortController();
        try {
          const res = await fetch('/api/realtime', { cache: 'no-store', signal: ctrl.signal });
          if (res.status === 401) throw new Error('Your session has ended: reload to sign in again.');
          if (!res.ok) throw new Error('The live view is unavailable right now.');
          const data = (await res.json()) as LiveSnapshot;
          if (!stopped) setState({ status: 'ok', data });
        } catch (err) {
          if (stopped || (err as Error).name === 'AbortError') return;
          setState((s) => ({ status: 'error', message: (err as Error).message, ...(s.status === 'ok' ? { data: s.data } : {}) }));
        }
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    if (initial) timer = setTimeout(tick, POLL_MS);
    else void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ctrl?.abort();
    };
    // The snapshot only seeds the first paint (mount only): polling owns the state from then on.
  }, []);

  const data = state.status === 'ok' ? state.data : state.status === 'error' ? state.data : undefined;
  const types = data ? Object.entries(data.by_type).sort((a, b) => b[1] - a[1]) : [];

  return (
    <Card aria-labelledby="live-title" data-testid="live-panel">
      <CardHeader>
        <div className="space-y-1">
          <CardTitle id="live-title" className="flex items-center gap-2">
            <Activity className="size-4 text-success" aria-hidden /> Live: last 60 minutes
          </CardTitle>
          <CardDescription>
            Events and guests per minute, by time of occurrence, refreshed every 5 seconds.
            {data && <span data-testid="live-zone"> {zoneLabel(data.window.time_zone, data.window.from, data.window.to)}.</span>}
          </CardDescription>
        </div>
        {state.status === 'error' ? (
          <Badge variant="warning">{state.message}</Badge>
        ) : (
          <Badge variant="success">{state.status === 'loading' ? 'connecting…' : `updated ${formatBucket(data!.updated_at, 'minute', data!.window.time_zone)}`}</Badge>
        )}
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-[minmax(0,22rem)_1fr]">
        <div className="space-y-3">
          <p>
            <span className="block text-3xl font-semibold tabular-nums" aria-live="polite" data-testid="live-total" data-value={data?.total ?? ''}>
              {data ? formatValue(data.total, 'count') : '…'}
            </span>
            <span className="text-xs text-muted-foreground">events that occurred in the last hour</span>
          </p>
          {data && (
            <p className="text-sm" aria-live="polite" data-testid="live-active" data-value={data.active_guests ?? 'withheld'}>
              {activeGuestsText(data)}
            </p>
          )}
          <ul className="flex flex-wrap gap-1.5" aria-label="Events by type">
            {types.map(([t, n]) => (
              <li key={t}>
                <Badge variant="secondary">
                  {humanize(t)} <span className="tabular-nums">{formatValue(n, 'count')}</span>
                </Badge>
              </li>
            ))}
          </ul>
        </div>
        <div className="min-w-0 space-y-2">
          <div className="relative h-36 min-w-0" role="img" aria-label="Events and guests per minute over the last hour, by time of occurrence">
            {data && <Minutes data={data} />}
          </div>
          {data && (
            <div className="space-y-1 pt-5 text-xs text-muted-foreground">
              <p className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="live-legend">
                <span className="inline-flex items-center gap-1"><span className="size-2.5 rounded-sm" style={{ background: seriesColor(0) }} aria-hidden /> Events</span>
                <span className="inline-flex items-center gap-1"><span className="size-2.5 rounded-sm" style={{ background: seriesColor(1) }} aria-hidden /> Distinct guests (left out where withheld: {suppressedText(data.min_group_size)})</span>
              </p>
              <p data-testid="live-lag" data-late={data.lag.late_arrivals}>{lagText(data)}</p>
            </div>
          )}
        </div>
      </CardContent>
    </Card>
  );
}

/**
 * Columns per minute: events, and inside them the minute's distinct guests (never more than its
 * events); a withheld guest figure draws nothing and says so in its tooltip. SVG stretched over
 * the box (no measuring), minute labels in HTML, in the answer's time zone.
 */
function Minutes({ data }: { data: LiveSnapshot }) {
  const { series } = data;
  const tz = data.window.time_zone;
  const max = Math.max(1, ...series.map((p) => p.events));
  const n = Math.max(1, series.length);
  const w = 1000 / n;
  const h = (v: number) => (v / max) * 1000;
  return (
    <div className="absolute inset-x-0 top-1 bottom-6" data-chart="live" data-events={series.reduce((a, p) => a + p.events, 0)}>
      <svg viewBox="0 0 1000 1000" preserveAspectRatio="none" className="absolute inset-0 size-full" aria-hidden>
        {series.map((p, i) => (
          <g key={p.minute} data-minute={p.minute} data-events={p.events} data-guests={p.guests ?? 'withheld'}>
            <title>{`${formatBucket(p.minute, 'minute', tz)}: ${formatValue(p.events, 'count')} events, ${p.guests === null ? `guests withheld (${suppressedText(data.min_group_size)})` : `${formatValue(p.guests, 'count')} guests`}`}</title>
            <rect x={i * w + w * 0.1} width={w * 0.8} y={1000 - h(p.events)} height={h(p.events)} fill={seriesColor(0)} data-bar data-color={0} />
            {p.guests !== null && p.guests > 0 && <rect x={i * w + w * 0.3} width={w * 0.4} y={1000 - h(p.guests)} height={h(p.guests)} fill={seriesColor(1)} data-bar data-color={1} />}
          </g>
        ))}
      </svg>
      {labelIndices(series.length, 5).map((i) => {
        const left = ((i + 0.5) / n) * 100;
        return (
          <span key={i} className={`absolute top-full mt-1 text-xs whitespace-nowrap text-muted-foreground ${left < 10 ? 'translate-x-0' : left > 90 ? '-translate-x-full' : '-translate-x-1/2'}`} style={{ left: `${left}%` }} data-axis="x">
            {formatBucket(series[i]!.minute, 'minute', tz)}
          </span>
        );
      })}
    </div>
  );
}
