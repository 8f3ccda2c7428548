import type { Cell } from './cells';

export interface SeriesPoint {
  bucket: string;
  segment_value?: string;
  partial?: true;
  suppressed?: true;
  [value: string]: string | number | boolean | null | undefined;
}

export type Derive = (v: Record<string, number>) => Record<string, number | null>;

/**
 * Small-group suppression (k-anonymity on guests): a cell built from fewer than `k` distinct
 * guests is withheld — its values become null and it is flagged, never shown as zero — and
 * counted in `suppressed`. Withheld cells are not merged into an `other` cell: the marts give
 * distinct guests per cell, and summing cells only bounds the merged count from above, so a
 * merged cell could not be proven to hold k guests.
 *
 * A withheld cell would still be one subtraction away: a bucket's unsegmented value (the same
 * window with segment none) minus its shown segment cells, or the totals minus the shown buckets,
 * is the sum of the withheld cells. So wherever a cell is withheld, the smallest shown cell of the
 * same group (the bucket, in a segmented series; the whole series otherwise) is withheld too:
 * it holds at least k guests by itself, so whatever a subtraction yields rests on at least k.
 */
export function suppressSeries(
  cells: Cell[],
  k: number,
  derive: Derive,
  segmented: boolean,
  partial: (bucket: string) => boolean = () => false,
): { series: SeriesPoint[]; suppressed: number } {
  const withheld = new Set(cells.filter((c) => c.guests < k));
  const groups = new Map<string, Cell[]>();
  for (const c of cells) {
    const key = segmented ? (c.bucket ?? '') : '';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const group of groups.values()) {
    const shown = group.filter((c) => !withheld.has(c));
    if (shown.length === group.length || shown.length === 0) continue;
    withheld.add(shown.reduce((a, b) => (b.guests < a.guests ? b : a)));
  }
  const out: SeriesPoint[] = [];
  for (const c of cells) {
    const base: SeriesPoint = { bucket: c.bucket ?? '' };
    if (segmented) base.segment_value = c.segment_value ?? 'unknown';
    if (partial(base.bucket)) base.partial = true;
    if (withheld.has(c)) out.push({ ...base, ...nulls(c.values, derive), suppressed: true });
    else out.push({ ...base, ...c.values, ...derive(c.values) });
  }
  return { series: out, suppressed: withheld.size };
}

function nulls(values: Record<string, number>, derive: Derive): Record<string, null> {
  const keys = [...Object.keys(values), ...Object.keys(derive(values))];
  return Object.fromEntries(keys.map((k) => [k, null]));
}

/**
 * Totals of a whole window: withheld as a whole when fewer than k guests are behind them. A
 * window with no activity at all reveals nobody and reads as zeros.
 */
export function suppressTotals(
  cell: Cell | undefined,
  k: number,
  derive: Derive,
  measures: readonly string[],
): Record<string, number | null> & { guests: number | null } {
  if (!cell) {
    const zeros = Object.fromEntries(measures.map((m) => [m, 0]));
    return { ...zeros, ...derive(zeros), guests: 0 };
  }
  if (cell.guests < k) return { ...nulls(cell.values, derive), guests: null };
  return { ...cell.values, ...derive(cell.values), guests: cell.guests };
}
