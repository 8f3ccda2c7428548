import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatValue } from '@/lib/shape/format';

/** Rows per store: an export's manifest, an erasure's deletions. */
export function RowCounts({ caption, rows }: { caption: string; rows: [string, number][] }) {
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Store</TableHead>
          <TableHead scope="col" className="text-right">
            Rows
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map(([store, n]) => (
          <TableRow key={store} data-source={store} data-count={n}>
            <TableCell className="font-mono text-xs">{store}</TableCell>
            <TableCell className="text-right tabular-nums">{formatValue(n, 'count')}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
