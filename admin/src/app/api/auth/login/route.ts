import type { NextRequest } from 'next/server';
import { NextResponse } from 'next/server';
import { DEVICE_COOKIE_MAX_AGE_SECONDS, sessionCookieOptions } from '@/lib/auth/cookie';
import { isSameOrigin } from '@/lib/auth/csrf';
import { htmlPage, unavailablePage } from '@/lib/server/html-page';
import { clientIp, cookieNameFor, deviceCookieNameFor, login, secureFor } from '@/lib/server/session';
import { sameHostUrl } from '@/lib/auth/origin';
import { safeNext } from '@/lib/auth/redirect';

const back = (req: NextRequest, error: string, next: string) => {
  const url = sameHostUrl(req.headers, '/login');
  url.searchParams.set('error', error);
  if (next !== '/') url.searchParams.set('next', next);
  return NextResponse.redirect(url, 303);
};

const wait = (seconds: number) => (seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`);

/**
 * POST /api/auth/login (the login form posts here directly, so it works without JavaScript).
 * 303 to the page asked for with a fresh session cookie (and a fresh device cookie, which
 * exempts this browser from the slow-down strangers can put on the account); 303 back to the
 * form on bad credentials; 429 with Retry-After while rate-limited or slowed down; 503 when
 * sessions cannot be stored (fail closed).
 */
export async function POST(req: NextRequest) {
  // Login CSRF: a foreign site must not sign a victim into the attacker's account.
  if (!isSameOrigin(req.headers)) return htmlPage(403, 'Cross-origin sign-in refused', 'Open the sign-in page of this dashboard and try again.');
  const form = await req.formData().catch(() => null);
  const next = safeNext(form?.get('next'));
  const name = cookieNameFor(req.headers);
  const deviceName = deviceCookieNameFor(req.headers);
  const outcome = await login({
    email: form?.get('email'),
    password: form?.get('password'),
    ip: clientIp(req.headers),
    previousSid: req.cookies.get(name)?.value,
    deviceToken: req.cookies.get(deviceName)?.value,
  });
  switch (outcome.kind) {
    case 'unavailable':
      return unavailablePage();
    case 'rate_limited':
      return htmlPage(429, 'Too many sign-in attempts', `Wait ${wait(outcome.retryAfterSeconds)}, then try again.`, { 'retry-after': String(outcome.retryAfterSeconds) });
    case 'invalid':
      return back(req, 'invalid', next);
    case 'ok': {
      const secure = secureFor(req.headers);
      const res = NextResponse.redirect(sameHostUrl(req.headers, next), 303);
      // No Max-Age: the cookie ends with the browser session; the server ends it sooner
      // (idle and absolute limits) and can end it at any time.
      res.cookies.set(name, outcome.sid, sessionCookieOptions(secure));
      res.cookies.set(deviceName, outcome.deviceToken, sessionCookieOptions(secure, DEVICE_COOKIE_MAX_AGE_SECONDS));
      res.headers.set('cache-control', 'no-store');
      return res;
    }
  }
}
