import { AlertTriangle, X } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { unappliedFilters } from '@/lib/charts/load';
import { humanize } from '@/lib/shape/format';
import { FILTER_LABELS, viewQuery, withFilter, type ParsedView } from '@/lib/view';
import type { AnalyticsMetric, FilterName } from '@cbc/contract/metric-vocabulary';

interface Props {
  view: ParsedView;
  /** The page's metric: filters it cannot take are named as such on their chip. */
  metric: AnalyticsMetric;
}

const CLOSED = new Set<FilterName>(['guest_type', 'channel', 'service_type']);

/**
 * Under the page header: what in the URL could not be honoured (an invalid date, an unknown
 * filter value), then one chip per filter with a link that removes it. Links, not buttons: a
 * chip works without JavaScript and its target is a URL like every other view.
 */
export function FilterChips({ view, metric }: Props) {
  const names = Object.keys(view.filters) as FilterName[];
  const unapplied = new Set(unappliedFilters(metric, view));
  if (names.length === 0 && view.problems.length === 0) return null;
  return (
    <div className="space-y-3">
      {view.problems.length > 0 && (
        <Alert variant="warning" data-testid="view-problems">
          <AlertTriangle aria-hidden />
          <AlertTitle>Part of this link could not be shown</AlertTitle>
          <AlertDescription>
            {view.problems.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </AlertDescription>
        </Alert>
      )}
      {names.length > 0 && (
        <nav aria-label="Filters" className="flex flex-wrap items-center gap-2" data-testid="filter-chips">
          <span className="text-xs text-muted-foreground">Filtered by</span>
          {names.map((f) => {
            const value = view.filters[f]!;
            const shown = CLOSED.has(f) ? humanize(value) : value;
            return (
              <span key={f} className="inline-flex items-center gap-1 rounded-full border bg-secondary py-0.5 pr-1 pl-3 text-xs text-secondary-foreground" data-testid={`chip-${f}`} data-value={value}>
                <span>
                  {FILTER_LABELS[f]}: <span className="font-medium">{shown}</span>
                  {unapplied.has(f) && <span className="text-muted-foreground"> (not applicable on this page)</span>}
                </span>
                <a
                  href={`?${viewQuery(withFilter(view, f, undefined))}`}
                  className="inline-flex size-5 items-center justify-center rounded-full hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring"
                  aria-label={`Remove filter ${FILTER_LABELS[f]}: ${shown}`}
                  data-testid={`chip-remove-${f}`}
                >
                  <X className="size-3" aria-hidden />
                </a>
              </span>
            );
          })}
          {names.length > 1 && (
            <a href={`?${viewQuery({ ...view, filters: {} })}`} className="text-xs underline underline-offset-4" data-testid="chips-clear">
              Clear all
            </a>
          )}
        </nav>
      )}
    </div>
  );
}
