'use client';

import { Bar, BarChart, CartesianGrid, Cell, LabelList, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartKind } from '@/lib/charts/definitions';
import { PREVIOUS } from '@/lib/shape/series';
import { formatAxis, formatBucket, formatValue } from '@/lib/shape/format';
import type { ChartTable } from '@/lib/shape/table';
import { AXIS, seriesColor } from './chart-theme';
import { ChartTooltip, type PlotRow } from './chart-tooltip';

interface Props {
  table: ChartTable;
  kind: ChartKind;
  /** Accessible name of the drawing; the data table next to it carries the numbers. */
  label: string;
  /** A bar (its row's index) was clicked: the dashboard's drill-down. */
  onCategoryClick?: (index: number) => void;
  /** A legend entry (its column key) was clicked: the dashboard's drill-down. */
  onSeriesClick?: (key: string) => void;
}

/**
 * The drawing of a chart table (a client leaf: recharts measures the DOM). Withheld cells are
 * null, so lines break there and bars are absent; the tooltip says why.
 */
export function Chart({ table, kind, label, onCategoryClick, onSeriesClick }: Props) {
  const [x, ...measures] = table.columns;
  if (!x || table.rows.length === 0) {
    return <p className="flex h-64 items-center justify-center text-sm text-muted-foreground">No data in this window.</p>;
  }
  const data: PlotRow[] = table.rows.map((r) => ({ ...r.values, __suppressed: r.suppressed }));
  const yKind = measures[0]?.kind ?? 'count';
  const tick = (v: unknown) => (typeof v === 'number' ? formatAxis(v, yKind) : '');
  // CSAT is rated 1–5 (the contract): a fixed scale keeps charts of different windows comparable.
  const domain: [number, number | 'auto'] = yKind === 'score' ? [0, 5] : [0, 'auto'];
  const xTick = (v: unknown) => (x.kind === 'time' ? formatBucket(String(v), table.bucket, table.window?.timeZone) : String(v));
  const tooltip = <Tooltip content={<ChartTooltip columns={table.columns} bucket={table.bucket} timeZone={table.window?.timeZone} minGroupSize={table.minGroupSize} />} />;
  const current = measures.filter((m) => !m.key.startsWith(PREVIOUS));
  const legendClick = onSeriesClick ? { onClick: (e: { dataKey?: unknown }) => onSeriesClick(String(e.dataKey)) } : {};

  if (kind === 'line') {
    // A bucket whose current values are all withheld gets a dashed marker, so a gap reads as
    // "withheld" rather than "missing"; isolated points get dots, or they would not show.
    const withheld = data.filter((r) => current.length > 0 && current.every((m) => r.__suppressed.includes(m.key))).map((r) => r[x.key] as string);
    const dots = data.length <= 40 ? { r: 2.5 } : false;
    return (
      <div role="img" aria-label={label} className="h-64 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey={x.key} tickFormatter={xTick} minTickGap={24} {...AXIS} />
            <YAxis tickFormatter={tick} width={48} domain={domain} {...AXIS} />
            {tooltip}
            <Legend wrapperStyle={{ fontSize: 12, ...(onSeriesClick ? { cursor: 'pointer' } : {}) }} {...legendClick} />
            {withheld.map((b) => (
              <ReferenceLine key={b} x={b} stroke="var(--muted-foreground)" strokeOpacity={0.45} strokeDasharray="2 3" ifOverflow="extendDomain" />
            ))}
            {measures.map((m) => {
              const prev = m.key.startsWith(PREVIOUS);
              const i = current.findIndex((c) => c.key === (prev ? m.key.slice(PREVIOUS.length) : m.key));
              return (
                <Line
                  key={m.key}
                  type="monotone"
                  dataKey={m.key}
                  name={m.label}
                  stroke={seriesColor(i < 0 ? 0 : i)}
                  strokeWidth={prev ? 1.5 : 2}
                  strokeDasharray={prev ? '5 4' : undefined}
                  strokeOpacity={prev ? 0.6 : 1}
                  dot={dots}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              );
            })}
          </LineChart>
        </ResponsiveContainer>
      </div>
    );
  }

  const horizontal = kind === 'hbar' || kind === 'funnel';
  const stacked = kind === 'stacked';
  const plotted = horizontal ? measures.slice(0, 1) : measures;
  const height = horizontal ? Math.max(160, data.length * 30 + 40) : 256;
  return (
    <div role="img" aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 40, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={!horizontal} vertical={horizontal} stroke="var(--border)" />
          {horizontal ? (
            <>
              <XAxis type="number" tickFormatter={tick} {...AXIS} />
              <YAxis type="category" dataKey={x.key} width={150} tickFormatter={(v: string) => (v.length > 22 ? `${v.slice(0, 21)}…` : v)} {...AXIS} />
            </>
          ) : (
            <>
              <XAxis dataKey={x.key} tickFormatter={xTick} {...AXIS} />
              <YAxis tickFormatter={tick} width={48} {...AXIS} />
            </>
          )}
          {tooltip}
          {plotted.length > 1 && <Legend wrapperStyle={{ fontSize: 12, ...(onSeriesClick ? { cursor: 'pointer' } : {}) }} {...legendClick} />}
          {plotted.map((m, i) => (
            <Bar key={m.key} dataKey={m.key} name={m.label} fill={seriesColor(i)} stackId={stacked ? 'a' : undefined} radius={stacked ? 0 : 3} isAnimationActive={false} {...(onCategoryClick ? { onClick: (_: unknown, index: number) => onCategoryClick(index), cursor: 'pointer' } : {})}>
              {kind === 'funnel' && data.map((_, j) => <Cell key={j} fill={seriesColor(j)} />)}
              {horizontal && <LabelList dataKey={m.key} position="right" formatter={(v: unknown) => formatValue(typeof v === 'number' ? v : null, m.kind)} className="fill-foreground text-xs" />}
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
