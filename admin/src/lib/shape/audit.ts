import type { AuditEntry } from '@cbc/contract';
import { GUEST_ID_PROBLEM, isGuestId } from '@/lib/guest-id';
import { rowsToCsv } from './csv';

/** An audit entry with its staff member resolved to a name while the account exists. */
export interface AuditRow extends AuditEntry {
  /** The staff account's email; null when the entry names no staff member or the account is gone. */
  staff_email: string | null;
}

/**
 * Who made the request, as the log should say it: "staff member (via key)". An entry whose
 * staff account no longer exists keeps its id (the log outlives accounts); one without a staff
 * member (another key, a job) is just the key.
 */
export function actorLabel(e: AuditRow): string {
  if (e.actor_staff_id === null) return e.actor;
  return `${e.staff_email ?? `staff ${e.actor_staff_id.slice(0, 8)}…`} (via ${e.actor})`;
}

/** What an audit entry did, in a few words (the details are JSON of varying shape). */
export function auditSummary(e: AuditEntry): string {
  const d = (e.details ?? {}) as Record<string, unknown>;
  if (e.action === 'export' && Array.isArray(d.manifest)) {
    const n = (d.manifest as { count?: number }[]).reduce((a, m) => a + (m.count ?? 0), 0);
    const id = String(d.export_id ?? '').slice(0, 8);
    return `export ${id} · ${n === 0 ? 'nothing held' : `${n} ${n === 1 ? 'row' : 'rows'}`}`;
  }
  if (e.action === 'delete' && d.deleted && typeof d.deleted === 'object') {
    const del = d.deleted as { raw_events?: number; marts?: Record<string, number> };
    const marts = Object.values(del.marts ?? {}).reduce((a, b) => a + b, 0);
    return `receipt ${String(d.receipt_id ?? '').slice(0, 8)} · ${del.raw_events ?? 0} events, ${marts} mart rows`;
  }
  if (typeof d.error === 'string') return `error ${d.error}`;
  return Object.keys(d).slice(0, 3).join(', ');
}

/** Whether an entry has a receipt worth printing: a successful export or erasure. */
export function hasReceipt(e: AuditEntry): boolean {
  return e.result === 'success' && (e.action === 'export' || e.action === 'delete');
}

/** The filtered log as CSV: one row an entry, the subject as its keyed hash, the staff member by id and email. */
export function auditCsv(rows: readonly AuditRow[]): string {
  return rowsToCsv(
    ['audit_id', 'at', 'action', 'result', 'subject_hash', 'actor_key', 'staff_id', 'staff_email', 'summary'],
    rows.map((e) => [e.audit_id, e.at, e.action, e.result, e.subject_hash, e.actor, e.actor_staff_id, e.staff_email, auditSummary(e)]),
  );
}

export interface AuditFilter {
  guestId?: string;
  /** ISO instants, [from, to): whole UTC days from the date inputs. */
  from?: string;
  to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date input's `YYYY-MM-DD` as the UTC instant it starts at; `plusDays` 1 gives the end of that day. */
function dayStart(day: string, plusDays = 0): string | null {
  if (!DAY.test(day)) return null;
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t)) return null;
  const d = new Date(t + plusDays * 86_400_000);
  // Date.parse rolls 2026-02-30 into March; a day that does not exist is refused instead.
  return plusDays === 0 && d.toISOString().slice(0, 10) !== day ? null : d.toISOString();
}

/**
 * The filter form's fields (`guest_id`, `from_day`, `to_day`, both days inclusive, UTC) as an
 * API query, or what is wrong with them. Empty fields filter nothing.
 */
export function parseAuditFilter(body: { guest_id?: unknown; from_day?: unknown; to_day?: unknown } | null): { ok: true; filter: AuditFilter } | { ok: false; message: string } {
  const filter: AuditFilter = {};
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const guest = text(body?.guest_id);
  if (guest) {
    if (!isGuestId(guest)) return { ok: false, message: GUEST_ID_PROBLEM };
    filter.guestId = guest;
  }
  const from = text(body?.from_day);
  if (from) {
    const v = dayStart(from);
    if (!v) return { ok: false, message: 'The "from" date is not a valid date' };
    filter.from = v;
  }
  const to = text(body?.to_day);
  if (to) {
    if (!dayStart(to)) return { ok: false, message: 'The "to" date is not a valid date' };
    filter.to = dayStart(to, 1) ?? undefined;
  }
  if (filter.from && filter.to && filter.from >= filter.to) return { ok: false, message: 'The "from" date is after the "to" date' };
  return { ok: true, filter };
}
