import type { StepContext } from './steps';

/**
 * dbt's per-node result line: "18:01:02  12 of 131 OK created sql view model staging.stg_events ....".
 * Hooks report in their own "1 of 1" series ("OK hook: cbc_analytics.on-run-start.0"): not nodes.
 */
const NODE_DONE = /^\S*\s+\d+ of (\d+) (?:OK|PASS|WARN|ERROR|FAIL|SKIP)\b(?! hook:).*?(\S+) \.{3,}/;
// dbt colours its words when it thinks it may; the pattern reads the plain text.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * `dbt build`'s stdout lines → a counter of finished nodes (models, seeds, tests) as step
 * progress. Counted, not read from "N of M": threads finish out of order.
 */
export function dbtProgress(ctx: Pick<StepContext, 'progress'>): (line: string) => void {
  let done = 0;
  return (line) => {
    const m = NODE_DONE.exec(line.replace(ANSI, ''));
    if (m) ctx.progress(++done, Number(m[1]), m[2]);
  };
}
