import type { FastifyBaseLogger } from 'fastify';
import type { Pool } from 'pg';
import { UnavailableError } from '../errors';
import { dbErrorFields } from '../logging';
import type { Metrics } from '../telemetry/registry';
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

/** A row the database refused on its own merits (found by bisection); its neighbours were stored. */
export interface RowRefused {
  event_id: string;
  refused: true;
}
export type RowResult = RowOutcome | RowRefused;

interface Pending {
  rows: PreparedRow[];
  resolve: (outcomes: Map<string, RowResult>) => void;
  reject: (err: unknown) => void;
}

// Errors that mean "the database is not there right now", as opposed to a bad statement.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '57014']);
const NO_PARTITION = '23514';
// SQLSTATE classes that blame the data of some row (22 data exception, 23 integrity constraint,
// 54 program limit such as an oversized value), not the statement, the schema or the role. Only
// these are worth bisecting: any other error would fail every half alike, and calling the events
// invalid would make the sender drop them for what is our fault.
const ROW_ERROR_CLASSES = new Set(['22', '23', '54']);

function blamesARow(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && code.length === 5 && ROW_ERROR_CLASSES.has(code.slice(0, 2));
}

class StorageUnavailable extends Error {}

export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  // An error the server sent carries a SQLSTATE, which alone decides: its message may quote row
  // values, and a value reading "timeout" must not turn a refused row into an endless 503 retry.
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return UNAVAILABLE_SQLSTATES.has(e.code);
  if (e?.code && /^E[A-Z]+$/.test(e.code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT…
  return /timeout|terminat|Connection terminated|connect/i.test(e?.message ?? '');
}

/**
 * Group commit: requests hand in their rows and wait; a flush takes everything queued (up to
 * maxRows) into one INSERT statement and answers every waiting request once it has committed.
 * So an acknowledgement always follows a durable commit, and throughput does not pay one
 * round trip and one fsync per event.
 *
 * When a flush starts: the first row waits at most `intervalMs` for company while no flush is
 * running. While one is running, rows wait for it to finish and go in the next flush at once,
 * unless a sizeable share (maxRows / maxInflight) is queued, which starts a flush alongside.
 * A flush costs the database a fixed price (planning raw.ingest_events, the commit) whatever
 * its size, so under load the flushes grow instead of multiplying: a timer alone started a
 * flush of a dozen rows every few ms on each of maxInflight connections.
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
    private readonly log: Pick<FastifyBaseLogger, 'warn'>,
  ) {}

  /**
   * Resolves with each row's outcome once the rows are committed (a row the database refused on
   * its own is `refused`, and every other row is still stored); rejects with 503 when storage is
   * unavailable.
   */
  submit(rows: PreparedRow[]): Promise<Map<string, RowResult>> {
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

  /** Rows that start a flush beside those running (fewer wait for one of them to finish). */
  private get share(): number {
    return Math.max(1, Math.floor(this.opts.maxRows / this.opts.maxInflight));
  }

  private kick() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.length > 0 && this.inflight < this.opts.maxInflight && (this.inflight === 0 || this.queuedRows >= this.share)) {
      const batch = this.take();
      this.inflight += 1;
      void this.flush(batch).finally(() => {
        this.inflight -= 1;
        // The rows queued meanwhile have waited for this flush: they go now.
        if (this.queue.length > 0) this.kick();
        else if (this.inflight === 0) this.idleWaiters.splice(0).forEach((w) => w());
      });
    }
  }

  /** Whole requests only: a request's rows go into one statement (unless bisection must split them). */
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
    const decided = new Map<string, RowResult>();
    let failure: unknown = null;
    try {
      await this.store(rows, decided);
      this.metrics.flushBatchSize.observe(rows.length);
      this.metrics.flushDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    } catch (err) {
      failure = err;
    }
    // A request whose rows were all decided is answered even if a later part of the flush failed:
    // those rows are committed. The others get the failure; a retry is safe (the event id dedupes).
    for (const p of batch) {
      const mine = new Map<string, RowResult>();
      for (const r of p.rows) {
        const o = decided.get(r.event_id);
        if (!o) break;
        mine.set(r.event_id, owner.get(r.event_id) === p || 'refused' in o ? o : { ...o, inserted: false });
      }
      if (mine.size === p.rows.length) p.resolve(mine);
      else p.reject(failure instanceof StorageUnavailable ? new UnavailableError() : failure);
    }
    this.metrics.queueDepth.set(this.queuedRows);
  }

  /**
   * Stores `rows` in one statement. When the database refuses it because of some row's data, the
   * rows are retried in halves until the refused row(s) stand alone, so one poison row costs only
   * itself (a few extra statements per bad row: about 2·log2(n)). Errors are logged by SQLSTATE,
   * routine and constraint only: a driver error's message and detail quote the values.
   */
  private async store(rows: PreparedRow[], decided: Map<string, RowResult>): Promise<void> {
    try {
      for (const o of await this.insertWithPartitions(rows)) decided.set(o.event_id, o);
    } catch (err) {
      if (isUnavailable(err)) throw new StorageUnavailable();
      if (!blamesARow(err)) throw err; // the error handler logs it (without row data) and answers 500
      const [only] = rows;
      if (rows.length === 1 && only) {
        this.log.warn({ db: dbErrorFields(err) }, 'the database refused one event; the rest of its flush is stored');
        decided.set(only.event_id, { event_id: only.event_id, refused: true });
        return;
      }
      const half = Math.ceil(rows.length / 2);
      await this.store(rows.slice(0, half), decided);
      await this.store(rows.slice(half), decided);
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
