import { displayCell, displayText, formatBucket } from '@/lib/shape/format';
import type { ChartRow, ChartTable } from '@/lib/shape/table';
import { seriesColor } from './chart-theme';

interface Props {
  table: ChartTable;
  row: ChartRow;
  /** Colour index per measure column (previous-period columns share their measure's). */
  colors: number[];
}

/** Every value of one category, withheld ones as "fewer than N guests" (never hidden, never 0). */
export function ChartTooltip({ table, row, colors }: Props) {
  const [x, ...measures] = table.columns;
  if (!x) return null;
  const v = row.values[x.key];
  const title = x.kind === 'time' ? formatBucket(String(v), table.bucket, table.window?.timeZone) : displayText(row.label ?? String(v ?? ''));
  return (
    <div className="rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md" data-testid="hover-details">
      <p className="mb-1 font-medium">{title}</p>
      <ul className="space-y-0.5">
        {measures.map((c, i) => (
          <li key={c.key} className="flex items-center justify-between gap-4">
            <span className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-2 shrink-0 rounded-full" style={{ background: seriesColor(colors[i] ?? i) }} />
              {displayText(c.label)}
            </span>
            <span className="whitespace-nowrap tabular-nums">{displayCell(row.values[c.key], c.kind, row.suppressed.includes(c.key), table.minGroupSize)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
