'use client';

import { useEffect, useState } from 'react';
import type { ChartKind } from '@/lib/charts/definitions';
import { withheldText } from '@/lib/shape/format';
import { emptyReason, type ChartTable, type EmptyReason } from '@/lib/shape/table';
import { BarList } from './bar-list';
import { LineChart } from './line-chart';

interface Props {
  table: ChartTable;
  kind: ChartKind;
  /** Accessible name of the drawing; the data table next to it carries the numbers. */
  label: string;
  /** Per row: the URL of the view filtered by that row's category (drill-down), or null. */
  rowHrefs?: (string | null)[];
  /** Per column key: the URL of the view filtered by that series (a segment value). */
  seriesHrefs?: Record<string, string>;
}

/**
 * The drawing of a chart table. Plain SVG and HTML computed from the table, with no measuring,
 * so the server's first response already holds the finished chart; after hydration it only
 * adds hover details. A chart with nothing to draw says why instead of showing an empty frame.
 */
export function Chart({ table, kind, label, rowHrefs, seriesHrefs }: Props) {
  const [interactive, setInteractive] = useState(false);
  useEffect(() => setInteractive(true), []);
  const empty = emptyReason(table);
  return (
    <div className="min-w-0" data-drawn={empty ? undefined : 'true'} data-empty={empty ?? undefined} data-interactive={interactive || undefined}>
      {empty ? <EmptyChart reason={empty} table={table} /> : kind === 'line' ? <LineChart table={table} label={label} interactive={interactive} seriesHrefs={seriesHrefs} /> : <BarList table={table} kind={kind} label={label} rowHrefs={rowHrefs} seriesHrefs={seriesHrefs} />}
    </div>
  );
}

/** One wording per reason, the same on every chart. */
function EmptyChart({ reason, table }: { reason: EmptyReason; table: ChartTable }) {
  return (
    <div role="status" className="flex min-h-40 flex-col items-center justify-center gap-1 rounded-md border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">
      {reason === 'withheld' ? (
        <>
          <p className="font-medium text-foreground">{withheldText(table.minGroupSize)}</p>
          <p className="text-xs">
            {table.rows.length > 0 && table.columns[0]?.kind === 'time'
              ? 'Every period of this window stands for too few guests to show; the totals above cover the whole window. A longer window may show the trend.'
              : 'Every entry stands for too few guests to show. A longer window may show them.'}
          </p>
        </>
      ) : (
        <p>No data in this window.</p>
      )}
    </div>
  );
}
