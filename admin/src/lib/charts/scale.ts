import { hoursFrom, SCORE_MAX } from '../shape/format';
import type { ValueKind } from '../shape/table';

/** A step of 1, 2, 2.5 or 5 × 10ⁿ: ticks people read at a glance. */
function niceStep(raw: number, integer: boolean): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
  return integer ? Math.max(1, Math.ceil(step)) : step;
}

/**
 * The value axis of a chart: ticks from 0 to a round top at or above the largest value. Scores
 * use their whole scale (charts of different windows stay comparable), rates never pass 100 %
 * needlessly, and durations tick in whole hours once the axis reads in hours.
 */
export function valueTicks(max: number, kind: ValueKind, count = 4): number[] {
  if (kind === 'score') return [0, 1, 2, 3, 4, SCORE_MAX];
  const hi = Number.isFinite(max) && max > 0 ? max : 1;
  const unit = kind === 'minutes' && hoursFrom(hi) ? 60 : 1;
  const step = niceStep(hi / unit / count, kind === 'count') * unit;
  const n = Math.max(1, Math.ceil(hi / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Which of n category labels to print so that at most `max` show, evenly spaced from the first. */
export function labelIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  const step = Math.max(1, Math.ceil(n / Math.max(1, max)));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}
