'use client';

import { Chart } from '@/components/charts/chart';
import type { ChartKind } from '@/lib/charts/definitions';
import type { ChartTable } from '@/lib/shape/table';

interface Props {
  table: ChartTable;
  kind: ChartKind;
  label: string;
  /** Per row: the URL (query string) of the view filtered by that row, or null. */
  rowHrefs?: (string | null)[];
  /** Per column key: the URL of the view filtered by that series (a segment value). */
  seriesHrefs?: Record<string, string>;
}

/**
 * A chart whose bars and legend entries filter the dashboard. The URLs are made on the server
 * (where the view is parsed); this leaf only follows them, as a document navigation for the
 * reason the view controls give. The same filters are links in the "Show data" table, for the
 * keyboard.
 */
export function DrillChart({ table, kind, label, rowHrefs, seriesHrefs }: Props) {
  const go = (href: string | null | undefined) => {
    if (href) window.location.assign(href);
  };
  return (
    <Chart
      table={table}
      kind={kind}
      label={label}
      onCategoryClick={rowHrefs ? (i) => go(rowHrefs[i]) : undefined}
      onSeriesClick={seriesHrefs ? (key) => go(seriesHrefs[key]) : undefined}
    />
  );
}
