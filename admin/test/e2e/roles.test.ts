import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ctx, expectClean, launch, login, newSession, screenshot, sessionCookie, type Session } from './support/browser';

// Roles: what each one is shown, and that the server refuses what is not shown — pages with
// a real 403, route handlers with 403 even for a well-formed same-origin request.
let browser: Browser;
const sessions: Session[] = [];
async function as(role: 'viewer' | 'operator' | 'privacy_officer' | 'admin') {
  const s = await newSession(browser);
  sessions.push(s);
  await login(s.page, role);
  return s;
}
const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents();
const csrfOf = (page: Page) => page.locator('input[name="csrf"]').first().inputValue();

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  expectClean(sessions);
  await browser.close();
});

describe('viewer', () => {
  it('sees only the analytics pages', async () => {
    const { page } = await as('viewer');
    expect(await navLinks(page)).toEqual(['Overview', 'Engagement', 'Search', 'FAQ', 'Chat', 'Services', 'Guests']);
  });

  it('gets a 403 page for Privacy, Operations and Staff', async () => {
    const { page } = await as('viewer');
    for (const path of ['/privacy', '/operations', '/staff']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await page.getByTestId('forbidden').waitFor();
      expect(await page.getByLabel('Guest id').count()).toBe(0);
    }
    await page.goto('/privacy');
    await screenshot(page, 'forbidden-viewer-privacy');
  });

  it('cannot call the privacy actions directly, even same-origin with its own CSRF token', async () => {
    const { page, context } = await as('viewer');
    const csrf = await csrfOf(page);
    for (const action of ['export', 'delete']) {
      const res = await page.request.post(`/api/privacy/${action}`, { data: { guest_id: 'g-0001' }, headers: { origin: ctx().baseUrl, 'x-csrf-token': csrf } });
      expect(res.status(), action).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    // …and not by replaying its cookie from outside the browser either.
    const cookie = await sessionCookie(context);
    const res = await fetch(`${ctx().baseUrl}/api/privacy/delete`, {
      method: 'POST',
      headers: { cookie: `${cookie.name}=${cookie.value}`, origin: ctx().baseUrl, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ guest_id: 'g-0001' }),
    });
    expect(res.status).toBe(403);
  });

  it('cannot download the operations CSVs', async () => {
    const { page } = await as('viewer');
    expect((await page.request.get('/api/csv/ops-jobs')).status()).toBe(403);
    expect((await page.request.get('/api/csv/engagement-page-views?window=7d')).status()).toBe(200);
  });
});

describe('operator, privacy officer, admin', () => {
  it('operator: plus Operations, not Privacy', async () => {
    const { page } = await as('operator');
    expect(await navLinks(page)).toContain('Operations');
    expect(await navLinks(page)).not.toContain('Privacy');
    expect((await page.goto('/operations'))?.status()).toBe(200);
    expect((await page.goto('/privacy'))?.status()).toBe(403);
    await page.goto('/');
    const csrf = await csrfOf(page);
    const res = await page.request.post('/api/privacy/export', { data: { guest_id: 'g-0001' }, headers: { origin: ctx().baseUrl, 'x-csrf-token': csrf } });
    expect(res.status()).toBe(403);
  });

  it('privacy officer: plus Privacy, not Staff', async () => {
    const { page } = await as('privacy_officer');
    expect(await navLinks(page)).toEqual(expect.arrayContaining(['Operations', 'Privacy']));
    expect(await navLinks(page)).not.toContain('Staff');
    expect((await page.goto('/privacy'))?.status()).toBe(200);
    expect((await page.goto('/staff'))?.status()).toBe(403);
  });

  it('admin: manages staff; disabling an account ends its sessions at once', async () => {
    const admin = await as('admin');
    await admin.page.goto('/staff');
    const email = `temp-${Date.now()}@cbc.test`;
    const password = 'a temporary password 123';
    await admin.page.getByLabel('Email').fill(email);
    await admin.page.getByLabel('Initial password').fill(password);
    await admin.page.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => admin.page.getByRole('status').first().textContent()).toContain(`Created ${email}`);

    const temp = await newSession(browser);
    sessions.push(temp);
    await temp.page.goto('/login');
    await temp.page.getByLabel('Email').fill(email);
    await temp.page.getByLabel('Password').fill(password);
    await Promise.all([temp.page.waitForURL((u) => u.pathname === '/'), temp.page.getByTestId('sign-in').click()]);
    expect(await temp.page.getByTestId('role-badge').textContent()).toBe('Viewer');

    await admin.page.reload();
    const row = admin.page.locator(`tr[data-email="${email}"]`);
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => row.getByRole('status').textContent()).toMatch(/disabled; 1 session\(s\) ended/);
    await temp.page.goto('/');
    expect(new URL(temp.page.url()).pathname).toBe('/login');
  });

  it('server actions refuse a request without the CSRF token', async () => {
    const admin = await as('admin');
    await admin.page.goto('/staff');
    await admin.page.waitForLoadState('networkidle'); // hydrated: React would restore the value otherwise
    // Strip the token from the form, then submit it: the action must refuse.
    await admin.page.evaluate(() => document.querySelectorAll('input[name="csrf"]').forEach((i) => ((i as HTMLInputElement).value = 'forged')));
    await admin.page.getByLabel('Email').fill(`csrf-${Date.now()}@cbc.test`);
    await admin.page.getByLabel('Initial password').fill('another long password');
    await admin.page.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => admin.page.getByRole('status').first().textContent()).toContain('The form has expired');
  });
});
