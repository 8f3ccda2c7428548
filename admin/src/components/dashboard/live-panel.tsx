'use client';

import { useEffect, useState } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis } from 'recharts';
import { Activity } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { formatBucket, formatValue, humanize } from '@/lib/shape/format';
import type { LiveSnapshot } from '@/lib/live';
import { AXIS, seriesColor } from '@/components/charts/chart-theme';

const POLL_MS = 5_000;

type State = { status: 'loading' } | { status: 'ok'; data: LiveSnapshot } | { status: 'error'; message: string; data?: LiveSnapshot };

/**
 * Events of the last 60 minutes, refreshed every 5 s through /api/realtime (a route handler
 * that checks the session and calls the API with the server's key). Polling pauses while the
 * tab is hidden.
 */
export function LivePanel() {
  const [state, setState] = useState<State>({ status: 'loading' });

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
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
      ctrl?.abort();
    };
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
        <div className="h-36 min-w-0" role="img" aria-label="Events per minute over the last hour">
          {data && (
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data.series} margin={{ top: 4, right: 4, bottom: 0, left: 4 }}>
                <XAxis dataKey="minute" tickFormatter={(v: string) => formatBucket(v, 'minute')} minTickGap={40} {...AXIS} />
                <Tooltip
                  cursor={{ fill: 'var(--muted)' }}
                  content={({ active, payload }) =>
                    active && payload?.[0] ? (
                      <div className="rounded-md border bg-popover px-2 py-1 text-xs text-popover-foreground shadow-md">
                        {formatBucket(String(payload[0].payload.minute), 'minute')}: {formatValue(Number(payload[0].value), 'count')} events
                      </div>
                    ) : null
                  }
                />
                <Bar dataKey="events" fill={seriesColor(1)} radius={2} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </div>
      </CardContent>
    </Card>
  );
}
