'use client';

import { useCallback, useRef, useState } from 'react';
import type { AuditRow } from '@/lib/shape/audit';
import { AuditLog, NO_FILTER, type AuditFilterFields } from './audit-log';
import { PrivacyConsole } from './privacy-console';
import { postJson } from './post-json';

/**
 * The console and its audit log, sharing one list of entries: after every request the log is
 * fetched again (with the filter in force) once the API has answered, so the new entry is there
 * the moment the result is shown. The first list is rendered by the server.
 */
export function PrivacyDesk({ csrf, initial, initialError }: { csrf: string; initial: AuditRow[]; initialError: string | null }) {
  const [entries, setEntries] = useState(initial);
  const [error, setError] = useState(initialError);
  const filter = useRef<AuditFilterFields>(NO_FILTER);

  const load = useCallback(
    async (f: AuditFilterFields) => {
      filter.current = f;
      const r = await postJson<{ entries: AuditRow[] }>('/api/privacy/audit', f, csrf);
      if (r.ok) {
        setEntries(r.value.entries);
        setError(null);
      } else setError(r.message);
    },
    [csrf],
  );

  // An export or erasure carries its own id in the audit details: that entry is its receipt.
  const receiptHref = (requestId: string) => {
    const e = entries.find((x) => {
      const d = (x.details ?? {}) as { export_id?: unknown; receipt_id?: unknown };
      return d.export_id === requestId || d.receipt_id === requestId;
    });
    return e ? `/privacy/receipts/${e.audit_id}` : null;
  };

  return (
    <>
      <PrivacyConsole csrf={csrf} onDone={() => load(filter.current)} receiptHref={receiptHref} />
      <AuditLog entries={entries} error={error} csrf={csrf} onFilter={load} />
    </>
  );
}
