import { displayText } from '@/lib/shape/format';
import { seriesColor } from './chart-theme';

export interface LegendItem {
  key: string;
  label: string;
  color: number;
  /** A previous-period line: drawn dashed in the chart, so here too. */
  dashed?: boolean;
  /** The view filtered by this series (drill-down): the entry is a link. */
  href?: string;
}

/** Which colour is which series; labels wrap rather than clip. */
export function Legend({ items, shape = 'line' }: { items: LegendItem[]; shape?: 'line' | 'square' }) {
  return (
    <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-foreground" aria-label="Legend" data-legend>
      {items.map((it) => (
        <li key={it.key} className="flex min-w-0 items-center gap-1.5" data-legend-item data-color={it.color}>
          {shape === 'line' ? (
            <svg aria-hidden width="16" height="8" className="shrink-0" data-swatch>
              <line x1="0" x2="16" y1="4" y2="4" stroke={seriesColor(it.color)} strokeWidth="2.5" strokeDasharray={it.dashed ? '4 3' : undefined} />
            </svg>
          ) : (
            <span aria-hidden className="inline-block size-2.5 shrink-0 rounded-sm" style={{ background: seriesColor(it.color) }} data-swatch />
          )}
          {it.href ? (
            <a href={it.href} className="break-words underline decoration-dotted underline-offset-4 hover:decoration-solid" data-testid="legend-drill-link">
              {displayText(it.label)}
            </a>
          ) : (
            <span className="break-words">{displayText(it.label)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
