import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressBar } from '../src/progress';
import { seedSummaryLine, type ApiSeedSummary } from '../src/commands/seed';

function sink(isTTY: boolean) {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean };
  out.isTTY = isTTY;
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  return { out, text: () => text };
}

describe('seed progress', () => {
  it('prints a line per quarter when stderr is not a terminal, whatever the update step', () => {
    const s = sink(false);
    const bar = progressBar(s.out);
    for (const done of [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5123]) bar.update(done, 5123);
    bar.end();
    expect(s.text().trimEnd().split('\n')).toEqual(['1,500/5,123 (29 %)', '3,000/5,123 (58 %)', '4,000/5,123 (78 %)', '5,123/5,123 (100 %)']);
  });

  it('redraws a bar on a terminal, keeps it under log lines, and clears it at the end', () => {
    const s = sink(true);
    const bar = progressBar(s.out, 10);
    bar.update(5, 10);
    bar.line('bulk: chunk 1');
    bar.update(10, 10);
    bar.end();
    expect(s.text()).toBe(
      '\r\u001b[K[#####.....] 5/10 (50 %)' + '\r\u001b[Kbulk: chunk 1\n[#####.....] 5/10 (50 %)' + '\r\u001b[K[##########] 10/10 (100 %)' + '\r\u001b[K',
    );
  });

  it('sums the API seed up in one line', () => {
    const summary: ApiSeedSummary = {
      mode: 'api',
      seed: 42,
      days: 90,
      counts: { guests: 100, sessions: 400, deliveries: 5123, viaWebhooks: 120 } as ApiSeedSummary['counts'],
      elapsed_s: 12.5,
      results: { accepted: 5000, duplicate: 100, dropped: 20, invalid: 0 },
      failed: 3,
      errors: [],
      requests: 171,
    };
    expect(seedSummaryLine(summary)).toBe('seed 42: 5,123 deliveries (120 webhooks) in 171 requests, 12.5 s: 5,000 accepted, 100 duplicate, 20 dropped, 0 invalid, 3 failed');
  });
});
