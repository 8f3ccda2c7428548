import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { StaffRole } from '../../support/stack';

export const ctx = () => inject('e2e');

/** Debian's Chromium, never a downloaded browser; no background traffic of its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL any page of this context requested: checked to stay on loopback. */
  requests: string[];
  /** Uncaught errors in any page (hydration mismatches included): checked to be none. */
  errors: string[];
}

export async function newSession(browser: Browser, viewport = { width: 1440, height: 900 }): Promise<Session> {
  const context = await browser.newContext({ viewport, baseURL: ctx().baseUrl, acceptDownloads: true, colorScheme: 'light' });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  context.on('weberror', (e) => errors.push(e.error().message));
  const page = await context.newPage();
  return { context, page, requests, errors };
}

export async function login(page: Page, role: StaffRole, next?: string): Promise<void> {
  const { email, password } = ctx().users[role];
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.getByTestId('sign-in').click()]);
  await page.getByTestId('role-badge').waitFor();
}

export async function sessionCookie(context: BrowserContext): Promise<{ name: string; value: string }> {
  const c = (await context.cookies()).find((k) => k.name === 'cbc_session' || k.name === '__Host-cbc_session');
  if (!c) throw new Error('no session cookie');
  return { name: c.name, value: c.value };
}

export const SCREENSHOTS = () => join(ctx().artifacts, 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS(), { recursive: true });
  const path = join(SCREENSHOTS(), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** After a file: nothing left the machine, and no page threw (sessions or bare URL lists). */
export function expectClean(sessions: Session[]): void {
  expectLocalOnly(sessions.flatMap((s) => s.requests));
  expect(sessions.flatMap((s) => s.errors)).toEqual([]);
}

/** Nothing may leave the machine: every request goes to loopback (or stays in the page). */
export function expectLocalOnly(urls: string[]): void {
  const foreign = urls.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return false;
    const host = new URL(u).hostname;
    return !['127.0.0.1', 'localhost', '[::1]'].includes(host);
  });
  expect(foreign).toEqual([]);
  expect(urls.length).toBeGreaterThan(0);
}

/**
 * Waits until the page has loaded (a streamed page has then arrived whole) and every chart on
 * it is drawn or says why it is empty, and is hydrated (`data-interactive`): the view controls
 * hydrate with the charts, so they are usable too. A condition, never a fixed wait.
 */
export async function chartsDrawn(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid^="chart-"] :is([data-drawn], [data-empty])')].every((c) => c.hasAttribute('data-interactive')));
}

/** Signs in the session's browser to a theme for the pages it opens next (the theme cookie). */
export async function useTheme(session: Session, theme: 'light' | 'dark'): Promise<void> {
  await session.context.addCookies([{ name: 'cbc_theme', value: theme, url: ctx().baseUrl }]);
}

/** The API's own answer, with the read key (what a chart must agree with). */
export async function apiMetric(metric: string, query: Record<string, string>): Promise<Record<string, unknown> & { series: Record<string, unknown>[] }> {
  const res = await fetch(`${ctx().apiUrl}/metrics/${metric}?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${ctx().readKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}
