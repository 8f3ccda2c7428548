/**
 * One budget of event-loop time shared by every request in the process. A per-request budget
 * ("yield after 5 ms") still lets N concurrent requests hold one loop turn for N × 5 ms, because
 * each of them resumes in the same setImmediate phase; under four concurrent batches /health
 * waited for exactly that. Here a caller whose slice is spent queues up, and each loop turn
 * starts one new slice and hands it to one waiting caller: CPU work holds the loop for about
 * `sliceMs` (plus one unit of work) per turn however many requests are busy.
 *
 * The turn goes to the waiting caller with the earliest deadline, fixed when its request starts:
 * the units of work begun so far (by every caller) plus the units the request brings. Requests of
 * equal size go in the order they came, each finishing before the next (round robin advanced N
 * equal batches in lockstep, so all of them finished at the very end, each waiting for the work
 * of all N); a single event passes batches that came up to a batch's size earlier; and nothing
 * that starts after a request's deadline can pass it, so a batch behind a stream of single events
 * waits for at most its own size in their work.
 */
export class LoopBudget {
  private sliceStart: number;
  private readonly waiting: Array<{ resume: () => void; due: number }> = [];
  /** Units of work begun so far, all callers together (the clock deadlines are read on). */
  private begun = 0;
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
    this.begun += 1;
    return this.now() - this.sliceStart > this.sliceMs;
  }

  /** The deadline of a request about to do `units` units of work; it passes this to `next`. */
  deadline(units: number): number {
    return this.begun + units;
  }

  /**
   * Resolves on a later loop turn, when this caller's turn to work has come; `due` is the
   * request's deadline (`deadline()`), the same on every call of one request.
   */
  next(due = this.deadline(1)): Promise<void> {
    return new Promise<void>((resume) => {
      this.waiting.push({ resume, due });
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
      this.take()?.();
      if (this.waiting.length > 0) this.scheduleTurn();
    });
  }
}
