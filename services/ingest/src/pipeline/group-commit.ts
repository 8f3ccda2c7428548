import type { Pool } from 'pg';
import { UnavailableError } from '../errors';
import type { Metrics } from '../metrics';
import { ensurePartitions, insertEvents, type ConsentPolicy, type RowOutcome } from './events-repository';
import type { PreparedRow } from '@cbc/privacy';

export interface GroupCommitOptions {
  /** How long the first row of a batch may wait for company. */
  intervalMs: number;
  maxRows: number;
  maxInflight: number;
  /** Rows waiting beyond this are refused with 503 (backpressure instead of unbounded memory). */
  maxQueued: number;
  policy: ConsentPolicy;
}

interface Pending {
  rows: PreparedRow[];
  resolve: (outcomes: Map<string, RowOutcome>) => void;
  reject: (err: unknown) => void;
}

// Errors that mean "the database is not there right now", as opposed to a bad statement.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '57014']);
const NO_PARTITION = '23514';

export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && UNAVAILABLE_SQLSTATES.has(e.code)) return true;
  if (e?.code && /^E[A-Z]+$/.test(e.code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT…
  return /timeout|terminat|Connection terminated|connect/i.test(e?.message ?? '');
}

/**
 * Group commit: requests hand in their rows and wait; a flush takes everything queued (up to
 * maxRows) into one INSERT statement and answers every waiting request once it has committed.
 * So an acknowledgement always follows a durable commit, and throughput does not pay one
 * round trip and one fsync per event.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private queuedRows = 0;
  private inflight = 0;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly pool: Pool,
    private readonly opts: GroupCommitOptions,
    private readonly metrics: Metrics,
  ) {}

  /** Resolves with each row's outcome once the rows are committed; rejects with 503 otherwise. */
  submit(rows: PreparedRow[]): Promise<Map<string, RowOutcome>> {
    if (rows.length === 0) return Promise.resolve(new Map());
    if (this.queuedRows + rows.length > this.opts.maxQueued) {
      return Promise.reject(new UnavailableError('Ingest queue is full; retry later', 1));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      this.metrics.queueDepth.set(this.queuedRows);
      this.schedule();
    });
  }

  private schedule() {
    if (this.queuedRows >= this.opts.maxRows) {
      this.kick();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.kick(), this.opts.intervalMs);
    }
  }

  private kick() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0 && this.inflight < this.opts.maxInflight) {
      const batch = this.take();
      this.inflight += 1;
      void this.flush(batch).finally(() => {
        this.inflight -= 1;
        if (this.queue.length > 0) this.schedule();
        else if (this.inflight === 0) this.idleWaiters.splice(0).forEach((w) => w());
      });
    }
  }

  /** Whole requests only: a request's rows are never split across two statements. */
  private take(): Pending[] {
    const batch: Pending[] = [];
    let n = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (batch.length > 0 && n + next.rows.length > this.opts.maxRows) break;
      batch.push(this.queue.shift()!);
      n += next.rows.length;
    }
    this.queuedRows -= n;
    return batch;
  }

  private async flush(batch: Pending[]): Promise<void> {
    // The same event_id from two concurrent requests: the first request owns the row; the
    // others learn it is a duplicate of it once it is committed.
    const owner = new Map<string, Pending>();
    const rows: PreparedRow[] = [];
    for (const p of batch) {
      for (const r of p.rows) {
        if (owner.has(r.event_id)) continue;
        owner.set(r.event_id, p);
        rows.push(r);
      }
    }
    const started = process.hrtime.bigint();
    try {
      const outcomes = await this.insertWithPartitions(rows);
      this.metrics.flushBatchSize.observe(rows.length);
      this.metrics.flushDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
      const byId = new Map(outcomes.map((o) => [o.event_id, o]));
      for (const p of batch) {
        const mine = new Map<string, RowOutcome>();
        for (const r of p.rows) {
          const o = byId.get(r.event_id);
          if (o) mine.set(r.event_id, owner.get(r.event_id) === p ? o : { ...o, inserted: false });
        }
        p.resolve(mine);
      }
    } catch (err) {
      if (isUnavailable(err) || batch.length === 1) {
        for (const p of batch) p.reject(isUnavailable(err) ? new UnavailableError() : err);
      } else {
        // A statement error not caused by availability: retry request by request so one bad
        // request cannot fail its neighbours.
        await Promise.all(batch.map((p) => this.flush([p])));
      }
    } finally {
      this.metrics.queueDepth.set(this.queuedRows);
    }
  }

  private async insertWithPartitions(rows: PreparedRow[]): Promise<RowOutcome[]> {
    try {
      return await insertEvents(this.pool, rows, this.opts.policy);
    } catch (err) {
      if ((err as { code?: string }).code !== NO_PARTITION) throw err;
      const times = rows.map((r) => Date.parse(r.occurred_at));
      await ensurePartitions(this.pool, new Date(Math.min(...times)), new Date(Math.max(...times)));
      return insertEvents(this.pool, rows, this.opts.policy);
    }
  }

  /** Flush everything queued now and wait until no flush is running (graceful shutdown). */
  async drain(): Promise<void> {
    this.kick();
    while (this.queue.length > 0 || this.inflight > 0) {
      await new Promise<void>((r) => this.idleWaiters.push(r));
      this.kick();
    }
  }
}
