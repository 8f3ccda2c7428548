'use client';

import { useState, type FormEvent } from 'react';
import Link from 'next/link';
import { Download, FileSearch, Loader2, Printer, Trash2 } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { GUEST_ID_HINT, GUEST_ID_INPUT_PATTERN, GUEST_ID_MAX_LENGTH, isGuestId } from '@/lib/guest-id';
import type { ErasureReceipt, ExportBundle } from '@cbc/contract';
import { formatDateTime, formatValue } from '@/lib/shape/format';

import { postJson, type Result } from './post-json';
import { RowCounts } from './row-counts';

/** The guest-id field with its format hint (announced with the field, shown under it). */
function GuestIdInput({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <div className="grid min-w-56 flex-1 gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        name="guest_id"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        required
        maxLength={GUEST_ID_MAX_LENGTH}
        pattern={GUEST_ID_INPUT_PATTERN}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="text-xs text-muted-foreground" data-testid="guest-id-hint">
        {GUEST_ID_HINT}
      </p>
    </div>
  );
}

/**
 * Export and erasure. `onDone` runs after each request has been answered (and so audited), so
 * the log beside it reloads with the new entry rather than one request behind.
 */
export function PrivacyConsole({ csrf, onDone, receiptHref }: { csrf: string; onDone: () => Promise<void>; receiptHref: (requestId: string) => string | null }) {
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
    setBundle(await postJson<ExportBundle>('/api/privacy/export', { guest_id: exportId.trim() }, csrf));
    await onDone();
    setBusy(null);
  };

  const onErase = async (e: FormEvent) => {
    e.preventDefault();
    setBusy('delete');
    setEraseError(null);
    const r = await postJson<ErasureReceipt>('/api/privacy/delete', { guest_id: eraseId.trim() }, csrf);
    if (r.ok) {
      setReceipts((rs) => [r.value, ...rs]);
      setEraseId('');
      setConfirmId('');
    } else setEraseError(r.message);
    await onDone();
    setBusy(null);
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
            <GuestIdInput id="export-guest" label="Guest id" value={exportId} onChange={setExportId} />
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
          {bundle?.ok && <ExportResult bundle={bundle.value} receipt={receiptHref(bundle.value.export_id)} onDownload={() => download(bundle.value)} />}
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
            <GuestIdInput id="erase-guest" label="Guest id" value={eraseId} onChange={setEraseId} />
            <div className="grid gap-1.5">
              <Label htmlFor="erase-confirm">Type the guest id again to confirm</Label>
              <Input id="erase-confirm" value={confirmId} onChange={(e) => setConfirmId(e.target.value)} autoComplete="off" spellCheck={false} required maxLength={GUEST_ID_MAX_LENGTH} />
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
                    <ReceiptLink href={receiptHref(r.receipt_id)} />
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

function ReceiptLink({ href }: { href: string | null }) {
  if (!href) return null;
  return (
    <Link href={href} className="inline-flex items-center gap-1 text-xs underline underline-offset-2" data-testid="receipt-link">
      <Printer className="size-3" aria-hidden /> Printable receipt
    </Link>
  );
}

/**
 * An export's outcome. A guest of whom nothing is held gets that sentence, not a table of zeros
 * a reader might take for an error; the (empty) bundle can still be downloaded as the answer.
 */
function ExportResult({ bundle, receipt, onDownload }: { bundle: ExportBundle; receipt: string | null; onDownload: () => void }) {
  const held = bundle.manifest.reduce((a, m) => a + m.count, 0);
  return (
    <div className="space-y-3" data-testid="export-result" data-export-id={bundle.export_id} data-rows={held}>
      <p className="text-sm">
        Export <span className="font-mono">{bundle.export_id.slice(0, 8)}</span> for <span className="font-mono">{bundle.subject.guest_id}</span>, {formatDateTime(bundle.generated_at)}.
      </p>
      {held === 0 ? (
        <Alert data-testid="export-nothing-held">
          <AlertTitle>Nothing is held about this guest</AlertTitle>
          <AlertDescription>
            <p>No raw events, consent records, mart rows or quarantined rows carry this guest id. Check the id with the guest if they expected data; the request is in the audit log either way.</p>
          </AlertDescription>
        </Alert>
      ) : (
        <RowCounts caption="Export manifest" rows={bundle.manifest.map((m) => [m.source, m.count])} />
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="outline" onClick={onDownload} data-testid="export-download">
          <Download aria-hidden /> Download bundle (JSON)
        </Button>
        <ReceiptLink href={receipt} />
      </div>
    </div>
  );
}
