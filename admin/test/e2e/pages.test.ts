import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chartsDrawn, expectClean, launch, login, newSession, screenshot, type Session } from './support/browser';

// Every page as an admin over 90 days of seeded data: it renders, each chart has data (not
// only zeros and withheld cells), and a screenshot is kept as a test artefact.
let browser: Browser;
let s: Session;
const PAGES = ['/', '/engagement', '/search', '/faq', '/chat', '/services', '/guests'];

beforeAll(async () => {
  browser = await launch();
  s = await newSession(browser);
  await login(s.page, 'admin');
});
afterAll(async () => {
  expectClean([s]);
  await browser.close();
});

describe('analytics pages', () => {
  it.each(PAGES)('%s renders every chart with data', async (path) => {
    const errors: string[] = [];
    s.page.on('pageerror', (e) => errors.push(e.message));
    const res = await s.page.goto(`${path}?window=90d&segment=none`);
    expect(res?.status()).toBe(200);
    await chartsDrawn(s.page);
    await expect.poll(() => s.page.locator('[data-testid="page-error"], [data-testid="segment-error"]').count()).toBe(0);
    const charts = await s.page.$$eval('[data-testid^="chart-"]', (els) => els.map((e) => ({ id: e.getAttribute('data-testid'), nonzero: Number(e.getAttribute('data-nonzero')) })));
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) expect(c, `${c.id} has data`).toMatchObject({ nonzero: expect.any(Number) });
    expect(charts.filter((c) => c.nonzero === 0).map((c) => c.id)).toEqual([]);
    expect(await s.page.locator('[data-testid^="chart-"] [data-drawn="true"]').count()).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    await screenshot(s.page, path === '/' ? 'overview' : path.slice(1));
  });
});

describe('operations, privacy and staff pages', () => {
  it('operations shows ingest counters, job runs and freshness', async () => {
    expect((await s.page.goto('/operations'))?.status()).toBe(200);
    await chartsDrawn(s.page);
    expect(Number(await s.page.getByTestId('chart-ops-ingest').getAttribute('data-nonzero'))).toBeGreaterThan(0);
    await expect.poll(() => s.page.getByTestId('job-dbt_build').textContent()).toMatch(/success/);
    await screenshot(s.page, 'operations');
  });

  it('privacy and staff pages render for an admin', async () => {
    expect((await s.page.goto('/privacy'))?.status()).toBe(200);
    await s.page.getByTestId('audit-log').waitFor();
    expect((await s.page.goto('/staff'))?.status()).toBe(200);
    await s.page.getByText('Add a staff member').waitFor();
    await screenshot(s.page, 'staff');
  });
});

describe('themes, widths, keyboard', () => {
  it('switches to the dark theme from the keyboard and keeps it across pages', async () => {
    await s.page.goto('/?window=90d');
    await chartsDrawn(s.page);
    await s.page.getByTestId('theme-toggle').focus();
    await s.page.keyboard.press('Enter');
    await s.page.getByRole('menuitemradio', { name: 'Dark' }).waitFor();
    await s.page.getByRole('menuitemradio', { name: 'Dark' }).focus();
    await s.page.keyboard.press('Enter');
    await expect.poll(() => s.page.evaluate(() => document.documentElement.className)).toContain('dark');
    await s.page.goto('/chat?window=90d');
    expect(await s.page.evaluate(() => document.documentElement.className)).toContain('dark');
    expect(await s.page.evaluate(() => getComputedStyle(document.body).colorScheme)).toBe('dark');
    await chartsDrawn(s.page);
    await screenshot(s.page, 'chat-dark');
    await s.page.goto('/?window=90d');
    await chartsDrawn(s.page);
    await screenshot(s.page, 'overview-dark');
    await s.context.addCookies([{ name: 'cbc_theme', value: 'light', url: s.page.url() }]);
  });

  it('is usable at tablet width: pages in a top bar, no horizontal overflow', async () => {
    const tablet = await newSession(browser, { width: 820, height: 1180 });
    await login(tablet.page, 'admin');
    for (const path of ['/?window=90d', '/services?window=90d']) {
      await tablet.page.goto(path);
      await chartsDrawn(tablet.page);
      expect(await tablet.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expect.poll(() => tablet.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Services' }).isVisible()).toBe(true);
      await screenshot(tablet.page, `tablet-${path === '/?window=90d' ? 'overview' : 'services'}`);
    }
    expectClean([tablet]);
    await tablet.context.close();
  });

  it('starts keyboard navigation with a skip link and shows focus rings', async () => {
    await s.page.goto('/engagement?window=90d');
    await s.page.keyboard.press('Tab');
    const first = await s.page.evaluate(() => ({ text: document.activeElement?.textContent, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    expect(first.text).toBe('Skip to content');
    await s.page.keyboard.press('Tab');
    const next = await s.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(next).not.toBe('none');
    // Every form control of the view has an accessible name.
    for (const name of ['Period', 'Choose dates on a calendar', 'Segment', 'Compare to previous period']) expect(await s.page.getByLabel(name, { exact: true }).count()).toBe(1);
  });
});
