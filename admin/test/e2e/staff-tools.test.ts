import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ctx, expectClean, launch, login, newSession, screenshot, type Session } from './support/browser';

// The staff tools around the analytics: a failed dbt run explained on the Operations page with
// its alerts, the staff table usable at tablet width, and the error pages keeping the navigation.
let browser: Browser;
let db: pg.Pool;
const sessions: Session[] = [];
const runId = randomUUID();
const FAILING = 'not_null_fct_chat_sessions_session_id';

async function as(role: 'viewer' | 'operator' | 'admin', viewport?: { width: number; height: number }) {
  const s = await newSession(browser, viewport);
  sessions.push(s);
  await login(s.page, role);
  return s;
}

beforeAll(async () => {
  db = new pg.Pool({ connectionString: ctx().dbAdminUrl, max: 1 });
  browser = await launch();
});
afterAll(async () => {
  // The failed run is this file's own: later files see the seeded build as the latest again.
  await db.query('DELETE FROM ops.job_runs WHERE run_id = $1', [runId]);
  expectClean(sessions);
  await browser.close();
  await db.end();
});

describe('operations: a failed dbt build', () => {
  it('shows why it failed, the failing test, what it held back, and the alerts with their runbooks', async () => {
    // What dbt/macros/run_recording.sql records for a build whose data test failed.
    const details = {
      command: 'dbt build',
      models: { built: 11, failed: 0, skipped: 1 },
      failed_checks: [FAILING],
      failed_or_skipped: [FAILING, 'fct_daily_activity'],
      models_succeeded: [],
    };
    await db.query(
      `INSERT INTO ops.job_runs (run_id, job, status, started_at, finished_at, details) VALUES ($1, 'dbt_build', 'failure', now(), now(), $2)`,
      [runId, JSON.stringify(details)],
    );
    const { page } = await as('operator');
    expect((await page.goto('/operations'))?.status()).toBe(200);
    const job = page.getByTestId('job-dbt_build');
    await job.getByTestId('job-failure').waitFor();
    expect(await job.getByTestId('job-failure-reason').textContent()).toBe('1 dbt model or test failed.');
    expect(await job.getByTestId('job-failing-check').allTextContents()).toEqual([FAILING]);
    expect(await job.textContent()).toContain('Not run because of it: fct_daily_activity');

    const alerts = job.getByTestId('alert-link');
    expect(await alerts.evaluateAll((els) => els.map((e) => e.getAttribute('data-alert')))).toEqual(['DbtBuildStale', 'JobFailed']);
    expect(await alerts.first().getByRole('link').getAttribute('href')).toMatch(/\/docs\/operations\.md#dbtbuildstale$/);
    // No Prometheus in the test stack: the page says the state is unknown instead of "ok".
    expect(await alerts.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['unknown', 'unknown']);
    expect(await page.getByTestId('ops-alerts').getAttribute('data-live')).toBe('unconfigured');
    expect(await page.getByTestId('ops-alerts-source').textContent()).toMatch(/^Live alert state unknown/);
    await screenshot(page, 'operations-failed-run');
  });
});

describe('narrow screens', () => {
  it('the staff table scrolls at 820 px, with a shadow at the edge hiding the Disable and Reset columns', async () => {
    const { page } = await as('admin', { width: 820, height: 1000 });
    await page.goto('/staff');
    const container = page.locator('[data-slot="table-container"]').filter({ has: page.locator('caption', { hasText: 'Staff accounts' }) });
    await container.waitFor();
    const box = async () => container.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, left: el.scrollLeft, right: el.getBoundingClientRect().right }));
    const first = await box();
    expect(first.scroll).toBeGreaterThan(first.client); // it does overflow at this width…
    const reset = container.getByRole('columnheader', { name: 'Reset password' });
    const cut = (await reset.boundingBox())!;
    expect(cut.x + cut.width).toBeGreaterThan(first.right); // …and the last column runs past the edge
    // The scroll shadows: scroll-attached gradients under content-attached covers.
    const style = await container.evaluate((el) => ({ image: getComputedStyle(el).backgroundImage, attachment: getComputedStyle(el).backgroundAttachment, tab: el.tabIndex }));
    expect(style.image.match(/radial-gradient/g)).toHaveLength(2);
    expect(style.attachment).toBe('local, local, scroll, scroll');
    expect(style.tab).toBe(0); // reachable by keyboard, so arrow keys can scroll it
    await screenshot(page, 'staff-820-start');
    await container.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(async () => (await box()).left).toBeGreaterThan(0);
    const b = (await reset.boundingBox())!;
    expect(b.x + b.width).toBeLessThanOrEqual((await box()).right + 1);
    expect(await container.getByRole('button', { name: /^(Disable|Enable)$/ }).first().isVisible()).toBe(true);
    await screenshot(page, 'staff-820-scrolled');
  });
});

describe('error pages keep the navigation', () => {
  it('"no access" (403) shows the signed-in frame', async () => {
    const { page } = await as('viewer');
    expect((await page.goto('/privacy'))?.status()).toBe(403);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).first().getByRole('link', { name: 'Overview' }).isVisible()).toBe(true);
    expect(await page.getByTestId('sign-out').isVisible()).toBe(true);
  });

  it('"not found" (404) shows it too, for an unknown path and an unknown receipt', async () => {
    const { page } = await as('admin');
    for (const path of ['/no-such-page', '/privacy/receipts/999999999']) {
      expect((await page.goto(path))?.status(), path).toBe(404);
      await page.getByTestId('not-found').waitFor();
      expect(await page.getByRole('navigation', { name: 'Pages' }).first().getByRole('link', { name: 'Privacy' }).isVisible(), path).toBe(true);
    }
    await screenshot(page, 'not-found-signed-in');
  });
});
