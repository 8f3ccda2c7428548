import { Download, EyeOff } from 'lucide-react';
import { Chart } from '@/components/charts/chart';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import type { ChartDefinition } from '@/lib/charts/definitions';
import { cn } from '@/lib/cn';
import { suppressedText } from '@/lib/shape/format';
import { nonZeroPoints, plottedPoints, type ChartTable } from '@/lib/shape/table';
import { viewQuery, type ViewParams } from '@/lib/view';
import { DataTable } from './data-table';

interface Props {
  def: ChartDefinition;
  table: ChartTable;
  view?: ViewParams;
  className?: string;
}

/**
 * One chart: the drawing (client leaf), its numbers in a disclosure table, the withheld-cells
 * note, and a CSV link that asks the server to rebuild exactly this table.
 */
export function ChartCard({ def, table, view, className }: Props) {
  const csv = `/api/csv/${def.id}${view ? `?${viewQuery(view)}` : ''}`;
  // One line per segment value and period would be unreadable: comparison is unsegmented only.
  const compareNote = def.source === 'metric' && def.trend && view?.compare && view.segment !== 'none' ? 'The previous period is drawn without a segment only: choose “No segment” to compare.' : null;
  const headingId = `chart-${def.id}-title`;
  return (
    <Card className={cn('min-w-0', className)} aria-labelledby={headingId} data-testid={`chart-${def.id}`} data-points={plottedPoints(table)} data-nonzero={nonZeroPoints(table)} data-rows={table.rows.length}>
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
      <CardContent className="min-w-0">
        {def.kind === 'table' ? <DataTable table={table} caption={def.title} /> : <Chart table={table} kind={def.kind} label={`${def.title} chart`} />}
      </CardContent>
      {(table.suppressedCells > 0 || table.note || compareNote || def.kind !== 'table') && (
        <CardFooter className="flex-col items-start gap-2">
          {table.suppressedCells > 0 && (
            <p className="flex items-center gap-1.5" data-testid="suppressed-note">
              <EyeOff className="size-3.5" aria-hidden />
              {table.suppressedCells} {table.suppressedCells === 1 ? 'value is' : 'values are'} withheld: {suppressedText(table.minGroupSize)} each (gaps and dashed markers in the chart, never zeros).
            </p>
          )}
          {table.note && <p>{table.note}</p>}
          {compareNote && <p>{compareNote}</p>}
          {def.kind !== 'table' && table.rows.length > 0 && (
            <details className="w-full">
              <summary className="cursor-pointer rounded-sm py-1 font-medium text-foreground">Show data</summary>
              <div className="mt-2 max-h-80 overflow-auto">
                <DataTable table={table} caption={def.title} />
              </div>
            </details>
          )}
        </CardFooter>
      )}
    </Card>
  );
}
