'use client';

import { useEffect, useState } from 'react';
import { Activity } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { formatBucket, formatValue, humanize } from '@/lib/shape/format';
import type { LiveSnapshot } from '@/lib/live';
import { seriesColor } from '@/components/charts/chart-theme';
import { labelIndices } from '@/lib/charts/scale';

const POLL_MS = 5_000;

type State = { status: 'loading' } | { status: 'ok'; data: LiveSnapshot } | { status: 'error'; message: string; data?: LiveSnapshot };

/**
 * Events of the last 60 minutes, drawn from the page's snapshot and refreshed every 5 s through /api/realtime (a route handler
 * that checks the session and calls the API with the server's key). Polling pauses while the
 * tab is hidden.
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
          <CardDescription>Events received per minute, refreshed every 5 seconds.</CardDescription>
        </div>
        {state.status === 'error' ? (
          <Badge variant="warning">{state.message}</Badge>
        ) : (
          <Badge variant="success">{state.status === 'loading' ? 'connecting…' : `updated ${formatBucket(data!.updated_at, 'minute')} UTC`}</Badge>
        )}
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-[minmax(0,22rem)_1fr]">
        <div className="space-y-3">
          <p>
            <span className="block text-3xl font-semibold tabular-nums" aria-live="polite" data-testid="live-total" data-value={data?.total ?? ''}>
              {data ? formatValue(data.total, 'count') : '…'}
            </span>
            <span className="text-xs text-muted-foreground">events in the last hour</span>
          </p>
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
        <div className="relative h-36 min-w-0" role="img" aria-label="Events per minute over the last hour">
          {data && <Minutes series={data.series} />}
        </div>
      </CardContent>
    </Card>
  );
}

/** Columns per minute: SVG stretched over the box (no measuring), minute labels in HTML. */
function Minutes({ series }: { series: LiveSnapshot['series'] }) {
  const max = Math.max(1, ...series.map((p) => p.events));
  const n = Math.max(1, series.length);
  const w = 1000 / n;
  return (
    <div className="absolute inset-x-0 top-1 bottom-6" data-chart="live" data-events={series.reduce((a, p) => a + p.events, 0)}>
      <svg viewBox="0 0 1000 1000" preserveAspectRatio="none" className="absolute inset-0 size-full" aria-hidden>
        {series.map((p, i) => (
          <rect key={p.minute} x={i * w + w * 0.1} width={w * 0.8} y={1000 - (p.events / max) * 1000} height={(p.events / max) * 1000} fill={seriesColor(0)} data-bar data-color={0}>
            <title>{`${formatBucket(p.minute, 'minute')}: ${formatValue(p.events, 'count')} events`}</title>
          </rect>
        ))}
      </svg>
      {labelIndices(series.length, 5).map((i) => {
        const left = ((i + 0.5) / n) * 100;
        return (
          <span key={i} className={`absolute top-full mt-1 text-xs whitespace-nowrap text-muted-foreground ${left < 10 ? 'translate-x-0' : left > 90 ? '-translate-x-full' : '-translate-x-1/2'}`} style={{ left: `${left}%` }} data-axis="x">
            {formatBucket(series[i]!.minute, 'minute')}
          </span>
        );
      })}
    </div>
  );
}
