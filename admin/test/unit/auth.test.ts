import { describe, expect, it } from 'vitest';
import { LOCAL_COOKIE, SECURE_COOKIE, secureCookies, sessionCookieName, sessionCookieOptions } from '@/lib/auth/cookie';
import { isSameOrigin, newToken, tokensMatch } from '@/lib/auth/csrf';
import { safeNext } from '@/lib/auth/redirect';
import { hasRole, NAV, navFor } from '@/lib/auth/roles';

const h = (o: Record<string, string>) => new Headers(o);

describe('role guards', () => {
  it('ranks viewer < operator < privacy officer < admin', () => {
    expect(hasRole('viewer', 'viewer')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('operator', 'privacy_officer')).toBe(false);
    expect(hasRole('privacy_officer', 'operator')).toBe(true);
    expect(hasRole('admin', 'privacy_officer')).toBe(true);
    expect(hasRole('privacy_officer', 'admin')).toBe(false);
  });

  it('shows each role only the pages it may open', () => {
    const labels = (r: Parameters<typeof navFor>[0]) => navFor(r).map((n) => n.label);
    expect(labels('viewer')).toEqual(['Overview', 'Engagement', 'Search', 'FAQ', 'Chat', 'Services', 'Guests']);
    expect(labels('operator')).toContain('Operations');
    expect(labels('operator')).not.toContain('Privacy');
    expect(labels('privacy_officer')).toContain('Privacy');
    expect(labels('privacy_officer')).not.toContain('Staff');
    expect(labels('admin')).toEqual(NAV.map((n) => n.label));
  });
});

describe('session cookie', () => {
  it('is __Host- and Secure everywhere but plain-http loopback', () => {
    expect(secureCookies('localhost:3001', 'http', 'auto')).toBe(false);
    expect(secureCookies('127.0.0.1:40123', null, 'auto')).toBe(false);
    expect(secureCookies('[::1]:3001', 'http', 'auto')).toBe(false);
    expect(secureCookies('localhost:3001', 'https', 'auto')).toBe(true);
    expect(secureCookies('admin.cbc.example', 'http', 'auto')).toBe(true);
    expect(secureCookies('admin.cbc.example', 'https', 'auto')).toBe(true);
    expect(secureCookies('localhost:3001', 'http', 'always')).toBe(true);
    expect(sessionCookieName(true)).toBe(SECURE_COOKIE);
    expect(SECURE_COOKIE.startsWith('__Host-')).toBe(true);
    expect(sessionCookieName(false)).toBe(LOCAL_COOKIE);
  });

  it('is HttpOnly, SameSite=Lax, whole-site', () => {
    expect(sessionCookieOptions(true)).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    expect(sessionCookieOptions(false, 0)).toMatchObject({ secure: false, maxAge: 0 });
  });
});

describe('CSRF', () => {
  it('accepts a same-origin Origin (or Referer) and refuses everything else', () => {
    expect(isSameOrigin(h({ host: '127.0.0.1:3001', origin: 'http://127.0.0.1:3001' }))).toBe(true);
    expect(isSameOrigin(h({ host: '127.0.0.1:3001', referer: 'http://127.0.0.1:3001/privacy' }))).toBe(true);
    expect(isSameOrigin(h({ host: '127.0.0.1:3001', origin: 'http://evil.example' }))).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3001', origin: 'http://127.0.0.1:3002' }))).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3001', origin: 'null' }))).toBe(false);
    expect(isSameOrigin(h({ host: '127.0.0.1:3001' }))).toBe(false);
    expect(isSameOrigin(h({ origin: 'http://127.0.0.1:3001' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'admin.cbc.example', 'x-forwarded-host': 'admin.cbc.example', origin: 'https://admin.cbc.example' }))).toBe(true);
  });

  it('compares tokens in constant time and rejects missing or odd ones', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokensMatch(t, t)).toBe(true);
    expect(tokensMatch(t, newToken())).toBe(false);
    expect(tokensMatch(t, '')).toBe(false);
    expect(tokensMatch(t, null)).toBe(false);
    expect(tokensMatch(t, 'x'.repeat(500))).toBe(false);
  });
});

describe('redirect after sign-in', () => {
  it('only goes to paths on this site', () => {
    expect(safeNext('/faq?window=30d')).toBe('/faq?window=30d');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', '/api/privacy/delete', 42, undefined]) {
      expect(safeNext(bad)).toBe('/');
    }
  });
});
