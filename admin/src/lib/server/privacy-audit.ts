import 'server-only';
import { cache } from 'react';
import { listStaff } from '@cbc/staff';
import { ApiError, privacyAudit, privacyAuditEntry } from '@/lib/api';
import type { AuditEntry } from '@cbc/contract';
import { hasReceipt, type AuditFilter, type AuditRow } from '@/lib/shape/audit';
import { withStaffDb } from './staff-db';

/** How many entries the console shows and a CSV export holds (the API's own maximum is 500). */
export const AUDIT_PAGE = 50;
export const AUDIT_CSV_MAX = 500;

/**
 * Staff ids → emails, for the log's "staff member (via key)". The API stores only the id (the
 * log outlives accounts); if the staff database cannot answer, the log still shows, with ids.
 */
async function withStaffNames(entries: AuditEntry[]): Promise<AuditRow[]> {
  const emails = new Map<string, string>();
  if (entries.some((e) => e.actor_staff_id !== null)) {
    try {
      for (const a of await withStaffDb((db) => listStaff(db))) emails.set(a.staffId, a.email);
    } catch {
      // Names are a convenience; the ids below are the record.
    }
  }
  return entries.map((e) => ({ ...e, staff_email: e.actor_staff_id ? (emails.get(e.actor_staff_id) ?? null) : null }));
}

export async function loadAudit(filter: AuditFilter, limit = AUDIT_PAGE): Promise<AuditRow[]> {
  return withStaffNames(await privacyAudit({ ...filter, limit }));
}

/**
 * The audit entry behind a receipt URL, or null when there is no such receipt (a malformed id,
 * no entry, or an entry without a receipt: a failure, a ledger replay). Cached per request: the
 * receipt's layout and page both ask.
 */
export const receiptEntry = cache(async (auditId: string): Promise<AuditRow | null> => {
  if (!/^[1-9][0-9]{0,15}$/.test(auditId)) return null;
  try {
    const [row] = await withStaffNames([await privacyAuditEntry(Number(auditId))]);
    return row && hasReceipt(row) ? row : null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
});
