import type { ReactNode } from 'react';
import { ArrowDownRight, ArrowRight, ArrowUpRight } from 'lucide-react';
import { Card } from '@/components/ui/card';
import { cn } from '@/lib/cn';
import { change, describeChange, NO_COMPARISON } from '@/lib/shape/change';
import { formatValue, suppressedText } from '@/lib/shape/format';
import type { ValueKind } from '@/lib/shape/table';
import type { MetricResponse } from '@cbc/contract';

export interface KpiSpec {
  key: string;
  label: string;
  kind: ValueKind;
  /** For rates where lower is better (handoff, zero results, SLA breaches). */
  lowerIsBetter?: boolean;
  /** A line under the figure from the same totals: what the rate or average stands on. */
  detail?: (totals: Totals) => string | null;
}

type Totals = Record<string, number | null | undefined>;

/** "8 of 64 requests": the count behind a rate. */
export const countOf =
  (part: string, whole: string, noun: string) =>
  (t: Totals): string | null => {
    const p = t[part];
    const w = t[whole];
    return typeof p === 'number' && typeof w === 'number' ? `${formatValue(p, 'count')} of ${formatValue(w, 'count')} ${noun}` : null;
  };

/** "from 37 ratings": how many answers an average stands on. */
export const basedOn =
  (key: string, noun: string) =>
  (t: Totals): string | null => {
    const n = t[key];
    return typeof n === 'number' ? `from ${formatValue(n, 'count')} ${n === 1 ? noun.replace(/s$/, '') : noun}` : null;
  };

interface Props {
  spec: KpiSpec;
  value: number | null | undefined;
  previous: number | null | undefined;
  /** The whole window had fewer than k guests: the figure is withheld. */
  withheld: boolean;
  minGroupSize: number;
  /** What the figure stands on ("8 of 64 requests", "from 37 ratings"). */
  detail?: string | null;
}

/**
 * A headline figure and its change against the previous period of the same length, with the
 * previous period's own figure: "+12%" alone does not say whether 3 became 4 or 3,000 became 3,400.
 */
export function KpiCard({ spec, value, previous, withheld, minGroupSize, detail }: Props) {
  const c = change(withheld ? null : value, previous, spec.kind);
  const text = describeChange(c, spec.kind, previous);
  // "new" (nothing in the previous period) is neither better nor worse: never red or green.
  const good = c.direction === 'flat' || c.direction === null || text === 'new' ? null : (c.direction === 'up') !== Boolean(spec.lowerIsBetter);
  const Icon = text === 'new' ? ArrowRight : c.direction === 'up' ? ArrowUpRight : c.direction === 'down' ? ArrowDownRight : ArrowRight;
  const shown = !(withheld || value === null || value === undefined);
  return (
    <Card className="gap-1 px-4 py-4" data-testid={`kpi-${spec.key}`}>
      <p className="text-xs font-medium text-muted-foreground">{spec.label}</p>
      {shown ? (
        <p className="text-2xl font-semibold tabular-nums" data-value={value}>
          {formatValue(value, spec.kind)}
        </p>
      ) : (
        <p className="text-sm text-muted-foreground italic" data-suppressed>
          {withheld ? suppressedText(minGroupSize) : 'no data'}
        </p>
      )}
      {shown && detail && (
        <p className="text-xs text-muted-foreground tabular-nums" data-kpi-detail>
          {detail}
        </p>
      )}
      <p className={cn('flex items-start gap-1 text-xs', good === true && 'text-success', good === false && 'text-destructive', good === null && 'text-muted-foreground')} data-kpi-change>
        {text ? (
          <>
            <Icon className="mt-px size-3.5 shrink-0" aria-hidden />
            <span>
              {text}{' '}
              <span className="text-muted-foreground">
                {text === 'new' ? '(none in the previous period)' : `vs ${formatValue(previous, spec.kind)} in the previous period`}
              </span>
            </span>
          </>
        ) : (
          <span>{NO_COMPARISON}</span>
        )}
      </p>
    </Card>
  );
}

export function KpiGrid({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">{children}</div>;
}

/** KPI cards straight from a metric answer's totals and previous_totals. */
export function MetricKpis({ response, specs }: { response: MetricResponse; specs: KpiSpec[] }) {
  const totals = response.totals as Record<string, number | null | undefined>;
  const previous = (response.previous_totals ?? {}) as Record<string, number | null | undefined>;
  // Totals are withheld as a whole (guests: null) when fewer than k guests stand behind them.
  const withheld = totals.guests === null || totals.guests === undefined;
  return (
    <>
      {'stale' in response ? <StaleNotice response={response} /> : null}
      <KpiGrid>
        {specs.map((s) => (
          <KpiCard key={s.key} spec={s} value={totals[s.key]} previous={previous[s.key]} withheld={withheld} minGroupSize={response.min_group_size} detail={s.detail?.(totals)} />
        ))}
      </KpiGrid>
    </>
  );
}

/**
 * The API serves the marts of the latest build even when some of its checks failed (or while it
 * still runs), and says so; staff must see that before they act on the numbers.
 */
export function StaleNotice({ response }: { response: { stale?: true; failed_checks?: string[] } }) {
  if (!response.stale) return null;
  const failed = response.failed_checks ?? [];
  return (
    <p role="status" data-stale="true" className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
      {failed.length > 0
        ? `Unverified: these figures come from a data build whose checks failed (${failed.join(', ')}). Operations shows the run; treat the figures with care until a build passes.`
        : 'Unverified: a data build is running, so these figures may change when it finishes.'}
    </p>
  );
}
