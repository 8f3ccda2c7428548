'use client';

import { useId, useState } from 'react';
import { CalendarDays } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from '@/components/ui/select';
import { PERIOD_CHOICES, WINDOW_LABELS, formatDay, periodLabel, type DayRange, type ViewParams } from '@/lib/view-query';
import type { WindowName } from '@cbc/contract/metric-vocabulary';
import { RangeCalendar } from './range-calendar';

const CUSTOM = 'custom';

interface Props {
  view: ViewParams;
  /** Loads the view with this period (a preset, or a custom range of days, both included). */
  onChange: (period: { window: WindowName; range?: DayRange }) => void;
}

/** Today in the browser, as YYYY-MM-DD: only where the calendar opens, never while rendering on the server. */
function today(): string {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())).toISOString().slice(0, 10);
}

/**
 * The period: a preset (today … last 12 months, the API's windows) or a custom range picked on a
 * calendar of the club's days. The range is applied only when both ends are chosen; a second
 * click before the first swaps them, so the order of clicks does not matter.
 */
export function PeriodPicker({ view, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Partial<DayRange>>(view.range ?? {});
  const panelId = useId();

  const pick = (day: string) => {
    setDraft((d) => {
      if (d.from === undefined || d.to !== undefined) return { from: day };
      return day < d.from ? { from: day, to: d.from } : { from: d.from, to: day };
    });
  };

  return (
    <div className="grid gap-1.5">
      <Label htmlFor="view-window" className="text-xs text-muted-foreground">
        Period
      </Label>
      <div className="flex items-center gap-1.5">
      <Select
        value={view.range ? CUSTOM : view.window}
        onValueChange={(v) => {
          if (v === CUSTOM) {
            setDraft(view.range ?? {});
            setOpen(true);
          } else onChange({ window: v as WindowName });
        }}
      >
        <SelectTrigger id="view-window" className="w-52" data-testid="window-select" aria-controls={open ? panelId : undefined}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {PERIOD_CHOICES.map((w) => (
            <SelectItem key={w} value={w}>
              {WINDOW_LABELS[w]}
            </SelectItem>
          ))}
          <SelectSeparator />
          <SelectItem value={CUSTOM}>{view.range ? periodLabel(view) : 'Custom range…'}</SelectItem>
        </SelectContent>
      </Select>
        <Button
          type="button"
          variant="outline"
          size="icon"
          aria-label="Choose dates on a calendar"
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={() => {
            setDraft(view.range ?? {});
            setOpen((o) => !o);
          }}
          data-testid="range-open"
        >
          <CalendarDays aria-hidden />
        </Button>
      </div>
      {open && (
        <section
          id={panelId}
          aria-label="Custom range"
          className="absolute top-full z-40 mt-2 space-y-3 rounded-lg border bg-popover p-3 text-popover-foreground shadow-md"
          data-testid="range-panel"
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        >
          <RangeCalendar selected={draft} onSelect={pick} initial={draft.to ?? draft.from ?? today()} autoFocus />
          <p className="text-xs text-muted-foreground" aria-live="polite" data-testid="range-draft">
            {draft.from === undefined ? 'Pick the first day.' : draft.to === undefined ? `From ${formatDay(draft.from)}: pick the last day.` : `${formatDay(draft.from)} to ${formatDay(draft.to)}, both included.`}
          </p>
          <div className="flex justify-end gap-2">
            <Button type="button" variant="ghost" size="sm" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              type="button"
              size="sm"
              disabled={draft.from === undefined || draft.to === undefined}
              onClick={() => draft.from && draft.to && onChange({ window: view.window, range: { from: draft.from, to: draft.to } })}
              data-testid="range-apply"
            >
              Apply
            </Button>
          </div>
        </section>
      )}
    </div>
  );
}
