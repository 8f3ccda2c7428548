import 'server-only';
import { randomBytes } from 'node:crypto';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { burnPasswordCheck, findCredentialsByEmail, findStaffById, hashPassword, needsRehash, normalizeEmail, recordLogin, setStaffPassword, verifyPassword } from '@cbc/staff';
import { secureCookies, sessionCookieName } from '../auth/cookie';
import { isSameOrigin, newToken, tokensMatch } from '../auth/csrf';
import { hasRole, type Role } from '../auth/roles';
import { env } from './env';
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

export function cookieNameFor(h: HeaderBag): string {
  return sessionCookieName(secureCookies(h.get('x-forwarded-host') ?? h.get('host'), h.get('x-forwarded-proto'), env().session.cookieMode));
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
  | { kind: 'ok'; sid: string; session: Session }
  | { kind: 'invalid' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'unavailable' };

/**
 * Checks credentials and opens a new session. The id is always new (the previous one, if
 * any, is destroyed): an id planted before login is worthless after it (session fixation).
 * Attempts are limited per email+address and per email, counted before the password is
 * checked so that guessing costs attempts whether or not it succeeds.
 */
export async function login(input: { email: unknown; password: unknown; ip: string; previousSid?: string }): Promise<LoginOutcome> {
  const e = env();
  const store = sessionStore();
  const email = normalizeEmail(input.email);
  const password = typeof input.password === 'string' ? input.password : '';
  if (!email || !password) return { kind: 'invalid' };
  try {
    const [byPair, byEmail] = await Promise.all([
      store.hit(`login:${email}|${input.ip}`, e.loginLimit.windowSeconds),
      store.hit(`login:${email}`, e.loginLimit.windowSeconds),
    ]);
    if (byPair > e.loginLimit.perEmailIp || byEmail > e.loginLimit.perEmail) {
      return { kind: 'rate_limited', retryAfterSeconds: e.loginLimit.windowSeconds };
    }
    const account = await withStaffDb((db) => findCredentialsByEmail(db, email));
    const ok = account && !account.disabledAt ? await verifyPassword(password, account.passwordHash) : await burnPasswordCheck(password);
    if (!ok || !account || account.disabledAt) return { kind: 'invalid' };

    if (input.previousSid) await store.destroy(input.previousSid);
    const sid = randomBytes(32).toString('base64url');
    const now = Date.now();
    const rec: SessionRecord = { staffId: account.staffId, email: account.email, role: account.role, csrf: newToken(), createdAt: now, lastSeenAt: now };
    await store.put(sid, rec, e.session.idleSeconds);
    await store.reset(`login:${email}|${input.ip}`);
    await withStaffDb(async (db) => {
      await recordLogin(db, account.staffId);
      // Hashes made with older scrypt parameters are upgraded while the password is at hand.
      if (needsRehash(account.passwordHash)) await setStaffPassword(db, account.staffId, await hashPassword(password));
    });
    return { kind: 'ok', sid, session: { sid, staffId: account.staffId, email: account.email, role: account.role, csrf: rec.csrf } };
  } catch (err) {
    if (isOutage(err)) return { kind: 'unavailable' };
    throw err;
  }
}

export async function logout(sid: string | undefined): Promise<void> {
  if (sid) await sessionStore().destroy(sid);
}

/**
 * The client address for rate limiting: the last X-Forwarded-For entry, which is the address
 * the nearest proxy saw (Next fills the header with the socket address when there is no proxy).
 * A client talking to Next directly can forge it; the per-email limit still caps guessing.
 */
export function clientIp(h: HeaderBag): string {
  const xff = h.get('x-forwarded-for');
  const last = xff?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
  return last ?? 'unknown';
}
