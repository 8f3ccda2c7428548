import { describe, expect, it } from 'vitest';
import { LoopBudget } from '../../src/ingest/loop-budget';

// A fake clock: each unit of work "takes" 3 ms, so what a loop turn holds is counted in units,
// not measured.
/** Runs requests of the given units against one budget; returns the loop turns as strings of owners. */
async function run(budget: LoopBudget, tick: () => void, requests: Array<[string, number, number?]>) {
  const log: string[] = [];
  let probing = true;
  // Runs once per loop turn, in the same phase as the budget's own turns.
  const probe = () => {
    log.push('|');
    if (probing) setImmediate(probe);
  };
  setImmediate(probe);
  const request = async (name: string, units: number, startTurn = 0) => {
    for (let t = 0; t < startTurn; t++) await new Promise((r) => setImmediate(r));
    const due = budget.deadline(units);
    for (let i = 0; i < units; i++) {
      if (budget.spent()) await budget.next(due);
      tick();
      log.push(name);
    }
  };
  await Promise.all(requests.map(([name, units, startTurn]) => request(name, units, startTurn)));
  probing = false;
  return log.join('').split('|').filter(Boolean);
}

describe('the shared event-loop budget', () => {
  it('lets all busy requests together hold one loop turn for one slice', async () => {
    let clock = 0;
    const budget = new LoopBudget(5, () => clock);
    const turns = await run(budget, () => (clock += 3), [['a', 6], ['b', 6], ['c', 6]]);
    // 5 ms slice, 3 ms units: a slice admits two units (at 0 and 3 ms elapsed), never more,
    // however many requests are waiting.
    expect(Math.max(...turns.map((t) => t.length))).toBe(2);
    expect(turns.join('').length).toBe(18);
  });

  it('finishes equal requests one after another instead of all at the end', async () => {
    let clock = 0;
    const budget = new LoopBudget(5, () => clock);
    const turns = await run(budget, () => (clock += 3), [['a', 6], ['b', 6], ['c', 6]]);
    const finished = (name: string) => turns.findLastIndex((t) => t.includes(name));
    // a finishes on the second turn after the first stretch; round robin finished it on the
    // seventh, one turn before b and two before c, all at the end.
    expect(finished('a')).toBe(2);
    expect(finished('a')).toBeLessThan(finished('b'));
    expect(finished('b')).toBeLessThan(finished('c'));
  });

  it('keeps finishing many equal batches in order when a turn does many units of each', async () => {
    let clock = 0;
    const budget = new LoopBudget(5, () => clock);
    // 1 ms units: six per slice, so each 60-unit batch needs ten turns.
    const names = 'abcdefghij'.split('');
    const turns = await run(budget, () => (clock += 1), names.map((n) => [n, 60] as [string, number]));
    const finished = names.map((n) => turns.findLastIndex((t) => t.includes(n)));
    expect(finished).toEqual([...finished].sort((x, y) => x - y));
    // The second batch is done after about twenty turns, not after nearly all hundred.
    expect(finished[1]).toBeLessThanOrEqual(21);
  });

  it('lets a single event pass the batches waiting ahead of it', async () => {
    let clock = 0;
    const budget = new LoopBudget(5, () => clock);
    // Three batches of 20 units; a single event arrives two turns later, behind them.
    const turns = await run(budget, () => (clock += 3), [['a', 20], ['b', 20], ['c', 20], ['s', 1, 2]]);
    const single = turns.findIndex((t) => t.includes('s'));
    expect(single).toBeGreaterThan(0);
    expect(single).toBeLessThanOrEqual(3);
  });

  it('serves a batch behind a stream of single events once they have done as much work as the batch brings', async () => {
    let clock = 0;
    const budget = new LoopBudget(5, () => clock);
    // b has 6 units; a new single event arrives on every one of the next 30 turns.
    const singles: Array<[string, number, number]> = Array.from({ length: 30 }, (_, i) => ['s', 1, i]);
    const turns = await run(budget, () => (clock += 3), [['b', 6], ...singles]);
    const finished = turns.findLastIndex((t) => t.includes('b'));
    // Least-work-first alone would serve every single before b (turn 30 or later).
    expect(finished).toBeLessThan(10);
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
