import { describe, expect, it } from 'vitest';
import { LoopBudget } from '../../src/ingest/loop-budget';

// A fake clock: each unit of work "takes" 3 ms, so what a loop turn holds is counted in units,
// not measured.
describe('the shared event-loop budget', () => {
  it('lets all busy requests together hold one loop turn for one slice, taking turns', async () => {
    let clock = 0;
    const budget = new LoopBudget(5, () => clock);
    const log: string[] = [];
    let probing = true;
    // Runs once per loop turn, in the same phase as the budget's own turns.
    const probe = () => {
      log.push('|');
      if (probing) setImmediate(probe);
    };
    setImmediate(probe);
    const request = async (name: string, units: number) => {
      for (let i = 0; i < units; i++) {
        if (budget.spent()) await budget.next();
        clock += 3;
        log.push(name);
      }
    };
    await Promise.all([request('a', 6), request('b', 6), request('c', 6)]);
    probing = false;

    const turns = log.join('').split('|').filter(Boolean);
    // 5 ms slice, 3 ms units: a slice admits two units (at 0 and 3 ms elapsed), never more,
    // however many requests are waiting.
    expect(Math.max(...turns.map((t) => t.length))).toBe(2);
    // Round robin: the loop turns (after the first, synchronous stretch) go to the waiting
    // requests in order, never twice in a row to the same one.
    const owners = turns.slice(1).map((t) => t[0]);
    expect(owners.slice(0, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(owners.slice(1).every((o, i) => o !== owners[i])).toBe(true);
    expect(log.filter((x) => x !== '|')).toHaveLength(18);
  });

  it('does not yield while the slice lasts', () => {
    let clock = 0;
    const budget = new LoopBudget(5, () => clock);
    const spent: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      spent.push(budget.spent());
      clock += 1;
    }
    // Elapsed 0..5 ms is within a 5 ms slice; 6 ms is past it.
    expect(spent).toEqual([false, false, false, false, false, false, true]);
  });
});
