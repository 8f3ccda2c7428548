import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { secureCookies, sessionCookieOptions } from '@/lib/auth/cookie';
import { isSameOrigin } from '@/lib/auth/csrf';
import { htmlPage, unavailablePage } from '@/lib/server/html-page';
import { clientIp, cookieNameFor, login } from '@/lib/server/session';
import { env } from '@/lib/server/env';
import { sameHostUrl } from '@/lib/auth/origin';
import { safeNext } from '@/lib/auth/redirect';

const back = (req: NextRequest, error: string, next: string) => {
  const url = sameHostUrl(req.headers, '/login');
  url.searchParams.set('error', error);
  if (next !== '/') url.searchParams.set('next', next);
  return NextResponse.redirect(url, 303);
};

/**
 * POST /api/auth/login (the login form posts here directly, so it works without JavaScript).
 * 303 to the page asked for with a fresh session cookie; 303 back to the form on bad
 * credentials; 429 when rate-limited; 503 when sessions cannot be stored (fail closed).
 */
export async function POST(req: NextRequest) {
  // Login CSRF: a foreign site must not sign a victim into the attacker's account.
  if (!isSameOrigin(req.headers)) return htmlPage(403, 'Cross-origin sign-in refused', 'Open the sign-in page of this dashboard and try again.');
  const form = await req.formData().catch(() => null);
  const next = safeNext(form?.get('next'));
  const name = cookieNameFor(req.headers);
  const outcome = await login({
    email: form?.get('email'),
    password: form?.get('password'),
    ip: clientIp(req.headers),
    previousSid: req.cookies.get(name)?.value,
  });
  switch (outcome.kind) {
    case 'unavailable':
      return unavailablePage();
    case 'rate_limited':
      return htmlPage(429, 'Too many sign-in attempts', `Wait ${Math.ceil(outcome.retryAfterSeconds / 60)} minutes, then try again.`, { 'retry-after': String(outcome.retryAfterSeconds) });
    case 'invalid':
      return back(req, 'invalid', next);
    case 'ok': {
      const secure = secureCookies(req.headers.get('x-forwarded-host') ?? req.headers.get('host'), req.headers.get('x-forwarded-proto'), env().session.cookieMode);
      const res = NextResponse.redirect(sameHostUrl(req.headers, next), 303);
      // No Max-Age: the cookie ends with the browser session; the server ends it sooner
      // (idle and absolute limits) and can end it at any time.
      res.cookies.set(name, outcome.sid, sessionCookieOptions(secure));
      res.headers.set('cache-control', 'no-store');
      return res;
    }
  }
}
