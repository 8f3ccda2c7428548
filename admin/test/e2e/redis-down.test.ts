import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startRedis, stopRedis } from '@cbc/devstack';
import { ctx, expectClean, launch, login, newSession, screenshot, sessionCookie, type Session } from './support/browser';

// With REDIS_URL set and Redis down, staff login and session checks fail
// closed with a clear 503 — nobody gets in on a session that cannot be checked. The admin has
// its own Redis in this suite, so stopping it touches nothing else.
let browser: Browser;
const sessions: Session[] = [];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  // Whatever happened, Redis is back for anything after this file.
  await startRedis({ dir: ctx().adminRedisDir, port: ctx().adminRedisPort });
  expectClean(sessions);
  await browser.close();
});

it('fails closed while Redis is down, and recovers when it is back', async () => {
  const s = await newSession(browser);
  sessions.push(s);
  await login(s.page, 'viewer');
  const cookie = await sessionCookie(s.context);

  await stopRedis(ctx().adminRedisDir);

  const page = await s.page.goto('/');
  expect(page?.status()).toBe(503);
  expect(new URL(s.page.url()).pathname).toBe('/unavailable');
  expect(await s.page.textContent('h1')).toBe('Sign-in is temporarily unavailable');
  expect(await s.page.content()).not.toMatch(/ECONNREFUSED|Connection is closed|ioredis/i);
  await screenshot(s.page, 'unavailable-503');

  const api = await fetch(`${ctx().baseUrl}/api/realtime`, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
  expect(api.status).toBe(503);
  expect(api.headers.get('retry-after')).toBe('5');

  const fresh = await newSession(browser);
  sessions.push(fresh);
  await fresh.page.goto('/login');
  await fresh.page.getByLabel('Email').fill(ctx().users.viewer.email);
  await fresh.page.getByLabel('Password').fill(ctx().users.viewer.password);
  const [res] = await Promise.all([fresh.page.waitForResponse((r) => r.url().endsWith('/api/auth/login')), fresh.page.getByTestId('sign-in').click()]);
  expect(res.status()).toBe(503);
  expect((await fresh.context.cookies()).some((c) => c.name === 'cbc_session')).toBe(false);

  await startRedis({ dir: ctx().adminRedisDir, port: ctx().adminRedisPort });
  // Redis keeps nothing on disk here: the old session is gone, a new sign-in works.
  await expect.poll(async () => {
    await login(fresh.page, 'viewer');
    return new URL(fresh.page.url()).pathname;
  }, { timeout: 120_000, interval: 1000 }).toBe('/');
});
