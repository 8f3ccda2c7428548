import 'server-only';
import { listStaff } from '@cbc/staff';
import { privacyAudit, privacyAuditEntry } from '@/lib/api';
import type { AuditEntry } from '@cbc/contract';
import type { AuditFilter, AuditRow } from '@/lib/shape/audit';
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

export async function loadAuditEntry(auditId: number): Promise<AuditRow> {
  const [row] = await withStaffNames([await privacyAuditEntry(auditId)]);
  return row!;
}
