import { suppressedText } from './format';
import type { CellValue, ChartTable } from './table';

/**
 * RFC 4180 CSV of a chart's table. Header = column keys (the API's value names, so a CSV can
 * be checked against the API), values raw (rates as fractions, times as ISO), withheld cells
 * empty with a `withheld` column naming them: a spreadsheet never sees a withheld cell as 0.
 */
export function toCsv(t: ChartTable): string {
  const keys = t.columns.map((c) => c.key);
  const lines = [[...keys, 'withheld'].map(field).join(',')];
  for (const r of t.rows) {
    const cells = keys.map((k) => (r.suppressed.includes(k) ? '' : field(r.values[k] ?? null)));
    const note = r.suppressed.length ? `${r.suppressed.join(' ')}: ${suppressedText(t.minGroupSize)}` : '';
    lines.push([...cells, field(note)].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** RFC 4180 CSV of a header and rows, with the same escaping as toCsv (other tables than charts). */
export function rowsToCsv(header: readonly string[], rows: readonly CellValue[][]): string {
  return `${[header.map(field), ...rows.map((r) => r.map(field))].map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

function field(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  // Text from guests (search queries, paths) must not run as a formula in a spreadsheet.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Parses what toCsv writes (tests and the CSV round-trip check). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cur);
      cur = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
    } else cur += ch;
  }
  if (cur !== '' || row.length) rows.push([...row, cur]);
  return rows;
}
