import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseCsv } from '@/lib/shape/csv';
import { ctx, expectClean, launch, login, newSession, screenshot, type Session } from './support/browser';

// A privacy officer exports a seeded guest, downloads the bundle, erases the guest, and sees
// the receipt and both requests in the audit log under their own name, right after each
// request; filters the log by guest and date, downloads it as CSV, prints a receipt; the
// database confirms each step.
let browser: Browser;
let s: Session;
let db: pg.Pool;
let guestId: string;
let events: number;
let officerId: string;
const officer = () => ctx().users.privacy_officer.email;

beforeAll(async () => {
  db = new pg.Pool({ connectionString: ctx().dbAdminUrl, max: 1 });
  const { rows } = await db.query<{ guest_id: string; n: number }>(
    `SELECT guest_id, count(*)::int AS n FROM raw.events WHERE guest_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
  );
  guestId = rows[0]!.guest_id;
  events = rows[0]!.n;
  officerId = (await db.query<{ id: string }>('SELECT staff_id::text AS id FROM admin.staff_accounts WHERE email = $1', [officer()])).rows[0]!.id;
  browser = await launch();
  s = await newSession(browser);
  await login(s.page, 'privacy_officer');
});
afterAll(async () => {
  expectClean([s]);
  await browser.close();
  await db.end();
});

/** The newest audit row as stored: who the API recorded. */
const lastAudit = async () =>
  (await db.query<{ audit_id: string; actor: string; staff: string | null }>('SELECT audit_id::text, actor, actor_staff_id::text AS staff FROM privacy.audit_log ORDER BY audit_id DESC LIMIT 1')).rows[0]!;

/** Waits until the console is idle again: the request has been answered and the log reloaded. */
const idle = (testId: string) => s.page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"] .animate-spin`), testId);

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

  it('names the acting staff member in the audit log the moment the export is answered (no reload)', async () => {
    await idle('export-submit');
    const row = await lastAudit();
    expect(row).toEqual({ audit_id: expect.any(String), actor: 'e2e-privacy', staff: officerId });
    // No polling: the newest entry is already the first row, under the officer's name.
    const first = s.page.getByTestId('audit-log').locator('tbody tr').first();
    expect(await first.getAttribute('data-audit-id')).toBe(row.audit_id);
    expect(await first.getByTestId('audit-actor').textContent()).toBe(`${officer()} (via e2e-privacy)`);
  });

  it('shows the guest-id format next to the field', async () => {
    const hint = s.page.locator('#export-guest-hint');
    expect(await s.page.locator('#export-guest').getAttribute('aria-describedby')).toBe('export-guest-hint');
    expect(await hint.textContent()).toMatch(/1–128 letters, digits or _ \. : -/);
    expect(await hint.isVisible()).toBe(true);
  });

  it('says "nothing is held about this guest" for an unknown guest, not a table of zeros', async () => {
    await s.page.locator('#export-guest').fill('nobody-e2e-never-seen');
    await s.page.getByTestId('export-submit').click();
    const nothing = s.page.getByTestId('export-nothing-held');
    await nothing.waitFor();
    expect(await nothing.textContent()).toContain('Nothing is held about this guest');
    expect(await s.page.getByTestId('export-result').locator('table').count()).toBe(0);
    await idle('export-submit');
    expect(await s.page.getByTestId('audit-log').locator('tbody tr').first().textContent()).toContain('nothing held');
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

    expect((await lastAudit()).staff).toBe(officerId);
    await idle('erase-submit');
    const first = s.page.getByTestId('audit-log').locator('tbody tr').first();
    expect(await first.getAttribute('data-action')).toBe('delete');
    expect(await first.getByTestId('audit-actor').textContent()).toBe(`${officer()} (via e2e-privacy)`);

    const before = await s.page.getByTestId('export-result').getAttribute('data-export-id');
    await s.page.locator('#export-guest').fill(guestId);
    await s.page.getByTestId('export-submit').click();
    await expect.poll(() => s.page.getByTestId('export-result').getAttribute('data-export-id')).not.toBe(before);
    // Consent records are kept as evidence: what is left is theirs, never an event.
    const raw = s.page.getByTestId('export-result').locator('tr[data-source="raw.events"]');
    expect((await raw.count()) === 0 || (await raw.getAttribute('data-count')) === '0').toBe(true);
  });

  it('filters the log by guest (hashed server-side) and by date, and exports the filtered log as CSV', async () => {
    const log = s.page.getByTestId('audit-log');
    const rows = log.locator('tbody tr');
    const subjects = async () => new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-subject'))));
    expect((await subjects()).size).toBeGreaterThan(1); // the unknown guest's export is listed too

    await s.page.locator('#audit-guest').fill(guestId);
    await s.page.getByTestId('audit-filter-submit').click();
    await expect.poll(async () => (await subjects()).size).toBe(1);
    const [hash] = [...(await subjects())];
    const expected = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM privacy.audit_log WHERE subject_hash = $1', [hash])).rows[0]!.n;
    expect(expected).toBeGreaterThanOrEqual(3); // two exports and the erasure
    expect(await rows.count()).toBe(expected);

    const [file] = await Promise.all([s.page.waitForEvent('download'), s.page.getByTestId('audit-csv').click()]);
    const text = readFileSync((await file.path())!, 'utf8');
    const [header, ...lines] = parseCsv(text);
    expect(file.suggestedFilename()).toMatch(/^cbc-privacy-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(lines).toHaveLength(expected);
    const col = (name: string) => lines.map((l) => l[header!.indexOf(name)]);
    expect(new Set(col('subject_hash'))).toEqual(new Set([hash]));
    expect(new Set(col('staff_email'))).toEqual(new Set([officer()]));
    expect(text).not.toContain(guestId);

    // A day range after today matches nothing; the guest filter stays with it.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await s.page.locator('#audit-from').fill(tomorrow);
    await s.page.getByTestId('audit-filter-submit').click();
    await s.page.getByTestId('audit-empty').waitFor();
    expect(await s.page.getByTestId('audit-empty').textContent()).toBe('No entries match this filter.');
    await s.page.getByTestId('audit-filter-clear').click();
    await expect.poll(async () => (await subjects()).size).toBeGreaterThan(1);

    // The guest id went to the dashboard and the API in request bodies only: no log line holds it.
    for (const f of ['e2e-admin.log', 'e2e-api.log']) expect(readFileSync(join(ctx().artifacts, f), 'utf8')).not.toContain(guestId);
  });

  it('prints a receipt of the erasure: who, when, what, without the navigation', async () => {
    const row = s.page.getByTestId('audit-log').locator('tbody tr[data-action="delete"]').first();
    await Promise.all([s.page.waitForURL(/\/privacy\/receipts\/\d+$/), row.getByRole('link', { name: 'Receipt' }).click()]);
    const receipt = s.page.getByTestId('receipt-page');
    await receipt.waitFor();
    expect(await receipt.getAttribute('data-action')).toBe('delete');
    expect(await s.page.getByTestId('receipt-actor').textContent()).toBe(`${officer()} (via e2e-privacy)`);
    expect(Number(await receipt.locator('tr[data-source="raw.events"]').getAttribute('data-count'))).toBe(events);
    await s.page.emulateMedia({ media: 'print' });
    expect(await s.page.locator('nav[aria-label="Pages"]').first().isVisible()).toBe(false);
    expect(await s.page.getByTestId('print-receipt').isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await s.page.pdf({ path: join(ctx().artifacts, 'privacy-receipt.pdf') });
    await s.page.emulateMedia({ media: 'screen' });
    await s.page.goto('/privacy');
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
