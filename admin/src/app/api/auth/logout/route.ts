import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { sessionCookieOptions } from '@/lib/auth/cookie';
import { sameHostUrl } from '@/lib/auth/origin';
import { htmlPage, unavailablePage } from '@/lib/server/html-page';
import { cookieNameFor, logout, requireApi, secureFor } from '@/lib/server/session';
import { isStoreUnavailable } from '@/lib/server/session-store';

/**
 * POST /api/auth/logout (a form with the session's CSRF token): the session is destroyed
 * server-side, so the old id is worthless even if it was copied, and the cookie is cleared.
 */
export async function POST(req: NextRequest) {
  const form = await req.formData().catch(() => null);
  const csrf = form?.get('csrf');
  const session = await requireApi(req, 'viewer', { mutation: true, csrfToken: typeof csrf === 'string' ? csrf : null });
  if (session instanceof Response) {
    if (session.status === 401) return clear(req, NextResponse.redirect(sameHostUrl(req.headers, '/login'), 303)); // already signed out
    if (session.status === 503) return unavailablePage();
    return htmlPage(session.status, 'Sign-out refused', 'Reload the dashboard and use its Sign out button.');
  }
  try {
    await logout(session.sid);
  } catch (err) {
    if (isStoreUnavailable(err)) return unavailablePage();
    throw err;
  }
  const url = sameHostUrl(req.headers, '/login');
  url.searchParams.set('signed_out', '1');
  return clear(req, NextResponse.redirect(url, 303));
}

function clear(req: NextRequest, res: NextResponse) {
  res.cookies.set(cookieNameFor(req.headers), '', sessionCookieOptions(secureFor(req.headers), 0));
  res.headers.set('cache-control', 'no-store');
  return res;
}
