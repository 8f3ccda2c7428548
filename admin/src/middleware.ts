import { NextResponse, type NextRequest } from 'next/server';
import { LOCAL_COOKIE, SECURE_COOKIE } from '@/lib/auth/cookie';
import { sameHostUrl } from '@/lib/auth/origin';

/**
 * A convenience, not the protection: visitors without any session cookie are sent to the
 * sign-in page (API routes get a 401) before any rendering starts. Whether a cookie is a
 * valid session is decided by the guards in every page, route handler and server action —
 * the middleware runs on the edge runtime and never sees the session store.
 */
export function middleware(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const hasCookie = req.cookies.has(SECURE_COOKIE) || req.cookies.has(LOCAL_COOKIE);
  if (!hasCookie) {
    if (pathname.startsWith('/api/')) {
      return NextResponse.json({ error: { code: 'unauthenticated', message: 'Sign in first' } }, { status: 401 });
    }
    const next = pathname === '/' && !search ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    // Next requires an absolute URL here and rewrites loopback IPs to "localhost" in it, so a
    // visitor of http://127.0.0.1:3001 lands on http://localhost:3001/login (same server; the
    // page guards' own redirects are relative and keep the host).
    return NextResponse.redirect(sameHostUrl(req.headers, `/login${next}`));
  }
  // Layouts cannot see the URL; the page guard uses this to send an expired session back here.
  const headers = new Headers(req.headers);
  headers.set('x-cbc-path', pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything but the public ones: sign-in, its form handler, the probe, the 503 page, assets.
  matcher: ['/((?!login|api/auth/login|api/health|unavailable|_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
