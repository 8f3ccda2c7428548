'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { Download, Filter, Loader2, X } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { GUEST_ID_HINT, GUEST_ID_INPUT_PATTERN, GUEST_ID_MAX_LENGTH } from '@/lib/guest-id';
import { actorLabel, auditSummary, hasReceipt, type AuditRow } from '@/lib/shape/audit';
import { formatDateTime } from '@/lib/shape/format';

/** The filter form's fields, sent as they are: the route handler validates and the API hashes the guest id. */
export interface AuditFilterFields {
  guest_id: string;
  from_day: string;
  to_day: string;
}

export const NO_FILTER: AuditFilterFields = { guest_id: '', from_day: '', to_day: '' };

export const isFiltered = (f: AuditFilterFields) => Boolean(f.guest_id.trim() || f.from_day || f.to_day);

/** Fetches the CSV of the filter (POST: the guest id stays out of URLs) and hands it to the browser as a download. */
async function downloadCsv(filter: AuditFilterFields, csrf: string): Promise<string | null> {
  try {
    const res = await fetch('/api/privacy/audit/csv', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(filter),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      return body?.error?.message ?? `Export failed (${res.status}).`;
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'cbc-privacy-audit.csv';
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return null;
  } catch {
    return 'The dashboard could not be reached.';
  }
}

export function AuditLog({
  entries,
  error,
  csrf,
  onFilter,
}: {
  entries: AuditRow[];
  error: string | null;
  csrf: string;
  /** Applies a filter (and remembers it for the reloads after each request). */
  onFilter: (f: AuditFilterFields) => Promise<void>;
}) {
  const [fields, setFields] = useState<AuditFilterFields>(NO_FILTER);
  const [applied, setApplied] = useState<AuditFilterFields>(NO_FILTER);
  const [busy, setBusy] = useState<'filter' | 'csv' | null>(null);
  const [csvError, setCsvError] = useState<string | null>(null);

  const apply = async (f: AuditFilterFields) => {
    setBusy('filter');
    await onFilter(f);
    setApplied(f);
    setBusy(null);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void apply(fields);
  };
  const onClear = () => {
    setFields(NO_FILTER);
    void apply(NO_FILTER);
  };
  const onCsv = async () => {
    setBusy('csv');
    setCsvError(await downloadCsv(applied, csrf));
    setBusy(null);
  };
  const set = (k: keyof AuditFilterFields) => (e: React.ChangeEvent<HTMLInputElement>) => setFields((f) => ({ ...f, [k]: e.target.value }));

  return (
    <Card data-testid="audit-log" aria-busy={busy === 'filter'}>
      <CardHeader>
        <div className="space-y-1">
          <CardTitle>Audit log</CardTitle>
          <CardDescription>
            The latest 50 matching entries, newest first. Who: the staff member and, in brackets, the API key the dashboard used. Subjects appear only as keyed hashes: a guest-id filter is hashed by the API and kept nowhere.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log" data-testid="audit-filter">
          <div className="grid min-w-56 flex-1 gap-1.5">
            <Label htmlFor="audit-guest">Guest id</Label>
            <Input
              id="audit-guest"
              value={fields.guest_id}
              onChange={set('guest_id')}
              autoComplete="off"
              spellCheck={false}
              maxLength={GUEST_ID_MAX_LENGTH}
              pattern={GUEST_ID_INPUT_PATTERN}
              aria-describedby="audit-guest-hint"
            />
            <p id="audit-guest-hint" className="text-xs text-muted-foreground">
              {GUEST_ID_HINT}
            </p>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-from">From (UTC)</Label>
            <Input id="audit-from" type="date" value={fields.from_day} onChange={set('from_day')} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="audit-to">To (UTC, inclusive)</Label>
            <Input id="audit-to" type="date" value={fields.to_day} onChange={set('to_day')} />
          </div>
          <div className="flex gap-2">
            <Button type="submit" variant="secondary" disabled={busy !== null} data-testid="audit-filter-submit">
              {busy === 'filter' ? <Loader2 className="animate-spin" aria-hidden /> : <Filter aria-hidden />} Filter
            </Button>
            {isFiltered(applied) && (
              <Button type="button" variant="ghost" onClick={onClear} disabled={busy !== null} data-testid="audit-filter-clear">
                <X aria-hidden /> Clear
              </Button>
            )}
            <Button type="button" variant="outline" onClick={onCsv} disabled={busy !== null} data-testid="audit-csv">
              {busy === 'csv' ? <Loader2 className="animate-spin" aria-hidden /> : <Download aria-hidden />} CSV
            </Button>
          </div>
        </form>
        {csvError && (
          <Alert variant="destructive">
            <AlertTitle>CSV export failed</AlertTitle>
            <AlertDescription>
              <p>{csvError}</p>
            </AlertDescription>
          </Alert>
        )}
        {error ? (
          <Alert variant="destructive" data-testid="audit-error">
            <AlertTitle>The audit log could not be loaded</AlertTitle>
            <AlertDescription>
              <p>{error}</p>
            </AlertDescription>
          </Alert>
        ) : entries.length === 0 ? (
          <p className="text-sm text-muted-foreground" data-testid="audit-empty">
            {isFiltered(applied) ? 'No entries match this filter.' : 'No requests yet.'}
          </p>
        ) : (
          <Table>
            <caption className="sr-only">Privacy audit log</caption>
            <TableHeader>
              <TableRow>
                <TableHead scope="col">When</TableHead>
                <TableHead scope="col">Action</TableHead>
                <TableHead scope="col">Result</TableHead>
                <TableHead scope="col">Subject</TableHead>
                <TableHead scope="col">Who</TableHead>
                <TableHead scope="col">Details</TableHead>
                <TableHead scope="col">
                  <span className="sr-only">Receipt</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((e) => (
                <TableRow key={e.audit_id} data-action={e.action} data-audit-id={e.audit_id} data-subject={e.subject_hash ?? ''}>
                  <TableCell>{formatDateTime(e.at)}</TableCell>
                  <TableCell>{e.action}</TableCell>
                  <TableCell>
                    <Badge variant={e.result === 'success' ? 'success' : 'destructive'}>{e.result}</Badge>
                  </TableCell>
                  <TableCell className="font-mono text-xs" title={e.subject_hash ?? ''}>
                    {e.subject_hash ? `${e.subject_hash.slice(0, 12)}…` : '—'}
                  </TableCell>
                  <TableCell data-testid="audit-actor">{actorLabel(e)}</TableCell>
                  <TableCell className="text-xs text-muted-foreground">{auditSummary(e)}</TableCell>
                  <TableCell>
                    {hasReceipt(e) && (
                      <Link href={`/privacy/receipts/${e.audit_id}`} className="text-xs underline underline-offset-2">
                        Receipt
                      </Link>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
