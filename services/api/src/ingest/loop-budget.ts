/**
 * One budget of event-loop time shared by every request in the process. A per-request budget
 * ("yield after 5 ms") still lets N concurrent requests hold one loop turn for N × 5 ms, because
 * each of them resumes in the same setImmediate phase; under four concurrent batches /health
 * waited for exactly that. Here a caller whose slice is spent queues up, and each loop turn
 * starts one new slice and hands it to the longest-waiting caller: CPU work holds the loop for
 * about `sliceMs` (plus one unit of work) per turn however many requests are busy, and busy
 * requests take turns.
 */
export class LoopBudget {
  private sliceStart: number;
  private readonly waiting: Array<() => void> = [];
  private turnScheduled = false;

  constructor(
    private readonly sliceMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.sliceStart = now();
  }

  /**
   * Whether the current slice is used up. Checked synchronously right before each unit of work
   * (`if (budget.spent()) await budget.next()`): an `await` on every check would let every
   * caller pass the check before any of them had done its work.
   */
  spent(): boolean {
    return this.now() - this.sliceStart > this.sliceMs;
  }

  /** Resolves on a later loop turn, when this caller's turn to work has come. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.scheduleTurn();
    });
  }

  private scheduleTurn() {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    // setImmediate runs after the poll phase, so I/O (a /health request) is served in between.
    setImmediate(() => {
      this.turnScheduled = false;
      this.sliceStart = this.now();
      this.waiting.shift()?.();
      if (this.waiting.length > 0) this.scheduleTurn();
    });
  }
}
