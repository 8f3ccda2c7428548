import type { ValueKind } from './table';
import { formatValue } from './format';

export interface Change {
  /** current − previous (for rates: in fractions, shown as percentage points). */
  delta: number | null;
  /** (current − previous) / previous for counts; null for rates or a zero/unknown previous. */
  relative: number | null;
  direction: 'up' | 'down' | 'flat' | null;
}

/**
 * Change against the previous period of the same length. Unknown (withheld or missing) on
 * either side means no change can be stated: null, shown as "no comparison", never as 0 %.
 */
export function change(current: number | null | undefined, previous: number | null | undefined, kind: ValueKind): Change {
  if (current === null || current === undefined || previous === null || previous === undefined) {
    return { delta: null, relative: null, direction: null };
  }
  const delta = current - previous;
  const eps = kind === 'rate' ? 0.0005 : 1e-9;
  const direction = Math.abs(delta) < eps ? 'flat' : delta > 0 ? 'up' : 'down';
  const relative = kind === 'rate' || previous === 0 ? null : delta / previous;
  return { delta, relative, direction };
}

const pct = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'always' });
const pp = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'always' });

/**
 * "+12.5%", "−3.0 pp", "new" (from zero: neither good nor bad), "no change", or null when
 * nothing can be said (shown as NO_COMPARISON).
 */
export function describeChange(c: Change, kind: ValueKind, previous: number | null | undefined): string | null {
  if (c.delta === null) return null;
  if (c.direction === 'flat') return 'no change';
  if (kind === 'rate') return `${pp.format(c.delta * 100)} pp`;
  if (c.relative === null) return previous === 0 ? 'new' : `${c.delta > 0 ? '+' : ''}${formatValue(c.delta, kind)}`;
  return `${pct.format(c.relative * 100)}%`;
}

/** The one wording for "either period is withheld or missing". */
export const NO_COMPARISON = 'no comparison available';
