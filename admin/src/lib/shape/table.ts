import type { Bucket } from '@cbc/contract';

/**
 * What a chart shows, as a table: the chart draws it, the "Show data" table lists it and the
 * CSV route serialises it — one shape, so the three cannot disagree.
 */
export type ValueKind = 'count' | 'rate' | 'minutes' | 'score' | 'text' | 'time';
export type CellValue = string | number | null;

export interface Column {
  key: string;
  label: string;
  kind: ValueKind;
}

export interface ChartRow {
  values: Record<string, CellValue>;
  /** Keys of the cells withheld by small-group suppression (their value is null). */
  suppressed: string[];
  /** A first or last period the window cuts: it counts only the part inside. */
  partial?: true;
  /** The category as the API names it (drill-down filters by this). */
  key?: string;
  /** How the category reads when it differs from the stored value (an FAQ's title for its id). */
  label?: string;
}

/** The span an answer counts, and the club's time zone its days, weeks and months are cut in. */
export interface TableWindow {
  from: string;
  to: string;
  timeZone: string;
  /** Why the API chose this bucket width (bucket=auto). */
  bucketReason?: string;
}

export interface ChartTable {
  /** The first column is the category axis (a time bucket, a page, a query…). */
  columns: Column[];
  rows: ChartRow[];
  /** Bucket size when the first column is time. */
  bucket?: Bucket;
  minGroupSize: number;
  /** Withheld cells in this table. */
  suppressedCells: number;
  /** Extra context shown under the chart (e.g. what the comparison means). */
  note?: string;
  /** Metric charts: the window and time zone of the answer behind the table. */
  window?: TableWindow;
  /** The window has data, but every entry of this table is below the threshold (an empty list). */
  withheld?: true;
}

/** Why a chart draws nothing: one wording per reason, never an empty frame. */
export type EmptyReason = 'no-data' | 'withheld';

export function emptyReason(t: ChartTable): EmptyReason | null {
  if (plottedPoints(t) > 0) return null;
  return t.withheld || t.suppressedCells > 0 ? 'withheld' : 'no-data';
}

/** Number of cells with a real value (not withheld, not missing): "does this chart show data". */
export function plottedPoints(t: ChartTable): number {
  const keys = t.columns.slice(1).map((c) => c.key);
  let n = 0;
  for (const r of t.rows) for (const k of keys) if (typeof r.values[k] === 'number') n += 1;
  return n;
}

/** Cells with a value above zero: "does this chart show anything but zeros and gaps". */
export function nonZeroPoints(t: ChartTable): number {
  const keys = t.columns.slice(1).map((c) => c.key);
  let n = 0;
  for (const r of t.rows) for (const k of keys) if (typeof r.values[k] === 'number' && (r.values[k] as number) > 0) n += 1;
  return n;
}

export function emptyTable(columns: Column[], minGroupSize: number): ChartTable {
  return { columns, rows: [], minGroupSize, suppressedCells: 0 };
}
