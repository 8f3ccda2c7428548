'use client';

import { useState } from 'react';
import { usePathname } from 'next/navigation';
import { Loader2 } from 'lucide-react';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import type { Segment } from '@cbc/contract/metric-vocabulary';
import { SEGMENT_LABELS, viewQuery, type ViewParams } from '@/lib/view-query';
import { PeriodPicker } from './period-picker';

interface Props {
  view: ViewParams;
  segments: readonly Segment[];
  /** Pages without time series (none yet) could hide the comparison. */
  comparable?: boolean;
}

/**
 * Period, segment and comparison (the filters are chips under the header). The URL is the state: changing a control loads the page for
 * the new URL, whose server components fetch the new data, and the address can be shared as
 * it is. A document navigation, not router.push: in Next 15.5 a client navigation that changes
 * only the search params of the current page intermittently never commits (the RSC response
 * arrives, the transition stays pending; ~1 in 5 in the browser tests, with either prefetch
 * cache). These pages are server-rendered anyway, so a full load costs little.
 */
export function ViewControls({ view, segments, comparable = true }: Props) {
  const pathname = usePathname();
  const [pending, setPending] = useState(false);
  const go = (next: Partial<ViewParams>) => {
    setPending(true);
    window.location.assign(`${pathname}?${viewQuery({ ...view, ...next })}`);
  };

  return (
    <div className="relative flex flex-wrap items-end gap-3" aria-busy={pending} data-testid="view-controls">
      <PeriodPicker view={view} onChange={(period) => go({ window: period.window, range: period.range })} />
      <div className="grid gap-1.5">
        <Label htmlFor="view-segment" className="text-xs text-muted-foreground">
          Segment
        </Label>
        <Select value={view.segment} onValueChange={(v) => go({ segment: v as Segment })}>
          <SelectTrigger id="view-segment" className="w-40" data-testid="segment-select">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {segments.map((s) => (
              <SelectItem key={s} value={s}>
                {SEGMENT_LABELS[s]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {comparable && (
        <div className="flex h-9 shrink-0 items-center gap-2">
          <Switch id="view-compare" checked={view.compare} onCheckedChange={(on) => go({ compare: on })} data-testid="compare-toggle" />
          <Label htmlFor="view-compare" className="whitespace-nowrap">
            Compare to previous period
          </Label>
        </div>
      )}
      {pending && (
        <span className="flex h-9 items-center gap-1.5 text-xs text-muted-foreground" role="status">
          <Loader2 className="size-3.5 animate-spin" aria-hidden /> Updating…
        </span>
      )}
    </div>
  );
}
