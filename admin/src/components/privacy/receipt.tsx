import type { ErasureReceipt } from '@cbc/contract';
import { actorLabel, type AuditRow } from '@/lib/shape/audit';
import { formatDateTime, formatValue } from '@/lib/shape/format';
import { RowCounts } from './row-counts';

type Manifest = { source: string; count: number }[];

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5 sm:grid-cols-[12rem_1fr]">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

/**
 * The receipt of one export or erasure, from its audit entry (which holds the manifest, or the
 * whole erasure receipt): what was asked, by whom, when, and what came of it. Laid out to print.
 */
export function Receipt({ entry }: { entry: AuditRow }) {
  const d = (entry.details ?? {}) as Record<string, unknown>;
  const isExport = entry.action === 'export';
  const manifest = (Array.isArray(d.manifest) ? d.manifest : []) as Manifest;
  const erasure = d as Partial<ErasureReceipt>;
  const held = manifest.reduce((a, m) => a + m.count, 0);
  return (
    <article className="space-y-6 text-sm" data-testid="receipt-page" data-action={entry.action}>
      <dl className="grid gap-2">
        <Field label="Request">{isExport ? 'Access and portability (GDPR Art. 15 and 20)' : 'Erasure (GDPR Art. 17)'}</Field>
        <Field label={isExport ? 'Export id' : 'Receipt id'}>
          <span className="font-mono">{String(isExport ? d.export_id : d.receipt_id)}</span>
        </Field>
        <Field label="Audit entry">#{entry.audit_id}</Field>
        <Field label="When">{formatDateTime(entry.at)}</Field>
        <Field label="Made by">
          <span data-testid="receipt-actor">{actorLabel(entry)}</span>
        </Field>
        <Field label="Subject (keyed hash)">
          <span className="font-mono text-xs">{entry.subject_hash ?? '—'}</span>
        </Field>
        <Field label="Result">{entry.result}</Field>
      </dl>
      {isExport ? (
        held === 0 ? (
          <p className="font-medium" data-testid="receipt-nothing-held">
            Nothing is held about this guest.
          </p>
        ) : (
          <section className="space-y-2">
            <h2 className="font-medium">What was exported</h2>
            <RowCounts caption="Exported rows per store" rows={manifest.map((m) => [m.source, m.count])} />
          </section>
        )
      ) : (
        <>
          <section className="space-y-2">
            <h2 className="font-medium">What was erased</h2>
            <RowCounts
              caption="Erased rows per store"
              rows={[
                ['raw.events', erasure.deleted?.raw_events ?? 0],
                ...Object.entries(erasure.deleted?.marts ?? {}),
                ['privacy.pii_quarantine', erasure.deleted?.pii_quarantine ?? 0],
              ]}
            />
            <p className="text-muted-foreground">Cached metric answers were dropped after the erasure committed. Deletion ledger: {erasure.ledger ?? '—'}.</p>
          </section>
          {(erasure.retained ?? []).length > 0 && (
            <section className="space-y-2">
              <h2 className="font-medium">What was kept, and why</h2>
              {(erasure.retained ?? []).map((k) => (
                <p key={k.store}>
                  {formatValue(k.rows, 'count')} rows in <span className="font-mono">{k.store}</span>: {k.reason}
                </p>
              ))}
            </section>
          )}
        </>
      )}
    </article>
  );
}
