import type { NextRequest } from 'next/server';
import { ApiError } from '@/lib/api';
import { isGuestId } from '@/lib/guest-id';
import { requireApi, type Session } from '@/lib/server/session';

/**
 * The shared front of the privacy route handlers: privacy officer (or admin) only, same
 * origin, the session's CSRF token, a well-formed guest id. The API call itself runs with the
 * server's privacy key. Staff and request are logged by ids only (no guest id in the log):
 * the export or receipt id links the line to the API's audit entry.
 */
export async function privacyRequest(req: NextRequest, action: 'export' | 'delete', call: (guestId: string) => Promise<{ id: string; body: unknown }>) {
  const session = await requireApi(req, 'privacy_officer', { mutation: true });
  if (session instanceof Response) return session;
  const body = (await req.json().catch(() => null)) as { guest_id?: unknown } | null;
  if (!isGuestId(body?.guest_id)) {
    return Response.json({ error: { code: 'invalid_guest_id', message: 'A guest id is 1–128 letters, digits or _ . : -' } }, { status: 422 });
  }
  try {
    const { id, body: result } = await call(body.guest_id);
    log(session, action, id);
    return Response.json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    if (err instanceof ApiError) {
      return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status >= 500 ? 503 : 502 });
    }
    throw err;
  }
}

function log(session: Session, action: string, id: string) {
  console.log(JSON.stringify({ msg: 'privacy request', action, staff_id: session.staffId, request_id: id, at: new Date().toISOString() }));
}
