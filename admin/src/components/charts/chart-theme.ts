// Series colours come from the theme tokens (globals.css), so charts follow light and dark.
export const seriesColor = (i: number) => `var(--chart-${(i % 6) + 1})`;

export const AXIS = {
  stroke: 'var(--muted-foreground)',
  fontSize: 12,
  tickLine: false,
  axisLine: false,
} as const;
