import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AuditEntry } from '@cbc/contract';
import { formatDateTime } from '@/lib/shape/format';

/** What an audit entry did, in a few words (the details are JSON of varying shape). */
function summary(e: AuditEntry): string {
  const d = (e.details ?? {}) as Record<string, unknown>;
  if (e.action === 'export' && Array.isArray(d.manifest)) {
    const n = (d.manifest as { count?: number }[]).reduce((a, m) => a + (m.count ?? 0), 0);
    return `export ${String(d.export_id ?? '').slice(0, 8)} · ${n} rows`;
  }
  if (e.action === 'delete' && d.deleted && typeof d.deleted === 'object') {
    const del = d.deleted as { raw_events?: number; marts?: Record<string, number> };
    const marts = Object.values(del.marts ?? {}).reduce((a, b) => a + b, 0);
    return `receipt ${String(d.receipt_id ?? '').slice(0, 8)} · ${del.raw_events ?? 0} events, ${marts} mart rows`;
  }
  if (typeof d.error === 'string') return `error ${d.error}`;
  return Object.keys(d).slice(0, 3).join(', ');
}

export function AuditLog({ entries }: { entries: AuditEntry[] }) {
  return (
    <Card data-testid="audit-log">
      <CardHeader>
        <div className="space-y-1">
          <CardTitle>Audit log</CardTitle>
          <CardDescription>The latest 50 entries, newest first. Subjects appear only as keyed hashes; the actor is the API key the request came with.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {entries.length === 0 ? (
          <p className="text-sm text-muted-foreground">No requests yet.</p>
        ) : (
          <Table>
            <caption className="sr-only">Privacy audit log</caption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">When</TableHead>
                <TableHead scope="col">Action</TableHead>
                <TableHead scope="col">Result</TableHead>
                <TableHead scope="col">Subject</TableHead>
                <TableHead scope="col">Actor</TableHead>
                <TableHead scope="col">Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((e) => (
                <TableRow key={e.audit_id} data-action={e.action}>
                  <TableCell>{formatDateTime(e.at)}</TableCell>
                  <TableCell>{e.action}</TableCell>
                  <TableCell>
                    <Badge variant={e.result === 'success' ? 'success' : 'destructive'}>{e.result}</Badge>
                  </TableCell>
                  <TableCell className="font-mono text-xs" title={e.subject_hash ?? ''}>
                    {e.subject_hash ? `${e.subject_hash.slice(0, 12)}…` : '—'}
                  </TableCell>
                  <TableCell>{e.actor}</TableCell>
                  <TableCell className="text-xs text-muted-foreground">{summary(e)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
