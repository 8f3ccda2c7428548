import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ctx, expectClean, launch, login, newSession, screenshot, type Session } from './support/browser';

// A privacy officer exports a seeded guest, downloads the bundle, erases the guest, and sees
// the receipt and both requests in the audit log; the database confirms each step.
let browser: Browser;
let s: Session;
let db: pg.Pool;
let guestId: string;
let events: number;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: ctx().dbAdminUrl, max: 1 });
  const { rows } = await db.query<{ guest_id: string; n: number }>(
    `SELECT guest_id, count(*)::int AS n FROM raw.events WHERE guest_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
  );
  guestId = rows[0]!.guest_id;
  events = rows[0]!.n;
  browser = await launch();
  s = await newSession(browser);
  await login(s.page, 'privacy_officer');
});
afterAll(async () => {
  expectClean([s]);
  await browser.close();
  await db.end();
});

const stored = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM raw.events WHERE guest_id = $1', [guestId])).rows[0]!.n;

describe('privacy console', () => {
  it('exports everything held about a guest and downloads the bundle', async () => {
    expect(events).toBeGreaterThan(0);
    await s.page.goto('/privacy');
    await s.page.locator('#export-guest').fill(guestId);
    await s.page.getByTestId('export-submit').click();
    const result = s.page.getByTestId('export-result');
    await result.waitFor();
    expect(Number(await result.locator('tr[data-source="raw.events"]').getAttribute('data-count'))).toBe(events);
    const [file] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('export-download').click()]);
    const bundle = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(bundle.subject.guest_id).toBe(guestId);
    expect(bundle.data.raw_events).toHaveLength(events);
    expect(file.suggestedFilename()).toBe(`cbc-export-${bundle.export_id}.json`);
  });

  it('erases the guest, shows the receipt, and a new export comes back empty', async () => {
    await s.page.locator('#erase-guest').fill(guestId);
    expect(await s.page.getByTestId('erase-submit').isDisabled()).toBe(true); // not confirmed yet
    await s.page.locator('#erase-confirm').fill(guestId);
    await s.page.getByTestId('erase-submit').click();
    const receipt = s.page.getByTestId('receipt').first();
    await receipt.waitFor();
    expect(Number(await receipt.getAttribute('data-raw-events'))).toBe(events);
    expect(await stored()).toBe(0);

    await s.page.locator('#export-guest').fill(guestId);
    await s.page.getByTestId('export-submit').click();
    await expect.poll(async () => s.page.getByTestId('export-result').locator('tr[data-source="raw.events"]').getAttribute('data-count')).toBe('0');
  });

  it('lists both requests in the audit log', async () => {
    await s.page.reload();
    const log = s.page.getByTestId('audit-log');
    await log.waitFor();
    expect(await log.locator('tr[data-action="delete"]').count()).toBeGreaterThanOrEqual(1);
    expect(await log.locator('tr[data-action="export"]').count()).toBeGreaterThanOrEqual(2);
    await screenshot(s.page, 'privacy');
  });

  it('refuses a malformed guest id before it reaches the API', async () => {
    const csrf = await s.page.locator('input[name="csrf"]').first().inputValue();
    const res = await s.page.request.post('/api/privacy/export', { data: { guest_id: "g' OR 1=1 --" }, headers: { origin: ctx().baseUrl, 'x-csrf-token': csrf } });
    expect(res.status()).toBe(422);
  });
});
