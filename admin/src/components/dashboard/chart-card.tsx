import { Download, EyeOff, FilterX } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import type { ChartDefinition } from '@/lib/charts/definitions';
import { unappliedFilters } from '@/lib/charts/load';
import { cn } from '@/lib/cn';
import { formatBucket, suppressedText, zoneLabel } from '@/lib/shape/format';
import { nonZeroPoints, plottedPoints, type ChartTable } from '@/lib/shape/table';
import { FILTER_LABELS, isFilterValue, viewQuery, withFilter, type ViewParams } from '@/lib/view';
import type { FilterName, Segment } from '@cbc/contract/metric-vocabulary';
import { DataTable } from './data-table';
import { Chart } from '@/components/charts/chart';

interface Props {
  def: ChartDefinition;
  table: ChartTable;
  view?: ViewParams;
  className?: string;
}

const WIDTH_NAMES = { minute: 'Per minute', hour: 'Hourly', day: 'Daily', week: 'Weekly', month: 'Monthly' } as const;

/** The URL of the view narrowed to one value (relative: the page stays the same). */
function drillHref(view: ViewParams, filter: FilterName, value: string | undefined, segment?: Segment): string | null {
  if (!value || !isFilterValue(filter, value)) return null;
  return `?${viewQuery(withFilter(segment ? { ...view, segment } : view, filter, value))}`;
}

/**
 * One chart: the drawing (client leaf), its numbers in a disclosure table, the notes that say
 * how to read it (time zone, bucket width and why, partial periods, withheld cells, filters the
 * metric cannot take), and a CSV link that asks the server to rebuild exactly this table.
 */
export function ChartCard({ def, table, view, className }: Props) {
  const csv = `/api/csv/${def.id}${view ? `?${viewQuery(view)}` : ''}`;
  const metric = def.source === 'metric' ? def : null;
  // One line per segment value and period would be unreadable: comparison is unsegmented only.
  const compareNote = metric?.trend && view?.compare && view.segment !== 'none' ? 'The previous period is drawn without a segment only: choose “No segment” to compare.' : null;
  // Rows stand for a filter's values (top lists, breakdowns); a segmented trend's series for the segment's.
  const rowHrefs = metric?.drill && view ? table.rows.map((r) => drillHref(view, metric.drill!, r.key)) : undefined;
  const segmentFilter = metric?.trend && view && view.segment !== 'none' ? (view.segment as FilterName) : null;
  const seriesHrefs =
    segmentFilter && view
      ? Object.fromEntries(table.columns.slice(1).flatMap((c) => {
          const href = drillHref(view, segmentFilter, c.key, 'none');
          return href ? [[c.key, href]] : [];
        }))
      : undefined;
  const unapplied = metric && view ? unappliedFilters(metric.metric, view) : [];
  const partial = table.rows.filter((r) => r.partial).map((r) => formatBucket(String(r.values.bucket), table.bucket, table.window?.timeZone));
  const headingId = `chart-${def.id}-title`;
  const drillLabel = metric?.drill ? `Filter by ${FILTER_LABELS[metric.drill].toLowerCase()}` : undefined;
  return (
    <Card className={cn('min-w-0', className)} aria-labelledby={headingId} data-testid={`chart-${def.id}`} data-points={plottedPoints(table)} data-nonzero={nonZeroPoints(table)} data-rows={table.rows.length} data-bucket={table.bucket}>
      <CardHeader>
        <div className="min-w-0 space-y-1">
          <CardTitle id={headingId}>{def.title}</CardTitle>
          <CardDescription>{def.description}</CardDescription>
        </div>
        <Button asChild variant="outline" size="sm">
          <a href={csv} download aria-label={`Download ${def.title} as CSV`} data-testid={`csv-${def.id}`}>
            <Download aria-hidden /> CSV
          </a>
        </Button>
      </CardHeader>
      <CardContent className="min-w-0 space-y-2">
        {unapplied.length > 0 && (
          <p className="flex items-start gap-1.5 rounded-md border border-dashed px-2 py-1.5 text-xs text-muted-foreground" data-testid="unfiltered-note">
            <FilterX className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            Not filtered by {unapplied.map((f) => FILTER_LABELS[f].toLowerCase()).join(' or ')}: these figures have no such dimension, so they count everything in the period.
          </p>
        )}
        {def.kind === 'table' ? (
          <DataTable table={table} caption={def.title} />
        ) : (
          <Chart table={table} kind={def.kind} label={`${def.title} chart`} rowHrefs={rowHrefs} seriesHrefs={seriesHrefs} />
        )}
        {table.window && (
          <p className="text-xs text-muted-foreground" data-testid="zone-note">
            {zoneLabel(table.window.timeZone, table.window.from, table.window.to)}
            {table.bucket && metric?.trend && (
              <span data-testid="bucket-note">
                {' · '}
                {WIDTH_NAMES[table.bucket]} values{table.window.bucketReason && <> (chosen automatically: {table.window.bucketReason})</>}
              </span>
            )}
          </p>
        )}
      </CardContent>
      {(table.suppressedCells > 0 || table.note || compareNote || partial.length > 0 || def.kind !== 'table') && (
        <CardFooter className="flex-col items-start gap-2">
          {partial.length > 0 && (
            <p data-testid="partial-note">
              Partial {partial.length === 1 ? 'period' : 'periods'}: {partial.join(' and ')} — cut by the window, {partial.length === 1 ? 'it counts' : 'they count'} only the part inside it (marked “partial” in the table).
            </p>
          )}
          {table.suppressedCells > 0 && (
            <p className="flex items-center gap-1.5" data-testid="suppressed-note">
              <EyeOff className="size-3.5" aria-hidden />
              {table.suppressedCells} {table.suppressedCells === 1 ? 'value is' : 'values are'} withheld: {suppressedText(table.minGroupSize)} each (gaps and dashed markers in the chart, never zeros).
            </p>
          )}
          {table.note && <p>{table.note}</p>}
          {compareNote && <p>{compareNote}</p>}
          {(rowHrefs || seriesHrefs) && <p className="text-xs">Click a {rowHrefs ? 'bar or a row' : 'legend entry'} to filter the whole dashboard by it.</p>}
          {def.kind !== 'table' && table.rows.length > 0 && (
            <details className="w-full">
              <summary className="cursor-pointer rounded-sm py-1 font-medium text-foreground">Show data</summary>
              <div className="mt-2 max-h-80 overflow-auto">
                <DataTable table={table} caption={def.title} rowHrefs={rowHrefs} drillLabel={drillLabel} />
              </div>
            </details>
          )}
        </CardFooter>
      )}
    </Card>
  );
}
