// `make up`'s step lines: one line per step with its time, tool output only on failure,
// progress redrawn on a terminal and printed per quarter otherwise; dbt's node lines counted.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dbtProgress } from '../local/dbt-progress';
import { CommandError, runQuiet, Steps } from '../local/steps';

function sink(isTTY: boolean) {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean };
  out.isTTY = isTTY;
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  return { out, text: () => text };
}
const plain = (s: string) => s.replace(/\d+(\.\d)? s\b/g, 'T s');

describe('make up steps', () => {
  it('prints one numbered line per step with its time, and its notes', async () => {
    const s = sink(false);
    const steps = new Steps(2, s.out);
    await steps.run('PostgreSQL', async () => undefined);
    await steps.run('seed', async (ctx) => ctx.note('5,000 accepted'));
    expect(plain(s.text())).toBe('[1/2] PostgreSQL … T s\n[2/2] seed … T s  5,000 accepted\n');
  });

  it('prints progress at each quarter, once, when the output is not a terminal', async () => {
    const s = sink(false);
    await new Steps(1, s.out).run('seed', async (ctx) => {
      for (let done = 0; done <= 1000; done += 100) ctx.progress(done, 1000);
    });
    const lines = plain(s.text()).trimEnd().split('\n');
    expect(lines).toEqual(['[1/1] seed 300/1,000 (30 %) … T s', '[1/1] seed 500/1,000 (50 %) … T s', '[1/1] seed 800/1,000 (80 %) … T s', '[1/1] seed … T s']);
  });

  it('redraws one line on a terminal and ends it with the time', async () => {
    const s = sink(true);
    await new Steps(1, s.out).run('dbt build', async (ctx) => {
      ctx.progress(1, 3, 'stg_events');
      ctx.progress(2, 3, 'fct_sessions');
    });
    const text = s.text();
    expect(text).toContain('\r\u001b[K[1/1] dbt build 2/3 (66 %) fct_sessions');
    expect(plain(text.split('\r\u001b[K').at(-1)!)).toBe('[1/1] dbt build … T s\n');
  });

  it("shows a failed command's captured output, and nothing of it when it succeeds", async () => {
    const s = sink(false);
    const steps = new Steps(2, s.out);
    const cmd = (code: number) => runQuiet('sh', ['-c', `echo tool chatter; echo tool error >&2; exit ${code}`], { cwd: process.cwd(), env: process.env });
    await steps.run('quiet', () => cmd(0));
    await expect(steps.run('loud', () => cmd(3))).rejects.toBeInstanceOf(CommandError);
    expect(plain(s.text())).toBe('[1/2] quiet … T s\n[2/2] loud failed after T s\ntool chatter\ntool error\n');
  });
});

describe('dbt progress', () => {
  it("counts dbt's finished nodes (models, tests, skips, errors) and names the node", () => {
    const seen: string[] = [];
    const feed = dbtProgress({ progress: (done, total, detail) => seen.push(`${done}/${total} ${detail}`) });
    for (const line of [
      '18:01:01  Running with dbt=1.10.0',
      '18:01:01  1 of 1 START hook: cbc_analytics.on-run-start.0 ................................ [RUN]',
      '18:01:01  1 of 1 OK hook: cbc_analytics.on-run-start.0 ................................... [\u001b[32mOK\u001b[0m in 0.28s]',
      '18:01:02  1 of 4 START sql view model staging.stg_events ....................... [RUN]',
      '18:01:02  1 of 4 OK created sql view model staging.stg_events .................. [\u001b[32mCREATE VIEW\u001b[0m in 0.10s]',
      '18:01:03  3 of 4 PASS not_null_stg_events_event_id ............................ [PASS in 0.05s]',
      '18:01:03  2 of 4 ERROR creating sql incremental model marts.fct_sessions ........ [ERROR in 0.20s]',
      '18:01:03  4 of 4 SKIP relation marts.fct_daily .................................. [SKIP]',
      '18:01:04  Completed with 1 error, 0 partial successes, and 0 warnings:',
    ]) {
      feed(line);
    }
    expect(seen).toEqual(['1/4 staging.stg_events', '2/4 not_null_stg_events_event_id', '3/4 marts.fct_sessions', '4/4 marts.fct_daily']);
  });
});
