#!/usr/bin/env node
// Prints line and branch coverage per workspace from the json-summary reports vitest's v8
// coverage writes to <workspace>/coverage/coverage-summary.json. No thresholds: a number to read,
// not a gate. Workspaces without a report (no tests, or run without coverage) are listed as such.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pct = (m) => (m && m.total > 0 ? `${m.pct.toFixed(1).padStart(5)} % of ${String(m.total).padStart(5)}` : '      —          ');

console.log(`coverage            ${'lines'.padEnd(18)} branches`);
for (const ws of workspaces) {
  const file = join(root, ws, 'coverage', 'coverage-summary.json');
  if (!existsSync(file)) {
    const { scripts = {} } = JSON.parse(readFileSync(join(root, ws, 'package.json'), 'utf8'));
    console.log(`  ${ws.padEnd(18)} ${scripts.test ? 'no report' : 'no tests of its own'}`);
    continue;
  }
  const { total } = JSON.parse(readFileSync(file, 'utf8'));
  console.log(`  ${ws.padEnd(18)} ${pct(total.lines)}   ${pct(total.branches)}`);
}
