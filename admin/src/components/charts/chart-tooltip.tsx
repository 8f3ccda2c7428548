'use client';

import { displayCell, formatBucket } from '@/lib/shape/format';
import type { Bucket } from '@cbc/contract';
import type { Column } from '@/lib/shape/table';

export interface PlotRow {
  [key: string]: string | number | null | string[];
  __suppressed: string[];
}

interface Props {
  active?: boolean;
  label?: string | number;
  payload?: ReadonlyArray<{ dataKey?: unknown; color?: string; payload?: PlotRow }>;
  columns: Column[];
  bucket?: Bucket;
  timeZone?: string;
  minGroupSize: number;
}

/** Tooltip that says "fewer than N guests" for a withheld point instead of hiding it. */
export function ChartTooltip({ active, payload, label, columns, bucket, timeZone, minGroupSize }: Props) {
  if (!active || !payload?.length) return null;
  const row = payload[0]?.payload;
  if (!row) return null;
  const x = columns[0]!;
  const title = x.kind === 'time' ? formatBucket(String(label), bucket, timeZone) : String(label);
  return (
    <div className="rounded-md border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      <p className="mb-1 font-medium">{title}</p>
      <ul className="space-y-0.5">
        {columns.slice(1).map((c, i) => (
          <li key={c.key} className="flex items-center justify-between gap-4">
            <span className="flex items-center gap-1.5">
              <span aria-hidden className="inline-block size-2 rounded-full" style={{ background: payload.find((p) => p.dataKey === c.key)?.color ?? `var(--chart-${(i % 6) + 1})` }} />
              {c.label}
            </span>
            <span className="tabular-nums">{displayCell(row[c.key] as number | null, c.kind, row.__suppressed.includes(c.key), minGroupSize)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
