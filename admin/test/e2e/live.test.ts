import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ctx, expectClean, launch, login, newSession, type Session } from './support/browser';

// The live panel polls every ~5 s: an event posted to the API shows up without a reload.
let browser: Browser;
let s: Session;

beforeAll(async () => {
  browser = await launch();
  s = await newSession(browser);
  await login(s.page, 'viewer');
});
afterAll(async () => {
  expectClean([s]);
  await browser.close();
});

it('updates after a new event is posted', async () => {
  await s.page.goto('/');
  const documents = () => s.requests.filter((u) => new URL(u).pathname === '/' && !u.includes('_rsc')).length;
  const loads = documents();
  const total = s.page.getByTestId('live-total');
  await expect.poll(() => total.getAttribute('data-value'), { timeout: 60_000 }).not.toBe('');
  const before = Number(await total.getAttribute('data-value'));
  const res = await fetch(`${ctx().apiUrl}/ingest/event`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx().ingestKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      event_id: randomUUID(),
      type: 'search',
      occurred_at: new Date().toISOString(),
      guest_id: 'g-live-test',
      guest_type: 'hotel_guest',
      channel: 'web',
      language: 'en',
      consent: { analytics: true },
      properties: { query: 'spa opening hours', results_count: 3 },
    }),
  });
  expect(res.status).toBe(202);
  const requestsBefore = s.requests.filter((u) => u.includes('/api/realtime')).length;
  await expect.poll(async () => Number(await total.getAttribute('data-value')), { timeout: 60_000, interval: 500 }).toBe(before + 1);
  // It got there by polling, not by reloading the page.
  expect(s.requests.filter((u) => u.includes('/api/realtime')).length).toBeGreaterThan(requestsBefore);
  expect(documents()).toBe(loads);
});
