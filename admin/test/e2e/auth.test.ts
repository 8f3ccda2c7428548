import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ctx, expectClean, launch, login, newSession, screenshot, sessionCookie, type Session } from './support/browser';

// Staff sign-in end to end: redirects, cookie attributes, session renewal at login, session
// destruction at logout (the old id is refused afterwards), CSRF and cross-origin refusals.
let browser: Browser;
const sessions: Session[] = [];
const open = async () => {
  const s = await newSession(browser);
  sessions.push(s);
  return s;
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  expectClean(sessions);
  await browser.close();
});

describe('sign-in', () => {
  it('sends anonymous visitors to the sign-in page and back where they were going', async () => {
    const { page } = await open();
    const res = await page.goto('/faq?window=90d');
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/faq?window=90d');
    await screenshot(page, 'login');
    await login(page, 'viewer', '/faq?window=90d');
    expect(page.url()).toBe(`${ctx().baseUrl}/faq?window=90d`);
  });

  it('answers API calls without a session with 401, not a redirect', async () => {
    const res = await fetch(`${ctx().baseUrl}/api/realtime`, { redirect: 'manual' });
    expect(res.status).toBe(401);
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const { page } = await open();
    await page.goto('/login');
    await page.getByLabel('Email').fill(ctx().users.viewer.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByTestId('sign-in').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toMatch(/email or password is not right/);
    expect((await page.context().cookies()).some((c) => c.name.endsWith('cbc_session'))).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie (plain cbc_session on http loopback)', async () => {
    const { page, context } = await open();
    await login(page, 'viewer');
    const [c] = (await context.cookies()).filter((k) => k.name === 'cbc_session');
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: false });
    expect(c!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await page.evaluate(() => document.cookie)).not.toContain('cbc_session');
  });

  it('refuses a cross-origin sign-in (login CSRF)', async () => {
    const { email, password } = ctx().users.viewer;
    const res = await fetch(`${ctx().baseUrl}/api/auth/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('session lifecycle', () => {
  it('renews the id at sign-in: the id held before is dead afterwards', async () => {
    const { page, context } = await open();
    await login(page, 'operator');
    const before = await sessionCookie(context);
    const { email, password } = ctx().users.operator;
    // Signing in again from the same browser (what a fixation attack relies on) issues a new id.
    const res = await page.request.post('/api/auth/login', { form: { email, password }, headers: { origin: ctx().baseUrl }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
    const after = await sessionCookie(context);
    expect(after.value).not.toBe(before.value);
    const old = await fetch(`${ctx().baseUrl}/api/realtime`, { headers: { cookie: `${before.name}=${before.value}` } });
    expect(old.status).toBe(401);
    const fresh = await fetch(`${ctx().baseUrl}/api/realtime`, { headers: { cookie: `${after.name}=${after.value}` } });
    expect(fresh.status).toBe(200);
  });

  it('destroys the session at sign-out: the old id is rejected by pages and route handlers', async () => {
    const { page, context } = await open();
    await login(page, 'admin');
    const cookie = await sessionCookie(context);
    await Promise.all([page.waitForURL(/\/login\?signed_out=1/), page.getByTestId('sign-out').click()]);
    await expect.poll(() => page.getByTestId('signed-out').isVisible()).toBe(true);
    expect((await context.cookies()).some((c) => c.name === cookie.name && c.value)).toBe(false);

    // Replay the copied id from a fresh browser: the server no longer knows it.
    const thief = await open();
    await thief.context.addCookies([{ name: cookie.name, value: cookie.value, url: ctx().baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    await thief.page.goto('/operations');
    expect(new URL(thief.page.url()).pathname).toBe('/login');
    const api = await fetch(`${ctx().baseUrl}/api/realtime`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
    expect(api.status).toBe(401);
  });

  it('refuses sign-out without the session’s CSRF token (and the session survives)', async () => {
    const { page, context } = await open();
    await login(page, 'viewer');
    const res = await page.request.post('/api/auth/logout', { form: { csrf: 'forged' }, headers: { origin: ctx().baseUrl }, maxRedirects: 0 });
    expect(res.status()).toBe(403);
    const cookie = await sessionCookie(context);
    expect((await fetch(`${ctx().baseUrl}/api/realtime`, { headers: { cookie: `${cookie.name}=${cookie.value}` } })).status).toBe(200);
  });
});

describe('sign-in limits on the production server', () => {
  it('counts attempts per socket address: a rotating X-Forwarded-For opens no new bucket', { timeout: 600_000 }, async () => {
    // An unknown email: it meets the same limits as a real account and locks nobody out here.
    const attempt = (i: number) =>
      fetch(`${ctx().baseUrl}/api/auth/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: ctx().baseUrl, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.${i >> 8}.${i & 255}`, 'x-cbc-peer-address': `203.0.113.${i & 255}` },
        body: new URLSearchParams({ email: 'xff-probe@cbc.test', password: `guess number ${i}` }),
      });
    const statuses: number[] = [];
    let refused: Response | null = null;
    // LOGIN_MAX_ATTEMPTS is 200 in the test stack; each attempt comes "from" another address.
    for (let i = 0; i < 260 && !refused; i += 4) {
      const batch = await Promise.all([0, 1, 2, 3].map((k) => attempt(i + k)));
      for (const r of batch) {
        statuses.push(r.status);
        if (r.status === 429) refused = r;
      }
    }
    expect(statuses.filter((s) => s === 303)).toHaveLength(200);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
