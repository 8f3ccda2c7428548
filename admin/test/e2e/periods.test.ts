import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '@/lib/shape/csv';
import { DST_QUERY, WEEKLY_QUERY } from '../support/known-events';
import { apiMetric, chartsDrawn, ctx, expectClean, launch, login, newSession, type Session } from './support/browser';

// The period picker, custom ranges across a clock change, bucket=auto and drill-down filters.
// The figures asserted for the known searches (test/support/known-events.ts) are counted by
// hand from that file's table; the others are held to the API's own answer for the same slice.
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
const kpi = async (page: Page, key: string) => Number(await page.getByTestId(`kpi-${key}`).locator('[data-value]').getAttribute('data-value'));
const params = (page: Page) => new URL(page.url()).searchParams;

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The "Show data" table of a chart: first cell (the period, with its partial mark) and the values. */
async function shownRows(page: Page, id: string): Promise<string[][]> {
  return card(page, id)
    .locator('details table tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

/** Rows of a daily table keyed by the club's day (the data-key is absent on time rows: read the label). */
const dayLabel = (day: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${day}T00:00:00Z`));

async function waitForView(page: Page, test: (p: URLSearchParams) => boolean) {
  await expect.poll(() => test(params(page)), { timeout: 20_000 }).toBe(true);
  await chartsDrawn(page);
}

describe('custom range and calendar periods across a clock change', () => {
  it('a range picked on the calendar counts the club’s days, the 23- or 25-hour one included', async () => {
    const { dstDay, dstDayHours } = ctx().known;
    expect([23, 25]).toContain(dstDayHours);
    const first = addDays(dstDay, -1);
    const last = addDays(dstDay, 1);
    await s.page.goto(`/search?window=7d&query=${encodeURIComponent(DST_QUERY)}`);
    await chartsDrawn(s.page);

    await s.page.getByTestId('range-open').click();
    const panel = s.page.getByTestId('range-panel');
    await panel.waitFor();
    const monthName = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(`${first}T00:00:00Z`));
    while ((await s.page.getByTestId('calendar-month').textContent()) !== monthName) await s.page.getByTestId('calendar-previous').click();
    await panel.locator(`[data-day="${first}"]`).click();
    if ((await panel.locator(`[data-day="${last}"]`).count()) === 0) await s.page.getByTestId('calendar-next').click();
    await panel.locator(`[data-day="${last}"]`).click();
    await expect.poll(() => s.page.getByTestId('range-draft').textContent()).toMatch(/both included/);
    await s.page.getByTestId('range-apply').click();
    await waitForView(s.page, (p) => p.get('from') === first && p.get('to') === last);
    expect(params(s.page).get('query')).toBe(DST_QUERY);
    expect(params(s.page).has('window')).toBe(false);

    // By hand (known-events.ts): D−1 6 searches (1 without a result), D 7 (2), D+1 5 (0);
    // the D−2 and D+2 searches lie outside the three days.
    expect(await kpi(s.page, 'searches')).toBe(6 + 7 + 5);
    expect(await kpi(s.page, 'zero_result_searches')).toBe(1 + 2 + 0);
    const volume = card(s.page, 'search-volume');
    expect(await volume.getAttribute('data-bucket')).toBe('day');
    expect(await shownRows(s.page, 'search-volume')).toEqual([
      [dayLabel(first), '6', '1'],
      [dayLabel(dstDay), '7', '2'],
      [dayLabel(last), '5', '0'],
    ]);
    // Every search is alone in its hour, so no hourly cell could be shown; each day can.
    const bucketNote = await volume.getByTestId('bucket-note').textContent();
    expect(bucketNote).toContain('Daily values');
    expect(bucketNote).toContain('hour: 0 of 18 cells reach 5 guests; day: 3 of 3 cells reach 5 guests');
    const zone = await volume.getByTestId('zone-note').textContent();
    expect(zone).toMatch(/^Times in Atlantic\/Bermuda \(UTC−[34] and UTC−[34]\)/);
    expect(zone).toContain('UTC−3');
    expect(zone).toContain('UTC−4');
    expect(await volume.getByTestId('partial-note').count()).toBe(0);
    // The picker shows the range as chosen.
    expect(await s.page.getByTestId('window-select').textContent()).toContain(String(Number(last.slice(8))));
  });

  it('the calendar works from the keyboard', async () => {
    await s.page.goto('/search?window=7d');
    await chartsDrawn(s.page);
    await s.page.getByTestId('range-open').focus();
    await s.page.keyboard.press('Enter');
    await s.page.getByTestId('range-panel').waitFor();
    const focused = () => s.page.evaluate(() => document.activeElement?.getAttribute('data-day') ?? null);
    const start = (await focused())!;
    expect(start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await s.page.keyboard.press('ArrowLeft');
    await expect.poll(focused).toBe(addDays(start, -1));
    await s.page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe(addDays(start, -8));
    await s.page.keyboard.press('Enter');
    await s.page.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe(addDays(start, -7));
    await s.page.keyboard.press('Space');
    await expect.poll(() => s.page.getByTestId('range-draft').textContent()).toMatch(/both included/);
    await s.page.getByTestId('range-apply').click();
    await waitForView(s.page, (p) => p.get('from') === addDays(start, -8) && p.get('to') === addDays(start, -7));
  });

  it('a calendar period holding the clock change counts the same days, the edges and their complement withheld', async () => {
    const { dstDay } = ctx().known;
    const thisYear = new Date().getUTCFullYear().toString();
    // From 1 January until the March change, this year holds no change yet: then 12 months do.
    const preset = dstDay.startsWith(thisYear) ? { value: 'this_year', label: 'This year' } : { value: '12m', label: 'Last 12 months' };
    await s.page.goto(`/search?window=7d&query=${encodeURIComponent(DST_QUERY)}`);
    await chartsDrawn(s.page);
    await s.page.getByTestId('window-select').click();
    await s.page.getByRole('listbox').getByRole('option', { name: preset.label, exact: true }).click();
    await waitForView(s.page, (p) => p.get('window') === preset.value);
    expect(params(s.page).get('query')).toBe(DST_QUERY);

    // All 20 known searches: 1 + 6 + 7 + 5 + 1; the same 3 without a result.
    expect(await kpi(s.page, 'searches')).toBe(20);
    expect(await kpi(s.page, 'zero_result_searches')).toBe(3);
    expect(await card(s.page, 'search-volume').getAttribute('data-bucket')).toBe('day');
    const rows = new Map((await shownRows(s.page, 'search-volume')).map((r) => [r[0]!.replace(/\s*\(partial\)$/, ''), r.slice(1)]));
    expect(rows.get(dayLabel(addDays(dstDay, -2)))).toEqual(['fewer than 5 guests', 'fewer than 5 guests']);
    expect(rows.get(dayLabel(addDays(dstDay, -1)))).toEqual(['6', '1']);
    expect(rows.get(dayLabel(dstDay))).toEqual(['7', '2']);
    expect(rows.get(dayLabel(addDays(dstDay, 2)))).toEqual(['fewer than 5 guests', 'fewer than 5 guests']);
    // Complementary suppression (docs/analytics.md): with D−2 and D+2 withheld, the smallest shown
    // day goes too, or the total minus the shown days would give the withheld two. That is D+1 (5).
    expect(rows.get(dayLabel(addDays(dstDay, 1)))).toEqual(['fewer than 5 guests', 'fewer than 5 guests']);
    expect(await card(s.page, 'search-volume').getByTestId('suppressed-note').textContent()).toMatch(/^6 values are withheld/);
    // The period runs to the end of the current hour: today is cut, and says so.
    const table = await shownRows(s.page, 'search-volume');
    expect(table.at(-1)![0]).toMatch(/\(partial\)$/);
    expect(await card(s.page, 'search-volume').getByTestId('partial-note').textContent()).toMatch(/^Partial period: /);
    expect(await card(s.page, 'search-volume').getByTestId('zone-note').textContent()).toMatch(/UTC−3/);
  });

  it('a chart whose daily cells are all withheld draws weekly values', async () => {
    const { weeklyFrom } = ctx().known;
    const to = addDays(weeklyFrom, 13);
    // The premise, from the API: by day, every cell of this slice is withheld.
    const daily = await apiMetric('searches', { from: weeklyFrom, to: addDays(to, 1), bucket: 'day', query: WEEKLY_QUERY });
    expect(daily.series).toHaveLength(14);
    expect(daily.series.every((p) => p.suppressed === true)).toBe(true);

    await s.page.goto(`/search?from=${weeklyFrom}&to=${to}&query=${encodeURIComponent(WEEKLY_QUERY)}`);
    await chartsDrawn(s.page);
    const volume = card(s.page, 'search-volume');
    expect(await volume.getAttribute('data-bucket')).toBe('week');
    // One guest a day, seven a week, every search with a result.
    expect(await shownRows(s.page, 'search-volume')).toEqual([
      [`wk ${dayLabel(weeklyFrom)}`, '7', '0'],
      [`wk ${dayLabel(addDays(weeklyFrom, 7))}`, '7', '0'],
    ]);
    expect(await volume.getByTestId('suppressed-note').count()).toBe(0);
    expect(await volume.getByTestId('bucket-note').textContent()).toContain('Weekly values (chosen automatically: hour: 0 of 14 cells reach 5 guests; day: 0 of 14 cells reach 5 guests; week: 2 of 2 cells reach 5 guests)');
    expect(await kpi(s.page, 'searches')).toBe(14);
  });

  it('an invalid date in the URL gives a clear message, not a crash; the CSV refuses it', async () => {
    const res = await s.page.goto('/search?from=2026-02-30&to=2026-03-02&segment=none');
    expect(res?.status()).toBe(200);
    await chartsDrawn(s.page);
    const alert = await s.page.getByTestId('view-problems').textContent();
    expect(alert).toContain('from “2026-02-30” is not a calendar day written YYYY-MM-DD');
    expect(alert).toContain('Showing last 7 days instead.');
    expect(await s.page.getByTestId('window-select').textContent()).toBe('Last 7 days');
    const csv = await s.page.request.get('/api/csv/search-volume?from=2026-03-09&to=2026-03-01');
    expect(csv.status()).toBe(400);
    expect(((await csv.json()) as { error: { message: string } }).error.message).toContain('ends (2026-03-01) before it starts (2026-03-09)');
  });
});

describe('drill-down', () => {
  async function download(page: Page, id: string): Promise<{ name: string; rows: string[][] }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`csv-${id}`).click()]);
    return { name: file.suggestedFilename(), rows: parseCsv(readFileSync((await file.path())!, 'utf8')) };
  }

  it('a search query’s row filters the dashboard; its chip removes the filter', async () => {
    await s.page.goto('/search?window=90d&segment=none');
    await chartsDrawn(s.page);
    const all = (await apiMetric('searches', { window: '90d' })).totals as { searches: number };
    expect(await kpi(s.page, 'searches')).toBe(all.searches);

    const top = card(s.page, 'search-top-queries');
    await top.locator('summary').click();
    const link = top.getByTestId('drill-link').first();
    const query = (await link.textContent())!;
    await link.click();
    await waitForView(s.page, (p) => p.get('query') === query);
    expect(params(s.page).get('window')).toBe('90d');

    const sliced = await apiMetric('searches', { window: '90d', query });
    const n = (sliced.totals as { searches: number }).searches;
    expect(n).toBeLessThan(all.searches);
    expect(await kpi(s.page, 'searches')).toBe(n);
    expect(await s.page.getByTestId('chip-query').getAttribute('data-value')).toBe(query);
    // The top list of one query is that query alone.
    expect(await top.locator('details table tbody tr').count()).toBe(1);

    // CSV follows the filter: the series sums to the filtered total.
    const { name, rows } = await download(s.page, 'search-volume');
    expect(name).toBe('cbc-search-volume-90d-filtered-by-query.csv');
    expect(rows.slice(1).filter((r) => r.length > 1).reduce((sum, r) => sum + Number(r[1] || 0), 0)).toBe(
      sliced.series.reduce((sum, p) => sum + (typeof p.searches === 'number' ? p.searches : 0), 0),
    );

    // The Overview cannot take a query filter: it says so rather than pretending.
    await s.page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
    await waitForView(s.page, (p) => p.get('query') === query);
    expect(new URL(s.page.url()).pathname).toBe('/');
    expect(await s.page.getByTestId('chip-query').textContent()).toContain('not applicable on this page');
    expect(await card(s.page, 'overview-activity').getByTestId('unfiltered-note').textContent()).toContain('Not filtered by search query');

    await s.page.goBack();
    await chartsDrawn(s.page);
    await s.page.getByTestId('chip-remove-query').click();
    await waitForView(s.page, (p) => !p.has('query'));
    expect(await s.page.getByTestId('chip-query').count()).toBe(0);
    expect(await kpi(s.page, 'searches')).toBe(all.searches);
  });

  it('a service type’s bar filters the dashboard; its chip removes the filter', async () => {
    await s.page.goto('/services?window=90d&segment=none');
    await chartsDrawn(s.page);
    const all = (await apiMetric('service_requests', { window: '90d' })).totals as { requests: number };
    expect(await kpi(s.page, 'requests')).toBe(all.requests);
    const types = await card(s.page, 'services-by-type-status').locator('details table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(types.length).toBeGreaterThan(1);

    await card(s.page, 'services-by-type-status').getByTestId('bar-drill-link').first().click();
    await waitForView(s.page, (p) => p.has('service_type'));
    const type = params(s.page).get('service_type')!;
    expect(types).toContain(type);
    const sliced = (await apiMetric('service_requests', { window: '90d', service_type: type })).totals as { requests: number };
    expect(sliced.requests).toBeLessThan(all.requests);
    expect(await kpi(s.page, 'requests')).toBe(sliced.requests);
    expect(await s.page.getByTestId('chip-service_type').getAttribute('data-value')).toBe(type);
    expect(await card(s.page, 'services-by-type-status').locator('details table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual([type]);

    await s.page.getByTestId('chip-remove-service_type').click();
    await waitForView(s.page, (p) => !p.has('service_type'));
    expect(await kpi(s.page, 'requests')).toBe(all.requests);
  });

  it('a segmented trend’s legend entry filters by that segment value', async () => {
    await s.page.goto('/engagement?window=90d&segment=channel');
    await chartsDrawn(s.page);
    const legend = card(s.page, 'engagement-page-views').getByTestId('legend-drill-link').first();
    const label = (await legend.textContent())!.trim();
    await legend.click();
    await waitForView(s.page, (p) => p.has('channel'));
    const channel = params(s.page).get('channel')!;
    expect(label.toLowerCase()).toBe(channel);
    // Filtered by the value, the split by that same dimension would be one line: it is dropped.
    expect(params(s.page).get('segment')).toBe('none');
    const sliced = (await apiMetric('page_views', { window: '90d', channel })).totals as { page_views: number };
    expect(await kpi(s.page, 'page_views')).toBe(sliced.page_views);
    expect(await s.page.getByTestId('chip-channel').getAttribute('data-value')).toBe(channel);
  });
});
