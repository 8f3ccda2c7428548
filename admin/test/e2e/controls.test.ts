import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Bucket } from '@cbc/contract';
import { bucketStarts } from '@/lib/shape/buckets';
import { parseCsv } from '@/lib/shape/csv';
import { apiMetric, chartsDrawn, expectClean, launch, login, newSession, type Session } from './support/browser';

// The view controls live in the URL and drive the data; CSV downloads are what the chart
// shows, rebuilt server-side, and agree with the API's own answer.
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

const card = (page: Page, id: string) => page.getByTestId(`chart-${id}`);
const headers = (page: Page, id: string) => card(page, id).locator('details table thead th').allTextContents();

/** Picks an option of a view control the way a person does: open the list, click, list closes. */
async function choose(page: Page, control: 'window-select' | 'segment-select', option: string) {
  await page.getByTestId(control).click();
  const list = page.getByRole('listbox');
  await list.waitFor();
  await list.getByRole('option', { name: option, exact: true }).click();
  await list.waitFor({ state: 'hidden' });
}

async function download(page: Page, id: string): Promise<{ name: string; rows: string[][] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`csv-${id}`).click()]);
  return { name: file.suggestedFilename(), rows: parseCsv(readFileSync((await file.path())!, 'utf8')) };
}

describe('window, segment and comparison', () => {
  it('changing the window updates the URL and the data', async () => {
    await s.page.goto('/engagement?window=90d&segment=none');
    await chartsDrawn(s.page);
    const weekly = Number(await card(s.page, 'engagement-page-views').getAttribute('data-rows'));
    const total90 = await s.page.getByTestId('kpi-page_views').locator('[data-value]').getAttribute('data-value');
    await choose(s.page, 'window-select', 'Last 30 days');
    await s.page.waitForURL(/window=30d/);
    await chartsDrawn(s.page);
    // Time series ask for bucket=auto: the width the API chose is the one drawn.
    const api = await apiMetric('page_views', { window: '30d', bucket: 'auto' });
    const width = (api.window as { bucket: string }).bucket;
    await expect.poll(async () => card(s.page, 'engagement-page-views').getAttribute('data-bucket')).toBe(width);
    const w = api.window as { from: string; to: string; time_zone: string };
    expect(Number(await card(s.page, 'engagement-page-views').getAttribute('data-rows'))).toBe(bucketStarts(w.from, w.to, width as Bucket, w.time_zone).length);
    expect(weekly).toBeLessThan(20); // 90 days in weeks
    const total30 = await s.page.getByTestId('kpi-page_views').locator('[data-value]').getAttribute('data-value');
    expect(Number(total30)).toBeLessThan(Number(total90));
    expect(Number(total30)).toBe((api.totals as Record<string, number>).page_views);
  });

  it('changing the segment updates the URL and splits the series by segment value', async () => {
    await s.page.goto('/engagement?window=90d&segment=none');
    await chartsDrawn(s.page);
    expect(await headers(s.page, 'engagement-page-views')).toEqual(['Period', 'Page views']);
    await choose(s.page, 'segment-select', 'Channel');
    // The control loads a new document: wait for it to be the one on screen and drawn. Polling
    // the headers for "not the old ones" passed while the page was between documents (no table:
    // zero headers), which made this test fail under load.
    await s.page.waitForURL(/segment=channel/);
    await chartsDrawn(s.page);
    expect(new URL(s.page.url()).searchParams.get('window')).toBe('90d');
    const api = await apiMetric('page_views', { window: '90d', segment: 'channel', bucket: 'auto' });
    const values = new Set(api.series.map((p) => String(p.segment_value)));
    expect(values.size).toBeGreaterThan(1);
    // Wait for the new table itself (while the page loads there is none, and no headers).
    await expect.poll(async () => (await headers(s.page, 'engagement-page-views')).slice(1).length, { timeout: 20_000 }).toBe(values.size);
    expect((await headers(s.page, 'engagement-page-views')).slice(1)).not.toContain('Page views');
  });

  it('the comparison adds the previous period and is kept in the URL (a shareable view)', async () => {
    await s.page.goto('/search?window=90d&segment=none');
    await chartsDrawn(s.page); // hydrated: a click before that does nothing
    await s.page.getByTestId('compare-toggle').click();
    await s.page.waitForURL(/compare=1/);
    await chartsDrawn(s.page);
    await expect.poll(() => headers(s.page, 'search-volume'), { timeout: 20_000 }).toContain('Searches (previous period)');
    // The same URL opened elsewhere shows the same view.
    const other = await newSession(browser);
    await login(other.page, 'viewer', new URL(s.page.url()).pathname + new URL(s.page.url()).search);
    await chartsDrawn(other.page);
    expect(await headers(other.page, 'search-volume')).toContain('Searches (previous period)');
    expect(await other.page.getByTestId('compare-toggle').getAttribute('aria-checked')).toBe('true');
    expectClean([other]);
    await other.context.close();
  });

  it('moving to another page keeps the view', async () => {
    await s.page.goto('/engagement?window=30d&segment=channel');
    await chartsDrawn(s.page);
    await s.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Search' }).click();
    await s.page.waitForURL((u) => u.pathname === '/search');
    expect(new URL(s.page.url()).search).toBe('?window=30d&segment=channel');
    await expect.poll(() => s.page.getByTestId('window-select').textContent()).toBe('Last 30 days');
  });
});

describe('CSV download', () => {
  it('a trend chart’s CSV matches the API, withheld cells included', async () => {
    await s.page.goto('/engagement?window=90d&segment=none');
    await chartsDrawn(s.page);
    const { name, rows } = await download(s.page, 'engagement-page-views');
    expect(name).toBe('cbc-engagement-page-views-90d.csv');
    expect(rows[0]).toEqual(['bucket', 'page_views', 'withheld']);
    const byBucket = new Map(rows.slice(1).map((r) => [r[0], r]));
    const api = await apiMetric('page_views', { window: '90d', bucket: 'auto' });
    expect(api.series.length).toBeGreaterThan(0);
    for (const p of api.series) {
      const row = byBucket.get(String(p.bucket));
      expect(row, String(p.bucket)).toBeDefined();
      if (p.suppressed) expect(row!.slice(1)).toEqual(['', 'page_views: fewer than 5 guests']);
      else expect(Number(row![1])).toBe(p.page_views);
    }
    // Buckets the API did not return hold no rows: zero in the CSV, as in the chart.
    for (const [bucket, row] of byBucket) if (!api.series.some((p) => p.bucket === bucket)) expect(row[1]).toBe('0');
  });

  it('a segmented chart’s CSV has one column per segment value, matching the API', async () => {
    await s.page.goto('/services?window=90d&segment=service_type');
    await chartsDrawn(s.page);
    const { rows } = await download(s.page, 'services-requests');
    const api = await apiMetric('service_requests', { window: '90d', segment: 'service_type', bucket: 'auto' });
    const header = rows[0]!;
    for (const p of api.series) {
      const row = rows.find((r) => r[0] === p.bucket)!;
      const cell = row[header.indexOf(String(p.segment_value))];
      expect(cell).toBe(p.suppressed ? '' : String(p.requests));
    }
  });

  it('a ranked list’s CSV matches the API’s extras', async () => {
    await s.page.goto('/search?window=90d&segment=none');
    await chartsDrawn(s.page);
    const { rows } = await download(s.page, 'search-top-queries');
    const api = await apiMetric('searches', { window: '90d' });
    const top = (api.extras as { top_queries: { query: string; searches: number; zero_result_searches: number; guests: number }[] }).top_queries;
    expect(top.length).toBeGreaterThan(0);
    expect(rows.slice(1).filter((r) => r.length > 1)).toEqual(top.map((q) => [q.query, String(q.searches), String(q.zero_result_searches), String(q.guests), '']));
  });
});
