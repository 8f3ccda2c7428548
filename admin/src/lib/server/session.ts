import 'server-only';
import { randomBytes } from 'node:crypto';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { findCredentialsByEmail, findStaffById, hashPassword, needsRehash, normalizeEmail, recordLogin, setStaffPassword, verifyPassword } from '@cbc/staff';
import { DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookieName, secureCookies, sessionCookieName } from '../auth/cookie';
import { isSameOrigin, newToken, tokensMatch } from '../auth/csrf';
import { hasRole, type Role } from '../auth/roles';
import { env } from './env';
import { clientAddress, peerAddress } from './session-address';
import { isStoreUnavailable, sessionStore, type SessionRecord } from './session-store';
import { isDatabaseUnavailable, withStaffDb } from './staff-db';

/*
 * Staff sessions: a random id in an HttpOnly cookie, the record server-side (Redis), so a
 * session can be revoked at once. Every page, route handler and server action calls one of the
 * `require*` guards below itself; the middleware's redirect of anonymous visitors is a
 * convenience, not the protection.
 */

export interface Session {
  sid: string;
  staffId: string;
  email: string;
  role: Role;
  csrf: string;
}

export type SessionLookup = { status: 'ok'; session: Session } | { status: 'anonymous' } | { status: 'unavailable' };

type HeaderBag = { get(name: string): string | null };

/** A session record is only rewritten this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/** Whether this request's cookies must be Secure (and `__Host-`), see auth/cookie.ts. */
export function secureFor(h: HeaderBag): boolean {
  return secureCookies(h.get('x-forwarded-host') ?? h.get('host'), h.get('x-forwarded-proto'), env().session.cookieMode);
}

export function cookieNameFor(h: HeaderBag): string {
  return sessionCookieName(secureFor(h));
}

export function deviceCookieNameFor(h: HeaderBag): string {
  return deviceCookieName(secureFor(h));
}

function isOutage(err: unknown): boolean {
  return isStoreUnavailable(err) || isDatabaseUnavailable(err);
}

/**
 * The session behind a cookie value. The account is re-read on every check, so a disabled
 * account or a changed role takes effect on the next request, whoever changed it (the Staff
 * page or the CLI).
 */
export async function resolveSession(sid: string | undefined, now = Date.now()): Promise<SessionLookup> {
  if (!sid || sid.length > 100) return { status: 'anonymous' };
  const store = sessionStore();
  const s = env().session;
  try {
    const rec = await store.get(sid);
    if (!rec) return { status: 'anonymous' };
    if (now - rec.createdAt > s.absoluteSeconds * 1000) {
      await store.destroy(sid);
      return { status: 'anonymous' };
    }
    const account = await withStaffDb((db) => findStaffById(db, rec.staffId));
    if (!account || account.disabledAt) {
      await store.destroy(sid);
      return { status: 'anonymous' };
    }
    if (account.role !== rec.role || now - rec.lastSeenAt > TOUCH_EVERY_MS) {
      // Sliding idle timeout, never past the absolute limit.
      const ttl = Math.max(1, Math.min(s.idleSeconds, Math.floor((rec.createdAt + s.absoluteSeconds * 1000 - now) / 1000)));
      await store.put(sid, { ...rec, role: account.role, lastSeenAt: now }, ttl);
    }
    return { status: 'ok', session: { sid, staffId: rec.staffId, email: account.email, role: account.role, csrf: rec.csrf } };
  } catch (err) {
    if (isOutage(err)) return { status: 'unavailable' };
    throw err;
  }
}

/** The current request's session, looked up once per request however many components ask. */
export const currentSession = cache(async (): Promise<SessionLookup> => {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return resolveSession(c.get(cookieNameFor(h))?.value);
});

/** For layouts and pages: redirects anonymous visitors to the login, answers 403 to the wrong role. */
export async function requirePage(minRole: Role = 'viewer'): Promise<Session> {
  const s = await currentSession();
  if (s.status === 'unavailable') redirect('/unavailable');
  if (s.status === 'anonymous') {
    const path = (await headers()).get('x-cbc-path') ?? '/';
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  if (!hasRole(s.session.role, minRole)) forbidden();
  return s.session;
}

const json = (status: number, code: string, message: string, extra: Record<string, string> = {}) =>
  Response.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store', ...extra } });

/**
 * For route handlers. State-changing requests (`mutation`) must also come from this origin and
 * carry the session's CSRF token (header `x-csrf-token`, or the `csrf` form field passed in).
 * Returns the session, or the error response to send.
 */
export async function requireApi(
  req: Request & { cookies: { get(name: string): { value: string } | undefined } },
  minRole: Role,
  opts: { mutation?: boolean; csrfToken?: string | null } = {},
): Promise<Session | Response> {
  if (opts.mutation && !isSameOrigin(req.headers)) return json(403, 'cross_origin', 'Cross-origin requests are refused');
  const s = await resolveSession(req.cookies.get(cookieNameFor(req.headers))?.value);
  if (s.status === 'unavailable') return json(503, 'unavailable', 'Sign-in is temporarily unavailable', { 'retry-after': '5' });
  if (s.status === 'anonymous') return json(401, 'unauthenticated', 'Sign in first');
  if (!hasRole(s.session.role, minRole)) return json(403, 'forbidden', 'Your role does not allow this');
  if (opts.mutation && !tokensMatch(s.session.csrf, opts.csrfToken ?? req.headers.get('x-csrf-token'))) {
    return json(403, 'csrf', 'The form has expired; reload the page and try again');
  }
  return s.session;
}

export type ActionGuard = { ok: true; session: Session } | { ok: false; error: string };

/**
 * For server actions. Next checks the Origin of server actions too; this check does not rely
 * on it, and adds the session's CSRF token from the form.
 */
export async function requireAction(minRole: Role, form: FormData): Promise<ActionGuard> {
  const h = await headers();
  if (!isSameOrigin(h)) return { ok: false, error: 'Cross-origin request refused.' };
  const c = await cookies();
  const s = await resolveSession(c.get(cookieNameFor(h))?.value);
  if (s.status === 'unavailable') return { ok: false, error: 'Sign-in is temporarily unavailable (session store or database down). Try again shortly.' };
  if (s.status === 'anonymous') return { ok: false, error: 'Your session has ended. Sign in again.' };
  if (!hasRole(s.session.role, minRole)) return { ok: false, error: 'Your role does not allow this.' };
  if (!tokensMatch(s.session.csrf, form.get('csrf'))) return { ok: false, error: 'The form has expired; reload the page and try again.' };
  return { ok: true, session: s.session };
}

export type LoginOutcome =
  | { kind: 'ok'; sid: string; session: Session; deviceToken: string }
  | { kind: 'invalid' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'unavailable' };

/** Failures on an account or device are remembered this long after the last one. */
const FAILURE_MEMORY_SECONDS = 24 * 3600;

/**
 * Checks credentials and opens a new session. The id is always new (the previous one, if
 * any, is destroyed): an id planted before login is worthless after it (session fixation).
 *
 * Limits, all checked before the password so that a refused attempt tells nothing about it:
 * - per email + client address (`clientIp`): LOGIN_MAX_ATTEMPTS per LOGIN_WINDOW_SECONDS;
 * - per account, for browsers that have not signed in to it: after LOGIN_MAX_ATTEMPTS_PER_EMAIL
 *   failures, each further attempt waits 1 s, 2 s, 4 s… up to LOGIN_WINDOW_SECONDS (429 with
 *   Retry-After meanwhile). Someone rotating addresses gets a few guesses an hour, and nobody is
 *   ever locked out for good: it slows down, it does not lock.
 * A browser with a device cookie for this account (it signed in to it before) skips both: its
 * failures slow down its own token instead. So the owner gets in however many attempts
 * strangers make, and a stolen device cookie buys only LOGIN_MAX_ATTEMPTS quick guesses.
 * Unknown and malformed emails take the same steps (lookup, limits, exactly one scrypt run):
 * neither the time taken nor a 429 tells which emails have accounts.
 */
export async function login(input: { email: unknown; password: unknown; ip: string; previousSid?: string; deviceToken?: string }): Promise<LoginOutcome> {
  const e = env();
  const store = sessionStore();
  const email = normalizeEmail(input.email);
  // A malformed email has no account; it is limited under what was typed, like any other.
  const who = email ?? `malformed:${String(input.email ?? '').slice(0, 254).toLowerCase()}`;
  const password = typeof input.password === 'string' ? input.password : '';
  const device = input.deviceToken && input.deviceToken.length <= 100 ? input.deviceToken : null;
  try {
    const [account, deviceOwner] = await Promise.all([
      email ? withStaffDb((db) => findCredentialsByEmail(db, email)) : null,
      device ? store.getDevice(device) : null,
    ]);
    const recognised = account !== null && deviceOwner === account.staffId;
    const pairKey = `login:${who}|${input.ip}`;
    if (!recognised && (await store.hit(pairKey, e.loginLimit.windowSeconds)) > e.loginLimit.perEmailIp) {
      return { kind: 'rate_limited', retryAfterSeconds: e.loginLimit.windowSeconds };
    }
    const slowKey = recognised ? `login-device:${device}` : `login-account:${who}`;
    const free = recognised ? e.loginLimit.perEmailIp : e.loginLimit.perEmail;
    const wait = await store.claimAttempt(slowKey, { freeFailures: free, maxDelaySeconds: e.loginLimit.windowSeconds, memorySeconds: FAILURE_MEMORY_SECONDS });
    if (wait > 0) return { kind: 'rate_limited', retryAfterSeconds: Math.ceil(wait / 1000) };

    // One scrypt run whatever the email or the password's length (see verifyPassword).
    const ok = await verifyPassword(password, account && !account.disabledAt ? account.passwordHash : null);
    if (!ok || !account || account.disabledAt) return { kind: 'invalid' };

    await store.forgive(slowKey);
    await store.reset(pairKey);
    if (input.previousSid) await store.destroy(input.previousSid);
    const sid = randomBytes(32).toString('base64url');
    const now = Date.now();
    const rec: SessionRecord = { staffId: account.staffId, email: account.email, role: account.role, csrf: newToken(), createdAt: now, lastSeenAt: now };
    await store.put(sid, rec, e.session.idleSeconds);
    // A fresh device token at every sign-in; the old one (this account's or another's) is dropped.
    const deviceToken = randomBytes(32).toString('base64url');
    await store.putDevice(deviceToken, account.staffId, DEVICE_COOKIE_MAX_AGE_SECONDS);
    if (device) await store.deleteDevice(device);
    await withStaffDb(async (db) => {
      await recordLogin(db, account.staffId);
      // Hashes made with older scrypt parameters are upgraded while the password is at hand.
      if (needsRehash(account.passwordHash)) await setStaffPassword(db, account.staffId, await hashPassword(password));
    });
    return { kind: 'ok', sid, deviceToken, session: { sid, staffId: account.staffId, email: account.email, role: account.role, csrf: rec.csrf } };
  } catch (err) {
    if (isOutage(err)) return { kind: 'unavailable' };
    throw err;
  }
}

export async function logout(sid: string | undefined): Promise<void> {
  if (sid) await sessionStore().destroy(sid);
}

/** The client address for the per-address limit: the socket's, or what trusted proxies say it is. */
export function clientIp(h: HeaderBag): string {
  return clientAddress(peerAddress(h), h.get('x-forwarded-for'), env().trustedProxies);
}
