'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Download, FileSearch, Loader2, Trash2 } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { isGuestId } from '@/lib/guest-id';
import type { ErasureReceipt, ExportBundle } from '@cbc/contract';
import { formatDateTime, formatValue } from '@/lib/shape/format';

type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/** POSTs to the dashboard's own route handlers (same origin, session cookie, CSRF token). */
async function post<T>(path: string, guestId: string, csrf: string): Promise<Result<T>> {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify({ guest_id: guestId }),
    });
    const body = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (!res.ok) return { ok: false, message: body?.error?.message ?? `Request failed (${res.status}).` };
    return { ok: true, value: body as T };
  } catch {
    return { ok: false, message: 'The dashboard could not be reached.' };
  }
}

export function PrivacyConsole({ csrf }: { csrf: string }) {
  const router = useRouter();
  const [exportId, setExportId] = useState('');
  const [eraseId, setEraseId] = useState('');
  const [confirmId, setConfirmId] = useState('');
  const [busy, setBusy] = useState<'export' | 'delete' | null>(null);
  const [bundle, setBundle] = useState<Result<ExportBundle> | null>(null);
  const [receipts, setReceipts] = useState<ErasureReceipt[]>([]);
  const [eraseError, setEraseError] = useState<string | null>(null);

  const onExport = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('export');
    setBundle(await post<ExportBundle>('/api/privacy/export', exportId.trim(), csrf));
    setBusy(null);
    router.refresh(); // the audit log below gains the entry
  };

  const onErase = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('delete');
    setEraseError(null);
    const r = await post<ErasureReceipt>('/api/privacy/delete', eraseId.trim(), csrf);
    if (r.ok) {
      setReceipts((rs) => [r.value, ...rs]);
      setEraseId('');
      setConfirmId('');
    } else setEraseError(r.message);
    setBusy(null);
    router.refresh();
  };

  const download = (b: ExportBundle) => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(b, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `cbc-export-${b.export_id}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const canErase = isGuestId(eraseId.trim()) && confirmId.trim() === eraseId.trim() && busy === null;

  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Card aria-labelledby="export-title">
        <CardHeader>
          <div className="space-y-1">
            <CardTitle id="export-title">Export a guest’s data</CardTitle>
            <CardDescription>Everything held about one guest id: raw events (as stored, redacted), consent records and guest-level mart rows.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="space-y-4">
          <form onSubmit={onExport} className="flex flex-wrap items-end gap-3">
            <div className="grid min-w-56 flex-1 gap-1.5">
              <Label htmlFor="export-guest">Guest id</Label>
              <Input id="export-guest" name="guest_id" value={exportId} onChange={(e) => setExportId(e.target.value)} autoComplete="off" spellCheck={false} required maxLength={128} pattern="[A-Za-z0-9_.:\-]+" />
            </div>
            <Button type="submit" disabled={busy !== null || !isGuestId(exportId.trim())} data-testid="export-submit">
              {busy === 'export' ? <Loader2 className="animate-spin" aria-hidden /> : <FileSearch aria-hidden />} Export
            </Button>
          </form>
          {bundle && !bundle.ok && (
            <Alert variant="destructive">
              <AlertTitle>Export failed</AlertTitle>
              <AlertDescription>
                <p>{bundle.message}</p>
              </AlertDescription>
            </Alert>
          )}
          {bundle?.ok && (
            <div className="space-y-3" data-testid="export-result" data-export-id={bundle.value.export_id}>
              <p className="text-sm">
                Export <span className="font-mono">{bundle.value.export_id.slice(0, 8)}</span> for <span className="font-mono">{bundle.value.subject.guest_id}</span>, {formatDateTime(bundle.value.generated_at)}.
              </p>
              <Table>
                <caption className="sr-only">Export manifest</caption>
                <TableHeader>
                  <TableRow>
                    <TableHead scope="col">Source</TableHead>
                    <TableHead scope="col" className="text-right">
                      Rows
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {bundle.value.manifest.map((m) => (
                    <TableRow key={m.source} data-source={m.source} data-count={m.count}>
                      <TableCell className="font-mono text-xs">{m.source}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatValue(m.count, 'count')}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Button variant="outline" onClick={() => download(bundle.value)} data-testid="export-download">
                <Download aria-hidden /> Download bundle (JSON)
              </Button>
            </div>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby="erase-title">
        <CardHeader>
          <div className="space-y-1">
            <CardTitle id="erase-title">Erase a guest</CardTitle>
            <CardDescription>Deletes the guest from raw events, guest-level marts and caches, and records the erasure in the deletion ledger so it survives a restore. Consent records are kept as legal evidence. This cannot be undone.</CardDescription>
          </div>
        </CardHeader>
        <CardContent className="space-y-4">
          <form onSubmit={onErase} className="grid gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="erase-guest">Guest id</Label>
              <Input id="erase-guest" name="guest_id" value={eraseId} onChange={(e) => setEraseId(e.target.value)} autoComplete="off" spellCheck={false} required maxLength={128} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="erase-confirm">Type the guest id again to confirm</Label>
              <Input id="erase-confirm" value={confirmId} onChange={(e) => setConfirmId(e.target.value)} autoComplete="off" spellCheck={false} required maxLength={128} />
            </div>
            <div>
              <Button type="submit" variant="destructive" disabled={!canErase} data-testid="erase-submit">
                {busy === 'delete' ? <Loader2 className="animate-spin" aria-hidden /> : <Trash2 aria-hidden />} Erase guest
              </Button>
            </div>
          </form>
          {eraseError && (
            <Alert variant="destructive">
              <AlertTitle>Erasure failed</AlertTitle>
              <AlertDescription>
                <p>{eraseError}</p>
              </AlertDescription>
            </Alert>
          )}
          {receipts.length > 0 && (
            <div className="space-y-2" data-testid="receipts">
              <h3 className="text-sm font-medium">Receipts from this session</h3>
              {receipts.map((r) => {
                const marts = Object.values(r.deleted.marts).reduce((a, b) => a + b, 0);
                return (
                  <div key={r.receipt_id} className="rounded-lg border p-3 text-sm" data-testid="receipt" data-raw-events={r.deleted.raw_events} data-mart-rows={marts}>
                    <p className="font-medium">
                      Receipt <span className="font-mono">{r.receipt_id}</span>
                    </p>
                    <p className="text-muted-foreground">
                      {formatDateTime(r.erased_at)} · {formatValue(r.deleted.raw_events, 'count')} raw events, {formatValue(marts, 'count')} mart rows, {formatValue(r.deleted.redis_keys, 'count')} cache entries deleted · ledger {r.ledger}
                    </p>
                    {r.retained.map((k) => (
                      <p key={k.store} className="mt-1 text-xs text-muted-foreground">
                        Kept {formatValue(k.rows, 'count')} rows in {k.store}: {k.reason}
                      </p>
                    ))}
                  </div>
                );
              })}
            </div>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
