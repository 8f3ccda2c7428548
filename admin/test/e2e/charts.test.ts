import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { contrast, distance, parseColor } from '@/lib/charts/color';
import { chartsDrawn, ctx, expectClean, launch, login, newSession, useTheme, type Session } from './support/browser';

// The charts as staff see them, measured in the browser: colours from computed styles in both
// themes, labels from element boxes at laptop and tablet width, and the first response's HTML.
let browser: Browser;
const sessions: Session[] = [];
const PAGES = ['/', '/engagement', '/search', '/faq', '/chat', '/services', '/guests'];

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  expectClean(sessions);
  await browser.close();
});

async function session(width: number, height: number): Promise<Session> {
  const s = await newSession(browser, { width, height });
  sessions.push(s);
  await login(s.page, 'viewer');
  return s;
}

interface Painted {
  chart: string;
  what: string;
  fg: string;
  bg: string;
}

/**
 * Every series mark, legend swatch and chart text with the colour it is painted in and the
 * opaque background behind it, both as rgb() (a 1 × 1 canvas resolves any CSS colour).
 */
function painted(page: Page): Promise<Painted[]> {
  return page.evaluate(() => {
    const g = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    const rgb = (css: string) => {
      g.clearRect(0, 0, 1, 1);
      g.fillStyle = '#000';
      g.fillStyle = css;
      g.fillRect(0, 0, 1, 1);
      const [r, gr, b] = g.getImageData(0, 0, 1, 1).data;
      return `rgb(${r}, ${gr}, ${b})`;
    };
    const background = (el: Element): string => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c && !/rgba\(.*,\s*0\)$/.test(c) && c !== 'transparent') return rgb(c);
      }
      return rgb(getComputedStyle(document.body).backgroundColor);
    };
    const out: { chart: string; what: string; fg: string; bg: string }[] = [];
    for (const card of document.querySelectorAll('[data-testid^="chart-"]')) {
      const chart = card.getAttribute('data-testid')!;
      const bg = background(card);
      const add = (sel: string, what: string, prop: 'stroke' | 'backgroundColor' | 'color') => {
        for (const el of card.querySelectorAll(sel)) {
          const v = getComputedStyle(el)[prop];
          if (v && v !== 'none') out.push({ chart, what: `${what}: ${(el.textContent ?? '').slice(0, 40)}`, fg: rgb(v), bg: prop === 'color' ? background(el) : bg });
        }
      };
      add('[data-line]', 'series line', 'stroke');
      add('[data-bar]', 'series bar', 'backgroundColor');
      add('[data-legend] svg line', 'legend swatch', 'stroke');
      add('[data-legend] span[data-swatch]', 'legend swatch', 'backgroundColor');
      add('[data-legend-item]', 'text legend', 'color');
      add('[data-axis]', 'text axis', 'color');
      add('[data-category-label]', 'text label', 'color');
      add('[data-value-label]', 'text value', 'color');
    }
    return out;
  });
}

// One browser session per theme and width, each test one page: a loaded machine slows every
// page down, and no test should carry a loop of page loads against its timeout.
const sessionFor = new Map<string, Promise<Session>>();
function shared(key: string, width: number, height: number, theme: 'light' | 'dark' = 'light'): Promise<Session> {
  if (!sessionFor.has(key))
    sessionFor.set(
      key,
      session(width, height).then(async (s) => {
        await useTheme(s, theme);
        return s;
      }),
    );
  return sessionFor.get(key)!;
}

describe.each(['light', 'dark'] as const)('colours in the %s theme', (theme) => {
  it.each(PAGES)('%s: every series colour ≥ 3:1 and chart text ≥ 4.5:1 against its background; no two series alike', async (path) => {
    const s = await shared(theme, 1440, 900, theme);
    await s.page.goto(`${path}?window=90d&segment=none`);
    await chartsDrawn(s.page);
    expect(await s.page.evaluate(() => getComputedStyle(document.body).colorScheme)).toBe(theme);
    const marks = await painted(s.page);
    expect(marks.filter((m) => m.what.startsWith('series')).length).toBeGreaterThan(0);
    for (const m of marks) {
      const ratio = contrast(parseColor(m.fg), parseColor(m.bg));
      expect(ratio, `${m.chart} ${m.what} ${m.fg} on ${m.bg}`).toBeGreaterThanOrEqual(m.what.startsWith('text') ? 4.5 : 3);
    }
    // The lines of one chart: distinct colours (a previous-period line shares its measure's
    // colour on purpose and is dashed, so only distinct colours are compared).
    for (const chart of new Set(marks.map((m) => m.chart))) {
      const colours = [...new Set(marks.filter((m) => m.chart === chart && m.what.startsWith('series line')).map((m) => m.fg))].map(parseColor);
      for (let i = 0; i < colours.length; i++) for (let j = i + 1; j < colours.length; j++) expect(distance(colours[i]!, colours[j]!), chart).toBeGreaterThanOrEqual(8);
    }
  });

  it('segmented: one colour per segment value, none repeated', async () => {
    const s = await shared(theme, 1440, 900, theme);
    await s.page.goto('/guests?window=90d&segment=channel');
    await chartsDrawn(s.page);
    const lines = (await painted(s.page)).filter((m) => m.chart === 'chart-guests-activity' && m.what.startsWith('series line'));
    expect(lines.length).toBeGreaterThan(1);
    expect(new Set(lines.map((l) => l.fg)).size).toBe(lines.length);
  });
});

/** Text that overflows its box without an ellipsis and a tooltip, or sticks out of its card. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const texts = '[data-axis], [data-category-label], [data-value-label], [data-legend-item] > span, [data-testid^="kpi-"] p, [data-testid^="chart-"] :is(h3, [data-slot="card-title"], [data-slot="card-description"]), [role="status"]';
    for (const card of document.querySelectorAll('[data-testid^="chart-"], [data-testid^="kpi-"], [data-testid="live-panel"]')) {
      const box = card.getBoundingClientRect();
      for (const el of card.querySelectorAll<HTMLElement>(texts)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue; // not rendered (a closed disclosure)
        const label = `${card.getAttribute('data-testid')} "${el.textContent}"`;
        if (r.left < box.left - 1 || r.right > box.right + 1) bad.push(`${label} outside its card`);
        if (el.scrollWidth > el.clientWidth + 1) {
          const cut = getComputedStyle(el).textOverflow === 'ellipsis' && (el.title ?? '').includes(el.textContent ?? '\u0000');
          if (!cut) bad.push(`${label} clipped (${el.scrollWidth} > ${el.clientWidth}) without an ellipsis and the whole text as a tooltip`);
        }
      }
    }
    // The comparison switch keeps its label on one line.
    const compare = document.querySelector('label[for="view-compare"]');
    if (compare && compare.getClientRects().length > 0) {
      const lh = parseFloat(getComputedStyle(compare).lineHeight) || 20;
      if (compare.getBoundingClientRect().height > lh * 1.5) bad.push('the Compare label wraps');
    }
    if (document.documentElement.scrollWidth > window.innerWidth) bad.push('the page scrolls sideways');
    return bad;
  });
}

describe.each([
  [1440, 900],
  [820, 1180],
])('labels at %i px', (width, height) => {
  it.each(PAGES.flatMap((p) => [`${p}?window=90d&segment=none`, `${p}?window=90d&segment=channel`]))('%s: each label fits its box or is truncated with the whole text as a tooltip', async (url) => {
    const s = await shared(`w${width}`, width, height);
    await s.page.goto(url);
    await chartsDrawn(s.page);
    expect(await clipped(s.page)).toEqual([]);
  });
});

describe('the measurements themselves', () => {
  it('catch a planted fault: a pale series colour, grey-on-grey text, a clipped label, a wrapping switch', async () => {
    const s = await session(820, 1180);
    await s.page.goto('/engagement?window=90d&segment=none');
    await chartsDrawn(s.page);
    expect(await clipped(s.page)).toEqual([]);
    await s.page.evaluate(() => {
      const style = document.createElement('style');
      // Okabe–Ito's yellow as published (1.2:1 on white), and text barely darker than its card.
      style.textContent = ':root { --chart-1: #f0e442 !important } [data-axis] { color: #c8c8c8 !important }';
      document.head.append(style);
      const label = document.querySelector<HTMLElement>('[data-category-label]')!;
      label.textContent = `/a/very/long/path/${'segment/'.repeat(20)}`;
      label.removeAttribute('title'); // truncated, but the whole text is nowhere
      document.querySelector<HTMLElement>('label[for="view-compare"]')!.style.cssText = 'white-space: normal; display: block; width: 3rem';
    });
    const marks = await painted(s.page);
    const low = marks.filter((m) => contrast(parseColor(m.fg), parseColor(m.bg)) < (m.what.startsWith('text') ? 4.5 : 3)).map((m) => m.what.split(':')[0]);
    expect(new Set(low)).toEqual(new Set(['series line', 'series bar', 'text axis']));
    const bad = await clipped(s.page);
    expect(bad.some((b) => b.includes('/a/very/long/path') && b.includes('clipped'))).toBe(true);
    expect(bad).toContain('the Compare label wraps');
  });
});

describe('first response', () => {
  it('holds every chart drawn with its data, before any script runs', async () => {
    const s = await session(1440, 900);
    for (const path of ['/', '/services', '/search']) {
      const res = await s.context.request.get(`${ctx().baseUrl}${path}?window=90d&segment=none`);
      expect(res.status()).toBe(200);
      const html = await res.text();
      // Drawn charts: a line with points or bars with a width, each card's numbers included.
      expect(html, path).toMatch(/data-drawn="true"[\s\S]*?(<path d="M[\d. ]+L[^"]+"|data-bar="true")/);
      const cards = html.match(/data-testid="chart-[a-z-]+"/g) ?? [];
      const drawnOrEmpty = html.match(/data-drawn="true"|data-empty="(no-data|withheld)"/g) ?? [];
      expect(cards.length, path).toBeGreaterThanOrEqual(2);
      expect(drawnOrEmpty.length, path).toBe(cards.length);
    }
  });
});
