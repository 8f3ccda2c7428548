import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERIES_COLORS, seriesColor } from '@/components/charts/chart-theme';
import { contrast, DEFICIENCIES, distance, parseColor, simulate, type Rgb } from '@/lib/charts/color';

// The series palette and the text around charts, read from the theme tokens as the browser
// gets them: every colour against both themes' surfaces, and every pair apart as people with
// the common colour-vision deficiencies see it.
const css = readFileSync(fileURLToPath(new URL('../../src/app/globals.css', import.meta.url)), 'utf8');

function token(name: string): { light: Rgb; dark: Rgb } {
  const m = new RegExp(`--${name}:\\s*light-dark\\(\\s*([^,]+?\\))\\s*,\\s*([^;]+?\\))\\s*\\)\\s*;|--${name}:\\s*light-dark\\(\\s*(#[0-9a-f]+)\\s*,\\s*(#[0-9a-f]+)\\s*\\)`, 'i').exec(css);
  if (!m) throw new Error(`token --${name} not found`);
  return { light: parseColor(m[1] ?? m[3]!), dark: parseColor(m[2] ?? m[4]!) };
}

const THEMES = ['light', 'dark'] as const;
const SURFACES = ['card', 'background', 'popover'];
const palette = Array.from({ length: SERIES_COLORS }, (_, i) => token(`chart-${i + 1}`));

describe('series palette', () => {
  it('has ten colours and repeats none before the eleventh series', () => {
    expect(SERIES_COLORS).toBeGreaterThanOrEqual(10);
    expect(new Set(Array.from({ length: 10 }, (_, i) => seriesColor(i))).size).toBe(10);
    expect(seriesColor(10)).toBe(seriesColor(0));
    for (const t of THEMES) expect(new Set(palette.map((c) => c[t].join())).size).toBe(SERIES_COLORS);
  });

  it.each(THEMES)('every colour is at least 3:1 against each %s surface (WCAG 1.4.11)', (t) => {
    for (const s of SURFACES) {
      const bg = token(s)[t];
      palette.forEach((c, i) => expect(contrast(c[t], bg), `--chart-${i + 1} on --${s} (${t})`).toBeGreaterThanOrEqual(3));
    }
  });

  it.each(THEMES)('no two colours look alike (%s), with normal vision or a colour-vision deficiency', (t) => {
    // OKLab distance × 100; ~2 is just noticeable. Thin lines need more than that: 8 with
    // normal vision, 5 under full protanopia, deuteranopia or tritanopia (the worst case).
    for (const [vision, min] of [['normal', 8], ...DEFICIENCIES.map((d) => [d, 5] as const)] as const) {
      const seen = palette.map((c) => (vision === 'normal' ? c[t] : simulate(c[t], vision)));
      for (let i = 0; i < seen.length; i++)
        for (let j = i + 1; j < seen.length; j++) expect(distance(seen[i]!, seen[j]!), `--chart-${i + 1} vs --chart-${j + 1}, ${vision}, ${t}`).toBeGreaterThanOrEqual(min);
    }
  });

  it.each(THEMES)('legend, label and axis text is at least 4.5:1 (%s)', (t) => {
    for (const fg of ['foreground', 'muted-foreground', 'card-foreground', 'popover-foreground'])
      for (const s of SURFACES) expect(contrast(token(fg)[t], token(s)[t]), `--${fg} on --${s} (${t})`).toBeGreaterThanOrEqual(4.5);
  });
});

describe('colour arithmetic', () => {
  it('agrees with WCAG’s reference values', () => {
    expect(contrast(parseColor('#000'), parseColor('#fff'))).toBeCloseTo(21, 5);
    expect(contrast(parseColor('#767676'), parseColor('#ffffff'))).toBeCloseTo(4.54, 2);
    expect(parseColor('rgb(255, 0, 0)')).toEqual([1, 0, 0]);
    expect(parseColor('oklch(1 0 0)').map((v) => Math.round(v * 255))).toEqual([255, 255, 255]);
    expect(parseColor('oklch(0.628 0.2577 29.23)').map((v) => Math.round(v * 255))).toEqual([255, 0, 0]);
  });

  it('simulates deficiencies: red and green collapse for deuteranopes, not for others', () => {
    const red = parseColor('#d62728');
    const green = parseColor('#2ca02c');
    expect(distance(simulate(red, 'deuteranopia'), simulate(green, 'deuteranopia'))).toBeLessThan(distance(red, green) / 2);
    expect(distance(simulate(red, 'tritanopia'), simulate(green, 'tritanopia'))).toBeGreaterThan(10);
  });
});
