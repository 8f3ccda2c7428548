// Which session cookie a request uses. Pure (no Node APIs): the middleware imports it too.

/** `__Host-` pins the cookie to this exact origin (no Domain, Path=/) and requires Secure. */
export const SECURE_COOKIE = '__Host-cbc_session';
/** Browsers refuse Secure cookies over plain http except on loopback; `__Host-` needs Secure. */
export const LOCAL_COOKIE = 'cbc_session';

export type CookieMode = 'auto' | 'always';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function hostname(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0] ?? '';
}

/**
 * Secure unless the request is plain http to a loopback host (a developer's machine, the test
 * suite). Anything else — including plain http to a real host name — gets the Secure `__Host-`
 * cookie, which the browser will not store over http: login then fails closed instead of
 * sending a session id in clear text. `always` forces Secure everywhere.
 */
export function secureCookies(host: string | null, proto: string | null, mode: CookieMode): boolean {
  if (mode === 'always') return true;
  const isHttp = (proto ?? 'http').split(',')[0]!.trim() === 'http';
  return !(isHttp && LOOPBACK.has(hostname(host ?? '')));
}

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_COOKIE : LOCAL_COOKIE;
}

/**
 * The device cookie: a random token the server remembers for the account that last signed in
 * on this browser. It is no credential (the password is still checked); it only exempts the
 * browser from the slow-down a stranger can put on the account (session.ts).
 */
export function deviceCookieName(secure: boolean): string {
  return secure ? '__Host-cbc_device' : 'cbc_device';
}

/** How long a browser stays recognised after its last sign-in. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 3600;

export interface CookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax';
  path: '/';
  maxAge?: number;
}

/** HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), whole site. */
export function sessionCookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return { httpOnly: true, secure, sameSite: 'lax', path: '/', ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) };
}
