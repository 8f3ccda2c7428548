import type { AnalyticsMetric, MetricResponse, SeriesPoint } from '@cbc/contract';
import { bucketStarts, isoKey } from './buckets';
import { humanize } from './format';
import type { CellValue, ChartRow, ChartTable, Column, TableWindow, ValueKind } from './table';

export interface Measure {
  key: string;
  label: string;
  kind: ValueKind;
}

/** Prefix of the comparison columns (the same measure over the previous period). */
export const PREVIOUS = 'previous_';

const TIME: Column = { key: 'bucket', label: 'Period', kind: 'time' };

/**
 * A bucket the API did not return holds no rows: its counts are a true 0. Rates, times and
 * scores of an empty bucket are undefined, so they stay null (a gap in the line).
 */
function emptyValue(kind: ValueKind): number | null {
  return kind === 'count' ? 0 : null;
}

function pointValue(p: SeriesPoint<AnalyticsMetric> | undefined, m: Measure): number | null {
  if (!p) return emptyValue(m.kind);
  const v = (p as Record<string, unknown>)[m.key];
  return typeof v === 'number' ? v : null;
}

/** The window of an answer as the page names it. */
export function tableWindow(resp: MetricResponse<AnalyticsMetric>): TableWindow {
  return {
    from: resp.window.from,
    to: resp.window.to,
    timeZone: resp.window.time_zone,
    ...(resp.window.bucket_reason ? { bucketReason: resp.window.bucket_reason } : {}),
  };
}

/**
 * The buckets the window cuts: those the API marks partial, and the first and last bucket of the
 * timeline when they reach outside the window (an empty bucket has no point to carry the mark).
 */
function partialBuckets(resp: MetricResponse<AnalyticsMetric>, buckets: string[]): Set<string> {
  const out = new Set(resp.series.filter((p) => p.partial).map((p) => isoKey(p.bucket)));
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const from = Date.parse(resp.window.from);
  const to = Date.parse(resp.window.to);
  if (first !== undefined && Date.parse(first) < from) out.add(first);
  if (last !== undefined) {
    const next = bucketStarts(last, new Date(Date.parse(last) + 32 * 86_400_000).toISOString(), resp.window.bucket, resp.window.time_zone, 2)[1];
    if (next !== undefined && Date.parse(next) > to) out.add(last);
  }
  return out;
}

/** Every bucket of the window, the API's own keys included even if they fall off the grid. */
function timeline(resp: MetricResponse<AnalyticsMetric>): string[] {
  const keys = new Set(bucketStarts(resp.window.from, resp.window.to, resp.window.bucket, resp.window.time_zone));
  for (const p of resp.series) keys.add(isoKey(p.bucket));
  return [...keys].sort();
}

/**
 * Series → rows of a trend chart. Unsegmented: one row per bucket, one column per measure,
 * plus `previous_<key>` columns aligned bucket-by-bucket when the previous period is given.
 * Segmented: the first measure only, one column per segment value (largest first) — several
 * measures × several segments would not be readable as one chart.
 */
export function trendTable<T extends AnalyticsMetric>(
  resp: MetricResponse<T>,
  measures: Measure[],
  previous?: MetricResponse<T>,
): ChartTable {
  const k = resp.min_group_size;
  const buckets = timeline(resp);
  const partial = partialBuckets(resp, buckets);
  const mark = (b: string) => (partial.has(b) ? { partial: true as const } : {});
  let suppressedCells = 0;

  if (resp.segment !== 'none') {
    const m = measures[0]!;
    const totals = new Map<string, number>();
    const cells = new Map<string, SeriesPoint<AnalyticsMetric>>();
    for (const p of resp.series) {
      const seg = p.segment_value ?? 'unknown';
      cells.set(`${isoKey(p.bucket)}|${seg}`, p);
      totals.set(seg, (totals.get(seg) ?? 0) + (pointValue(p, m) ?? 0));
    }
    const segments = [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
    const columns: Column[] = [TIME, ...segments.map((s) => ({ key: s, label: humanize(s), kind: m.kind }))];
    const rows: ChartRow[] = buckets.map((b) => {
      const values: Record<string, CellValue> = { bucket: b };
      const suppressed: string[] = [];
      for (const s of segments) {
        const p = cells.get(`${b}|${s}`);
        if (p?.suppressed) {
          values[s] = null;
          suppressed.push(s);
          suppressedCells += 1;
        } else values[s] = pointValue(p, m);
      }
      return { values, suppressed, ...mark(b) };
    });
    return { columns, rows, bucket: resp.window.bucket, minGroupSize: k, suppressedCells, note: `${m.label} by ${humanize(resp.segment).toLowerCase()}`, window: tableWindow(resp) };
  }

  const byBucket = new Map(resp.series.map((p) => [isoKey(p.bucket), p]));
  const prevBuckets = previous ? timeline(previous) : [];
  const prevByBucket = new Map((previous?.series ?? []).map((p) => [isoKey(p.bucket), p]));
  const columns: Column[] = [TIME, ...measures];
  if (previous) columns.push(...measures.map((m) => ({ key: `${PREVIOUS}${m.key}`, label: `${m.label} (previous period)`, kind: m.kind })));

  const rows: ChartRow[] = buckets.map((b, i) => {
    const p = byBucket.get(b);
    const values: Record<string, CellValue> = { bucket: b };
    const suppressed: string[] = [];
    for (const m of measures) {
      if (p?.suppressed) {
        values[m.key] = null;
        suppressed.push(m.key);
      } else values[m.key] = pointValue(p, m);
    }
    if (previous) {
      // Align by position: bucket i of this period against bucket i of the one before.
      const pb = prevBuckets[i];
      const pp = pb === undefined ? undefined : prevByBucket.get(pb);
      for (const m of measures) {
        const key = `${PREVIOUS}${m.key}`;
        if (pb === undefined) values[key] = null;
        else if (pp?.suppressed) {
          values[key] = null;
          suppressed.push(key);
        } else values[key] = pointValue(pp, m);
      }
    }
    suppressedCells += suppressed.length;
    return { values, suppressed, ...mark(b) };
  });
  return {
    columns,
    rows,
    bucket: resp.window.bucket,
    minGroupSize: k,
    suppressedCells,
    window: tableWindow(resp),
    ...(previous ? { note: 'Dashed lines: the same measure over the previous period of equal length, bucket by bucket.' } : {}),
  };
}

/** A ranked list (top pages, queries, FAQs, breakdowns) → rows; lists hold only k-safe entries. */
export function listTable(
  items: readonly object[] | undefined,
  /** format: the value itself is rewritten (CSV too); title: how it reads, the value kept (an FAQ's id), from the value and the rest of its item (an FAQ's catalogue title). */
  category: { key: string; label: string; format?: (v: string) => string; title?: (v: string, item: Record<string, unknown>) => string },
  measures: Measure[],
  minGroupSize: number,
): ChartTable {
  const columns: Column[] = [{ key: category.key, label: category.label, kind: 'text' }, ...measures.map((m) => ({ key: m.key, label: m.label, kind: m.kind }))];
  const rows: ChartRow[] = (items ?? []).map((it) => {
    const rec = it as Record<string, unknown>;
    const raw = String(rec[category.key] ?? '');
    const values: Record<string, CellValue> = { [category.key]: category.format ? category.format(raw) : raw };
    for (const m of measures) {
      const v = rec[m.key];
      values[m.key] = typeof v === 'number' ? v : null;
    }
    return category.title ? { values, suppressed: [], key: raw, label: category.title(raw, rec) } : { values, suppressed: [], key: raw };
  });
  return { columns, rows, minGroupSize, suppressedCells: 0 };
}

/**
 * Totals as one row per measure (the chat funnel, outcome splits). Withheld totals (the
 * whole window had fewer than k guests) stay withheld.
 */
export function totalsTable(resp: MetricResponse<AnalyticsMetric>, steps: Measure[], category = { key: 'step', label: 'Step' }): ChartTable {
  const withheld = resp.totals.guests === null || resp.totals.guests === undefined;
  const columns: Column[] = [{ key: category.key, label: category.label, kind: 'text' }, { key: 'value', label: 'Count', kind: steps[0]?.kind ?? 'count' }];
  const rows: ChartRow[] = steps.map((s) => {
    const v = (resp.totals as Record<string, number | null | undefined>)[s.key];
    return withheld
      ? { values: { [category.key]: s.label, value: null }, suppressed: ['value'] }
      : { values: { [category.key]: s.label, value: typeof v === 'number' ? v : null }, suppressed: [] };
  });
  return { columns, rows, minGroupSize: resp.min_group_size, suppressedCells: withheld ? rows.length : 0 };
}

/** Two categories → a stacked bar table (service type × final status). */
export function crossTable<R extends object>(
  items: R[] | undefined,
  rowKey: keyof R & string,
  colKey: keyof R & string,
  valueKey: keyof R & string,
  rowLabel: string,
  minGroupSize: number,
  /** Known column values in their natural order (statuses in lifecycle order): each keeps its colour across windows. */
  colOrder: readonly string[] = [],
): ChartTable {
  const rowsOrder: string[] = [];
  const colsOrder: string[] = [];
  const cell = new Map<string, number>();
  for (const it of items ?? []) {
    const rec = it as Record<string, unknown>;
    const r = String(rec[rowKey]);
    const c = String(rec[colKey]);
    if (!rowsOrder.includes(r)) rowsOrder.push(r);
    if (!colsOrder.includes(c)) colsOrder.push(c);
    cell.set(`${r}|${c}`, Number(rec[valueKey] ?? 0));
  }
  const rank = (c: string) => (colOrder.includes(c) ? colOrder.indexOf(c) : colOrder.length);
  colsOrder.sort((a, b) => rank(a) - rank(b));
  const columns: Column[] = [{ key: rowKey, label: rowLabel, kind: 'text' }, ...colsOrder.map((c) => ({ key: c, label: humanize(c), kind: 'count' as const }))];
  const rows: ChartRow[] = rowsOrder.map((r) => {
    const values: Record<string, CellValue> = { [rowKey]: r };
    // A combination missing from the list was either empty or below k: unknown, not zero.
    for (const c of colsOrder) values[c] = cell.get(`${r}|${c}`) ?? null;
    return { values, suppressed: [], key: r, label: humanize(r) };
  });
  return {
    columns,
    rows,
    minGroupSize,
    suppressedCells: 0,
    note: `Combinations with fewer than ${minGroupSize} guests are left out, so blank cells are empty or withheld.`,
  };
}

/** Extracts a named total; undefined when the API did not send it. */
export function total(resp: MetricResponse, key: string): number | null | undefined {
  return (resp.totals as Record<string, number | null | undefined>)[key];
}
