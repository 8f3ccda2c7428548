import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/cn';
import { displayCell, displayText, formatBucket, formatDateTime } from '@/lib/shape/format';
import type { ChartTable } from '@/lib/shape/table';

interface Props {
  table: ChartTable;
  caption: string;
  /** Per row: the URL of the view filtered by that row (drill-down), or null. */
  rowHrefs?: (string | null)[];
  /** What a row link does, for its accessible name ("Filter by search query"). */
  drillLabel?: string;
}

/** The numbers behind a chart, for keyboard and screen-reader users and for checking. */
export function DataTable({ table, caption, rowHrefs, drillLabel }: Props) {
  const [x, ...rest] = table.columns;
  if (!x) return null;
  const zone = table.window?.timeZone;
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
        {table.rows.map((r, i) => {
          const category = x.kind === 'time' ? (table.bucket ? formatBucket(String(r.values[x.key]), table.bucket, zone) : formatDateTime(String(r.values[x.key] ?? ''))) : displayText(r.label ?? String(r.values[x.key] ?? ''));
          const href = rowHrefs?.[i];
          return (
            <TableRow key={i} data-partial={r.partial || undefined} data-key={r.key}>
              <TableCell className="font-medium [overflow-wrap:anywhere]" title={r.label ? String(r.values[x.key] ?? '') : undefined}>
                {href ? (
                  <a href={href} className="underline decoration-dotted underline-offset-4 hover:decoration-solid" aria-label={drillLabel ? `${drillLabel}: ${category}` : undefined} data-testid="drill-link">
                    {category}
                  </a>
                ) : (
                  category
                )}
                {r.partial && (
                  <span className="ml-1.5 text-xs font-normal text-muted-foreground italic" title="The window cuts this period: it counts only the part inside">
                    (partial)
                  </span>
                )}
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
          );
        })}
      </TableBody>
    </Table>
  );
}
