import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api';
import { GUEST_ID_PROBLEM, isGuestId } from '@/lib/guest-id';
import { parseAuditFilter, type AuditRow } from '@/lib/shape/audit';
import { requireApi, type Session } from '@/lib/server/session';
import { loadAudit } from './privacy-audit';

/**
 * The shared front of the privacy route handlers: privacy officer (or admin) only, same
 * origin, the session's CSRF token, a well-formed guest id. The API call itself runs with the
 * server's privacy key and names the session's staff member, whom the API's audit log records. Staff and request are logged by ids only (no guest id in the log):
 * the export or receipt id links the line to the API's audit entry.
 */
export async function privacyRequest(
  req: NextRequest,
  action: 'export' | 'delete',
  call: (guestId: string, staffId: string) => Promise<{ id: string; body: unknown }>,
) {
  const session = await requireApi(req, 'privacy_officer', { mutation: true });
  if (session instanceof Response) return session;
  const body = (await req.json().catch(() => null)) as { guest_id?: unknown } | null;
  if (!isGuestId(body?.guest_id)) {
    return Response.json({ error: { code: 'invalid_guest_id', message: GUEST_ID_PROBLEM } }, { status: 422 });
  }
  try {
    const { id, body: result } = await call(body.guest_id, session.staffId);
    log(session, action, id);
    return Response.json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    return apiFailure(err);
  }
}

/**
 * The front of the audit-log route handlers: the same guards, a filter from the body (a POST,
 * so a guest id never lands in a URL, a browser history or an access log), then `respond` with
 * the entries. Nothing of the filter is logged.
 */
export async function auditRequest(req: NextRequest, limit: number, respond: (rows: AuditRow[]) => Response) {
  const session = await requireApi(req, 'privacy_officer', { mutation: true });
  if (session instanceof Response) return session;
  const parsed = parseAuditFilter((await req.json().catch(() => null)) as Record<string, unknown> | null);
  if (!parsed.ok) return Response.json({ error: { code: 'invalid_filter', message: parsed.message } }, { status: 422 });
  try {
    return respond(await loadAudit(parsed.filter, limit));
  } catch (err) {
    return apiFailure(err);
  }
}

function apiFailure(err: unknown): Response {
  if (err instanceof ApiError) {
    return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status >= 500 ? 503 : 502 });
  }
  throw err;
}

function log(session: Session, action: string, id: string) {
  console.log(JSON.stringify({ msg: 'privacy request', action, staff_id: session.staffId, request_id: id, at: new Date().toISOString() }));
}
