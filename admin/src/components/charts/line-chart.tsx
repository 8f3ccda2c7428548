'use client';

import { useState, type PointerEvent } from 'react';
import { labelIndices, valueTicks } from '@/lib/charts/scale';
import { formatAxis, formatBucket, displayText } from '@/lib/shape/format';
import { PREVIOUS } from '@/lib/shape/series';
import type { ChartTable, Column } from '@/lib/shape/table';
import { seriesColor } from './chart-theme';
import { ChartTooltip } from './chart-tooltip';
import { Legend } from './legend';

// The drawing is a 1000 × 1000 user space stretched over the plot box (preserveAspectRatio
// none), so it needs no measuring and the server sends it finished; strokes keep their screen
// width (non-scaling-stroke) and every text is HTML placed in percent, so nothing is distorted.
const W = 1000;
const H = 1000;

/** Colour index per measure column: a previous-period column takes its measure's colour. */
export function measureColors(measures: Column[]): number[] {
  const current = measures.filter((m) => !m.key.startsWith(PREVIOUS));
  return measures.map((m) => {
    const i = current.findIndex((c) => c.key === (m.key.startsWith(PREVIOUS) ? m.key.slice(PREVIOUS.length) : m.key));
    return i < 0 ? 0 : i;
  });
}

interface Props {
  table: ChartTable;
  label: string;
  interactive: boolean;
  /** Per column key: the view filtered by that series, for its legend entry. */
  seriesHrefs?: Record<string, string>;
}

/**
 * A trend: one line per measure (or segment value), gaps where a value is withheld or
 * undefined, a dashed marker where a whole bucket is withheld, dashed lines for the previous
 * period. Hovering shows every value of the bucket.
 */
export function LineChart({ table, label, interactive, seriesHrefs }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const [x, ...measures] = table.columns as [Column, ...Column[]];
  const rows = table.rows;
  const n = rows.length;
  const colors = measureColors(measures);
  const kind = measures[0]?.kind ?? 'count';
  const values = rows.flatMap((r) => measures.map((m) => r.values[m.key])).filter((v): v is number => typeof v === 'number');
  const ticks = valueTicks(Math.max(0, ...values), kind);
  const top = ticks[ticks.length - 1]!;
  const px = (i: number) => (n === 1 ? W / 2 : (i / (n - 1)) * W);
  const py = (v: number) => H - (v / top) * H;
  const current = measures.filter((m) => !m.key.startsWith(PREVIOUS));
  const withheld = rows.flatMap((r, i) => (current.length > 0 && current.every((m) => r.suppressed.includes(m.key)) ? [i] : []));
  const hourly = table.bucket === 'hour' || table.bucket === 'minute';
  const xLabels = labelIndices(n, hourly ? 4 : 6);
  const xText = (i: number) => {
    const v = rows[i]!.values[x.key];
    return x.kind === 'time' ? formatBucket(String(v), table.bucket, table.window?.timeZone) : displayText(String(v ?? ''));
  };

  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const f = box.width > 0 ? (e.clientX - box.left) / box.width : 0;
    setHover(Math.min(n - 1, Math.max(0, Math.round(f * (n - 1)))));
  };

  return (
    <div className="w-full" data-chart="line" data-series={measures.length}>
      <div role="img" aria-label={label} className="relative h-64 w-full">
        <div className="absolute top-2 right-2 bottom-7 left-16">
          {ticks.map((t) => (
            <span key={t} className="absolute right-full mr-2 -translate-y-1/2 text-xs whitespace-nowrap text-muted-foreground tabular-nums" style={{ top: `${(1 - t / top) * 100}%` }} data-axis="y">
              {formatAxis(t, kind, top)}
            </span>
          ))}
          <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" className="absolute inset-0 size-full overflow-visible" aria-hidden data-plot>
            {ticks.map((t) => (
              <line key={t} x1={0} x2={W} y1={py(t)} y2={py(t)} stroke="var(--border)" strokeWidth={1} vectorEffect="non-scaling-stroke" />
            ))}
            {withheld.map((i) => (
              <line key={`w${i}`} x1={px(i)} x2={px(i)} y1={0} y2={H} stroke="var(--muted-foreground)" strokeOpacity={0.55} strokeWidth={1} strokeDasharray="2 3" vectorEffect="non-scaling-stroke" data-withheld-marker />
            ))}
            {measures.map((m, k) => {
              const prev = m.key.startsWith(PREVIOUS);
              const { d, dots } = path(rows.map((r) => r.values[m.key]), px, py, n <= 40);
              const color = seriesColor(colors[k]!);
              return (
                <g key={m.key} data-series-key={m.key}>
                  <path d={d} fill="none" stroke={color} strokeWidth={prev ? 1.5 : 2} strokeDasharray={prev ? '5 4' : undefined} strokeLinejoin="round" vectorEffect="non-scaling-stroke" data-line />
                  {dots && <path d={dots} fill="none" stroke={color} strokeWidth={prev ? 4 : 5} strokeLinecap="round" vectorEffect="non-scaling-stroke" />}
                </g>
              );
            })}
          </svg>
          {xLabels.map((i) => {
            const left = (px(i) / W) * 100;
            const align = n > 1 && i === 0 ? 'translate-x-0' : left >= 85 ? '-translate-x-full' : '-translate-x-1/2';
            return (
              <span key={i} className={`absolute top-full mt-1.5 text-xs whitespace-nowrap text-muted-foreground ${align}`} style={{ left: `${left}%` }} data-axis="x">
                {xText(i)}
              </span>
            );
          })}
          {interactive && (
            <div className="absolute inset-0" onPointerMove={onMove} onPointerLeave={() => setHover(null)} data-hover-layer>
              {hover !== null && rows[hover] && (
                <>
                  <div className="pointer-events-none absolute inset-y-0 w-px bg-muted-foreground/40" style={{ left: `${(px(hover) / W) * 100}%` }} />
                  <div className={`pointer-events-none absolute top-0 z-10 ${px(hover) > W / 2 ? '-translate-x-full pr-3' : 'pl-3'}`} style={{ left: `${(px(hover) / W) * 100}%` }}>
                    <ChartTooltip table={table} row={rows[hover]} colors={colors} />
                  </div>
                </>
              )}
            </div>
          )}
        </div>
      </div>
      {measures.length > 1 && <Legend items={measures.map((m, k) => ({ key: m.key, label: m.label, color: colors[k]!, dashed: m.key.startsWith(PREVIOUS), href: seriesHrefs?.[m.key] }))} />}
    </div>
  );
}

/** The line's path, broken at every missing value, and a dot for each point (or only isolated ones). */
function path(values: (string | number | null | undefined)[], px: (i: number) => number, py: (v: number) => number, allDots: boolean) {
  let d = '';
  let dots = '';
  values.forEach((v, i) => {
    if (typeof v !== 'number') return;
    const p = `${px(i).toFixed(1)} ${py(v).toFixed(1)}`;
    d += typeof values[i - 1] === 'number' ? ` L${p}` : ` M${p}`;
    // A point with no neighbour draws no line: without a dot it would not show at all.
    if (allDots || (typeof values[i - 1] !== 'number' && typeof values[i + 1] !== 'number')) dots += ` M${p} h0`;
  });
  return { d: d.trim(), dots: dots.trim() };
}
