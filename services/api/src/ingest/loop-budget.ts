/**
 * One budget of event-loop time shared by every request in the process. A per-request budget
 * ("yield after 5 ms") still lets N concurrent requests hold one loop turn for N × 5 ms, because
 * each of them resumes in the same setImmediate phase; under four concurrent batches /health
 * waited for exactly that. Here a caller whose slice is spent queues up, and each loop turn
 * starts one new slice and hands it to one waiting caller: CPU work holds the loop for about
 * `sliceMs` (plus one unit of work) per turn however many requests are busy.
 *
 * The turn goes to the caller whose (turn it queued at + units of work it has left) is lowest,
 * ties to the longest waiting: mostly the caller with the least work left, but one that has
 * waited as many turns as it has units left is served before anything that queues after that.
 * Round robin made N equal batches advance in lockstep and all finish at the very end, each
 * waiting for the work of all N; this finishes them one after another (the same total work, the
 * mean latency about halved), lets a single event pass the batches ahead of it, and still
 * cannot starve a batch behind a stream of single events.
 */
export class LoopBudget {
  private sliceStart: number;
  private readonly waiting: Array<{ resume: () => void; due: number }> = [];
  /** Loop turns handed out so far. */
  private turns = 0;
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

  /**
   * Resolves on a later loop turn, when this caller's turn to work has come; `left` is how many
   * units of work the caller still has (it decides the order).
   */
  next(left = 1): Promise<void> {
    return new Promise<void>((resume) => {
      this.waiting.push({ resume, due: this.turns + left });
      this.scheduleTurn();
    });
  }

  /** Removes and returns the waiter that is due first; the earliest queued among equals. */
  private take(): (() => void) | undefined {
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) if (this.waiting[i]!.due < this.waiting[best]!.due) best = i;
    return this.waiting.splice(best, 1)[0]?.resume;
  }

  private scheduleTurn() {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    // setImmediate runs after the poll phase, so I/O (a /health request) is served in between.
    setImmediate(() => {
      this.turnScheduled = false;
      this.sliceStart = this.now();
      this.turns += 1;
      this.take()?.();
      if (this.waiting.length > 0) this.scheduleTurn();
    });
  }
}
