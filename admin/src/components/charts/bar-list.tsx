import type { ChartKind } from '@/lib/charts/definitions';
import { displayCell, displayText, formatBucket, formatValue, SCORE_MAX } from '@/lib/shape/format';
import type { ChartRow, ChartTable, Column } from '@/lib/shape/table';
import { seriesColor } from './chart-theme';
import { Legend } from './legend';

/**
 * Ranked lists, funnels, grouped and stacked bars as HTML: a label column that truncates with
 * the full text as a tooltip (long page paths, queries), bars sized in percent, and values in
 * their own column, so a label such as "100.0%" is never cut off by the edge of a drawing.
 */
interface Links {
  /** Per row: the view filtered by that row's category (drill-down); the label is a link. */
  rowHrefs?: (string | null)[];
  /** Per column key: the view filtered by that series; the legend entry is a link. */
  seriesHrefs?: Record<string, string>;
}

export function BarList({ table, kind, label, rowHrefs, seriesHrefs }: { table: ChartTable; kind: ChartKind; label: string } & Links) {
  const [x, ...measures] = table.columns as [Column, ...Column[]];
  if (kind === 'stacked') return <Stacked table={table} x={x} measures={measures} label={label} rowHrefs={rowHrefs} />;
  // Grouped bars compare all measures; lists plot the first and print the second beside it.
  const plotted = kind === 'bar' ? measures : measures.slice(0, 1);
  const context = kind === 'bar' ? undefined : measures[1];
  const kindOf = plotted[0]?.kind ?? 'count';
  const max = scaleMax(table.rows, plotted, kindOf);
  return (
    <div className="w-full" data-chart={kind} data-series={plotted.length}>
      <ul role="img" aria-label={label} className="space-y-1.5">
        {table.rows.map((r, i) => (
          <li key={i} className="grid grid-cols-[minmax(0,10rem)_minmax(0,1fr)] items-center gap-x-3 md:grid-cols-[minmax(0,12rem)_minmax(0,1fr)]" data-bar-row>
            <CategoryLabel table={table} x={x} row={r} href={rowHrefs?.[i]} />
            <div className="grid min-w-0 gap-0.5">
              {plotted.map((m, k) => {
                const v = r.values[m.key];
                const withheld = r.suppressed.includes(m.key);
                return (
                  <div key={m.key} className="flex min-w-0 items-center gap-2">
                    <div className="min-w-0 flex-1">
                      {typeof v === 'number' && (
                        <div
                          className={plotted.length > 1 ? 'h-2.5 rounded-sm' : 'h-5 rounded-sm'}
                          style={{ width: `${Math.max(v > 0 ? 0.5 : 0, (v / max) * 100)}%`, background: seriesColor(k) }}
                          data-bar
                          data-color={k}
                        />
                      )}
                    </div>
                    <span className={withheld ? 'shrink-0 text-xs whitespace-nowrap text-muted-foreground italic' : 'shrink-0 text-xs whitespace-nowrap tabular-nums'} data-value-label>
                      {displayCell(v, m.kind, withheld, table.minGroupSize)}
                      {context && typeof r.values[context.key] === 'number' && (
                        <span className="text-muted-foreground">
                          {' '}
                          · {formatValue(r.values[context.key], context.kind)} {context.label.toLowerCase()}
                        </span>
                      )}
                    </span>
                  </div>
                );
              })}
            </div>
          </li>
        ))}
      </ul>
      {plotted.length > 1 && <Legend shape="square" items={plotted.map((m, k) => ({ key: m.key, label: m.label, color: k, href: seriesHrefs?.[m.key] }))} />}
    </div>
  );
}

/** One bar per category split by the measures (service type × status), each in its own colour. */
function Stacked({ table, x, measures, label, rowHrefs }: { table: ChartTable; x: Column; measures: Column[]; label: string; rowHrefs?: (string | null)[] }) {
  const sum = (r: ChartRow) => measures.reduce((a, m) => a + (typeof r.values[m.key] === 'number' ? (r.values[m.key] as number) : 0), 0);
  const max = Math.max(1, ...table.rows.map(sum));
  return (
    <div className="w-full" data-chart="stacked" data-series={measures.length}>
      <Legend shape="square" items={measures.map((m, k) => ({ key: m.key, label: m.label, color: k }))} />
      <ul role="img" aria-label={label} className="mt-3 space-y-1.5">
        {table.rows.map((r, i) => (
          <li key={i} className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)_auto] items-center gap-x-3" data-bar-row>
            <CategoryLabel table={table} x={x} row={r} href={rowHrefs?.[i]} />
            <div className="flex h-5 min-w-0 overflow-hidden rounded-sm" style={{ width: `${(sum(r) / max) * 100}%` }}>
              {measures.map((m, k) => {
                const v = r.values[m.key];
                return typeof v === 'number' && v > 0 ? (
                  <div key={m.key} className="h-full" style={{ width: `${(v / sum(r)) * 100}%`, background: seriesColor(k) }} title={`${m.label}: ${formatValue(v, m.kind)}`} data-bar data-color={k} />
                ) : null;
              })}
            </div>
            <span className="text-xs whitespace-nowrap tabular-nums" data-value-label>
              {formatValue(sum(r), 'count')}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The category, truncated to its column with the whole text as a tooltip. */
function CategoryLabel({ table, x, row, href }: { table: ChartTable; x: Column; row: ChartRow; href?: string | null }) {
  const raw = row.values[x.key];
  const text = x.kind === 'time' ? formatBucket(String(raw), table.bucket, table.window?.timeZone) : displayText(row.label ?? String(raw ?? ''));
  const full = row.label ? `${text} (${displayText(String(raw ?? ''))})` : text;
  // A drill-down is a plain link: it works before hydration and from the keyboard.
  return href ? (
    <a href={href} className="truncate text-xs text-foreground underline decoration-dotted underline-offset-4 hover:decoration-solid" title={full} data-category-label data-testid="bar-drill-link">
      {text}
    </a>
  ) : (
    <span className="truncate text-xs text-foreground" title={full} data-category-label>
      {text}
    </span>
  );
}

/** Bars of a share run to 100 %, of a score to its scale, of a count to the largest value. */
function scaleMax(rows: ChartRow[], plotted: Column[], kind: Column['kind']): number {
  if (kind === 'rate') return 1;
  if (kind === 'score') return SCORE_MAX;
  const vs = rows.flatMap((r) => plotted.map((m) => r.values[m.key])).filter((v): v is number => typeof v === 'number');
  return Math.max(1e-9, ...vs);
}
