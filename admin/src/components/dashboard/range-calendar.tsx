'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import { addDays, type DayRange } from '@/lib/view-query';

interface Props {
  /** The range so far: a first click sets `from`, a second one `to`. */
  selected: Partial<DayRange>;
  onSelect: (day: string) => void;
  /** The day focused first (and so the month shown). */
  initial: string;
  /** Put the keyboard focus on that day at once (the calendar was opened by the person). */
  autoFocus?: boolean;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const monthTitle = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const dayName = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** The days of the grid showing `month`: whole Monday-to-Sunday weeks around it. */
function gridDays(month: string): string[] {
  const first = `${month.slice(0, 7)}-01`;
  const start = addDays(first, -((utc(first).getUTCDay() + 6) % 7));
  const days: string[] = [];
  for (let d = start; days.length < 42; d = addDays(d, 1)) days.push(d);
  // Drop a sixth row that lies wholly in the next month.
  return days.slice(35, 36)[0]!.slice(0, 7) === month.slice(0, 7) ? days : days.slice(0, 35);
}

function shiftMonth(day: string, n: number): string {
  const d = utc(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), last))).toISOString().slice(0, 10);
}

/**
 * A month of the club's days as a date grid, in the WAI-ARIA grid pattern shadcn's calendar
 * follows: one tab stop (the focused day), arrows move by day and week, Page Up/Down by month,
 * Home/End to the week's ends, Enter or Space picks. Weeks start on Monday, as the API's do.
 * Written here rather than taken from a date-picker package: it is one small component.
 */
export function RangeCalendar({ selected, onSelect, initial, autoFocus = false }: Props) {
  const [focus, setFocus] = useState(initial);
  const [moved, setMoved] = useState(autoFocus);
  const grid = useRef<HTMLTableElement>(null);
  const month = focus.slice(0, 7);
  const days = gridDays(focus);
  const { from, to } = selected;

  useEffect(() => {
    // Move the browser's focus with the roving tab stop; on first render only when asked to.
    if (moved) grid.current?.querySelector<HTMLButtonElement>(`[data-day="${focus}"]`)?.focus();
  }, [focus, moved]);

  const move = (day: string) => {
    setMoved(true);
    setFocus(day);
  };
  const onKey = (e: KeyboardEvent) => {
    const steps: Record<string, () => string> = {
      ArrowLeft: () => addDays(focus, -1),
      ArrowRight: () => addDays(focus, 1),
      ArrowUp: () => addDays(focus, -7),
      ArrowDown: () => addDays(focus, 7),
      PageUp: () => shiftMonth(focus, -1),
      PageDown: () => shiftMonth(focus, 1),
      Home: () => addDays(focus, -((utc(focus).getUTCDay() + 6) % 7)),
      End: () => addDays(focus, 6 - ((utc(focus).getUTCDay() + 6) % 7)),
    };
    const step = steps[e.key];
    if (!step) return;
    e.preventDefault();
    move(step());
  };

  const inRange = (d: string) => from !== undefined && to !== undefined && d >= from && d <= to;
  const titleId = `calendar-${month}`;
  return (
    <div className="w-fit space-y-2" data-testid="range-calendar">
      <div className="flex items-center justify-between gap-2">
        <Button type="button" variant="outline" size="icon" className="size-7" aria-label="Previous month" onClick={() => setFocus(shiftMonth(focus, -1))} data-testid="calendar-previous">
          <ChevronLeft aria-hidden />
        </Button>
        <h3 id={titleId} className="text-sm font-medium" aria-live="polite" data-testid="calendar-month">
          {monthTitle.format(utc(`${month}-01`))}
        </h3>
        <Button type="button" variant="outline" size="icon" className="size-7" aria-label="Next month" onClick={() => setFocus(shiftMonth(focus, 1))} data-testid="calendar-next">
          <ChevronRight aria-hidden />
        </Button>
      </div>
      <table ref={grid} role="grid" aria-labelledby={titleId} className="border-collapse" onKeyDown={onKey}>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col" abbr={w} className="size-8 text-center text-xs font-normal text-muted-foreground">
                {w.slice(0, 2)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: days.length / 7 }, (_, row) => (
            <tr key={row}>
              {days.slice(row * 7, row * 7 + 7).map((d) => {
                const outside = d.slice(0, 7) !== month;
                const edge = d === from || d === to;
                const chosen = edge || inRange(d);
                return (
                  <td key={d} role="gridcell" aria-selected={chosen} className="p-0 text-center">
                    <button
                      type="button"
                      data-day={d}
                      tabIndex={d === focus ? 0 : -1}
                      aria-label={dayName.format(utc(d))}
                      onClick={() => {
                        move(d);
                        onSelect(d);
                      }}
                      className={cn(
                        'size-8 rounded-md text-sm tabular-nums transition-colors hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring',
                        outside && 'text-muted-foreground/60',
                        inRange(d) && !edge && 'rounded-none bg-accent text-accent-foreground',
                        edge && 'bg-primary text-primary-foreground hover:bg-primary/90',
                      )}
                    >
                      {Number(d.slice(8))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
