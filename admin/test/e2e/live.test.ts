import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ctx, expectClean, launch, login, newSession, type Session } from './support/browser';

// The live panel polls every ~5 s: events posted to the API show up without a reload, in the
// minute they occurred, with guests active now and the arrival lag on its own line.
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

const MIN = 60_000;
async function post(events: object[]) {
  const res = await fetch(`${ctx().apiUrl}/ingest/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx().ingestKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  expect(res.status).toBe(202);
}
const search = (guest: string, occurred: number) => ({
  event_id: randomUUID(),
  type: 'search',
  occurred_at: new Date(occurred).toISOString(),
  guest_id: guest,
  guest_type: 'hotel_guest',
  channel: 'web',
  language: 'en',
  consent: { analytics: true },
  properties: { query: 'spa opening hours', results_count: 3 },
});

it('updates after new events are posted: their minute, guests active now, the lag line', async () => {
  await s.page.goto('/');
  const documents = () => s.requests.filter((u) => new URL(u).pathname === '/' && !u.includes('_rsc')).length;
  const loads = documents();
  await expect.poll(() => s.page.getByTestId('live-total').getAttribute('data-value'), { timeout: 60_000 }).not.toBe('');
  // One minute's count by occurrence does not move as the window rolls on: the test reads that.
  const occurred = Date.now() - 2 * MIN;
  const minute = s.page.locator(`[data-minute="${new Date(Math.floor(occurred / MIN) * MIN).toISOString()}"]`);
  const before = Number(await minute.getAttribute('data-events'));
  const lag = s.page.getByTestId('live-lag');
  const lateBefore = Number(await lag.getAttribute('data-late'));
  const requestsBefore = s.requests.filter((u) => u.includes('/api/realtime')).length;

  // Five distinct guests two minutes ago, and one event that happened 3 hours ago, sent now.
  const run = randomUUID().slice(0, 8);
  await post([...Array.from({ length: 5 }, (_, i) => search(`g-live-${run}-${i}`, occurred)), search(`g-live-${run}-late`, Date.now() - 180 * MIN)]);

  await expect.poll(async () => Number(await minute.getAttribute('data-events')), { timeout: 60_000, interval: 500 }).toBe(before + 5);
  const guests = await minute.getAttribute('data-guests');
  expect(Number(guests)).toBeGreaterThanOrEqual(5);
  const active = s.page.getByTestId('live-active');
  const shown = Number(await active.getAttribute('data-value'));
  expect(shown).toBeGreaterThanOrEqual(5);
  expect(await active.textContent()).toBe(`Guests active in the last 5 minutes: ${shown.toLocaleString('en-US')}`);
  // The 3-hour-old event is not in the series but counted apart, as a late arrival.
  await expect.poll(async () => Number(await lag.getAttribute('data-late')), { timeout: 60_000, interval: 500 }).toBeGreaterThanOrEqual(lateBefore + 1);
  expect(await lag.textContent()).toMatch(/^Arrival lag: median -?[\d.,]+ (s|min|h), p95 -?[\d.,]+ (s|min|h); [\d,]+ late arrivals? not shown$/);
  await expect(s.page.getByTestId('live-panel').textContent()).resolves.toContain('by time of occurrence');
  // It got there by polling, not by reloading the page.
  expect(s.requests.filter((u) => u.includes('/api/realtime')).length).toBeGreaterThan(requestsBefore);
  expect(documents()).toBe(loads);
});
