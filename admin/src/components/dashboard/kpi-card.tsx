import type { ReactNode } from 'react';
import { ArrowDownRight, ArrowRight, ArrowUpRight } from 'lucide-react';
import { Card } from '@/components/ui/card';
import { cn } from '@/lib/cn';
import { change, describeChange } from '@/lib/shape/change';
import { formatValue, suppressedText } from '@/lib/shape/format';
import type { ValueKind } from '@/lib/shape/table';
import type { MetricResponse } from '@cbc/contract';

export interface KpiSpec {
  key: string;
  label: string;
  kind: ValueKind;
  /** For rates where lower is better (handoff, zero results, SLA breaches). */
  lowerIsBetter?: boolean;
}

interface Props {
  spec: KpiSpec;
  value: number | null | undefined;
  previous: number | null | undefined;
  /** The whole window had fewer than k guests: the figure is withheld. */
  withheld: boolean;
  minGroupSize: number;
}

/** A headline figure and its change against the previous period of the same length. */
export function KpiCard({ spec, value, previous, withheld, minGroupSize }: Props) {
  const c = change(withheld ? null : value, previous, spec.kind);
  const text = describeChange(c, spec.kind, previous);
  const good = c.direction === 'flat' || c.direction === null ? null : (c.direction === 'up') !== Boolean(spec.lowerIsBetter);
  const Icon = c.direction === 'up' ? ArrowUpRight : c.direction === 'down' ? ArrowDownRight : ArrowRight;
  return (
    <Card className="gap-1 px-4 py-4" data-testid={`kpi-${spec.key}`}>
      <p className="text-xs font-medium text-muted-foreground">{spec.label}</p>
      {withheld || value === null || value === undefined ? (
        <p className="text-sm text-muted-foreground italic" data-suppressed>
          {withheld ? suppressedText(minGroupSize) : 'no data'}
        </p>
      ) : (
        <p className="text-2xl font-semibold tabular-nums" data-value={value}>
          {formatValue(value, spec.kind)}
        </p>
      )}
      <p className={cn('flex items-center gap-1 text-xs', good === true && 'text-success', good === false && 'text-destructive', good === null && 'text-muted-foreground')}>
        {text ? (
          <>
            <Icon className="size-3.5" aria-hidden />
            <span>
              {text} <span className="text-muted-foreground">vs previous period</span>
            </span>
          </>
        ) : (
          <span>no comparison available</span>
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
          <KpiCard key={s.key} spec={s} value={totals[s.key]} previous={previous[s.key]} withheld={withheld} minGroupSize={response.min_group_size} />
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
