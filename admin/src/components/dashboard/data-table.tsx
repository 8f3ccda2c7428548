import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/cn';
import { displayCell, displayText, formatBucket, formatDateTime } from '@/lib/shape/format';
import type { ChartTable } from '@/lib/shape/table';

/** The numbers behind a chart, for keyboard and screen-reader users and for checking. */
export function DataTable({ table, caption }: { table: ChartTable; caption: string }) {
  const [x, ...rest] = table.columns;
  if (!x) return null;
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeader>
        <TableRow>
          {table.columns.map((c, i) => (
            <TableHead key={c.key} scope="col" className={cn(i > 0 && c.kind !== 'text' && c.kind !== 'time' && 'text-right')}>
              {displayText(c.label)}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {table.rows.map((r, i) => (
          <TableRow key={i}>
            <TableCell className="font-medium [overflow-wrap:anywhere]" title={r.label ? String(r.values[x.key] ?? '') : undefined}>
              {x.kind === 'time' ? (table.bucket ? formatBucket(String(r.values[x.key]), table.bucket) : formatDateTime(String(r.values[x.key] ?? ''))) : displayText(r.label ?? String(r.values[x.key] ?? ''))}
            </TableCell>
            {rest.map((c) => {
              const withheld = r.suppressed.includes(c.key);
              return (
                <TableCell
                  key={c.key}
                  data-suppressed={withheld || undefined}
                  className={cn(c.kind !== 'text' && c.kind !== 'time' && 'text-right tabular-nums', withheld && 'text-xs text-muted-foreground italic')}
                >
                  {c.kind === 'time' ? formatDateTime(r.values[c.key] as string | null) : c.kind === 'text' ? displayText(String(r.values[c.key] ?? '')) : displayCell(r.values[c.key], c.kind, withheld, table.minGroupSize)}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
