/** Distinct series colours before one repeats (globals.css defines --chart-1 … --chart-10). */
export const SERIES_COLORS = 10;

// Series colours come from the theme tokens (globals.css), so charts follow light and dark.
export const seriesColor = (i: number) => `var(--chart-${(((i % SERIES_COLORS) + SERIES_COLORS) % SERIES_COLORS) + 1})`;
