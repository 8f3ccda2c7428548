import { Worker } from 'node:worker_threads';
import type { AnalyticsEvent } from '@cbc/contract';
import type { PrepareStats, PreparedRow, PrivacyOptions } from '@cbc/privacy';
import { OverloadedError, RedactionFailedError } from '../errors';

export interface RedactionJob {
  id: number;
  event: AnalyticsEvent;
  source: PreparedRow['source'];
}

/** A worker's answer to a job, or `ready` once it has loaded (jobs are timed from then on). */
export type RedactionReply = { id: number; row: PreparedRow; stats: PrepareStats } | { id: number; error: string } | { ready: true };

export interface RedactionPoolOptions {
  /** Worker threads (at least 1). */
  size: number;
  /** Events that may wait for a worker; a request that would overflow it is refused whole. */
  maxQueued: number;
  /** The worker's entry point: dist/redaction-worker.js, or the .ts source under tsx/vitest. */
  workerUrl: URL;
  privacy: PrivacyOptions;
  /** A job running longer than this is a hung worker: it is terminated and the job fails. */
  jobTimeoutMs?: number;
  /** Called whenever the queue depth changes (the metrics gauge). */
  onDepth?: (queued: number) => void;
}

interface Pending {
  job: RedactionJob;
  resolve: (r: { row: PreparedRow; stats: PrepareStats }) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Redaction of long texts on worker threads. Redacting a 4 KB hostile text costs 0.3–7 ms of
 * CPU; a batch of them on the event loop delayed /health by tens of milliseconds even when the
 * work was sliced. Offloaded, the loop only parses, validates and hands events over.
 *
 * Robustness: the queue is bounded and a request is admitted whole or not at all (503
 * `overloaded`, nothing stored); a worker that dies or hangs fails only the job it was running
 * (its request gets 503 `redaction_failed`, nothing of it stored) and is replaced on demand;
 * queued jobs of other requests go to the next worker.
 */
export class RedactionPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: RedactionPoolOptions) {}

  get queued(): number {
    return this.queue.length;
  }

  /**
   * Prepares `events` on the workers, in order. Admission is all or nothing: an empty queue
   * always admits (so any request the body limit allows can pass), otherwise the request must
   * fit under `maxQueued`.
   */
  prepare(events: readonly AnalyticsEvent[], source: PreparedRow['source']): Promise<Array<{ row: PreparedRow; stats: PrepareStats }>> {
    if (this.closed) return Promise.reject(new RedactionFailedError());
    if (this.queue.length > 0 && this.queue.length + events.length > this.opts.maxQueued) return Promise.reject(new OverloadedError());
    const results = events.map(
      (event) =>
        new Promise<{ row: PreparedRow; stats: PrepareStats }>((resolve, reject) => {
          this.queue.push({ job: { id: this.nextId++, event, source }, resolve, reject });
        }),
    );
    this.opts.onDepth?.(this.queue.length);
    this.dispatch();
    return Promise.all(results);
  }

  /** Starts the workers now, so the first long text does not wait for one to load. */
  start(): void {
    while (this.slots.length < this.opts.size) this.slots.push(this.spawn());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new RedactionFailedError());
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch() {
    while (this.queue.length > 0) {
      const slot = this.idleSlot();
      if (!slot) break;
      const pending = this.queue.shift()!;
      slot.current = pending;
      slot.timer = setTimeout(() => void slot.worker.terminate(), this.opts.jobTimeoutMs ?? 10_000);
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
    this.opts.onDepth?.(this.queue.length);
  }

  /** A loaded worker without a job; starts another worker (used once it is ready) if below size. */
  private idleSlot(): Slot | null {
    const idle = this.slots.find((s) => s.ready && s.current === null);
    if (idle) return idle;
    if (this.slots.length < this.opts.size && !this.slots.some((s) => !s.ready)) this.slots.push(this.spawn());
    return null;
  }

  private spawn(): Slot {
    const worker = startWorker(this.opts.workerUrl, this.opts.privacy);
    const slot: Slot = { worker, ready: false, current: null, timer: null };
    worker.on('message', (reply: RedactionReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        // Referenced only while it holds a job: an idle worker never keeps the process alive.
        worker.unref();
        this.dispatch();
        return;
      }
      const pending = slot.current;
      if (!pending || pending.job.id !== reply.id) return;
      this.finish(slot);
      if ('error' in reply) pending.reject(new Error(`redaction failed: ${reply.error}`));
      else pending.resolve({ row: reply.row, stats: reply.stats });
      this.dispatch();
    });
    // 'error' (an uncaught exception, out of memory) is always followed by 'exit'.
    worker.on('error', () => {});
    worker.on('exit', () => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const pending = slot.current;
      this.finish(slot);
      pending?.reject(new RedactionFailedError());
      if (this.closed) return;
      // A worker that could not even load would be restarted for ever: fail what waits instead;
      // the next request tries again.
      if (!slot.ready && this.slots.length === 0) {
        for (const p of this.queue.splice(0)) p.reject(new RedactionFailedError());
        this.opts.onDepth?.(0);
      }
      this.dispatch();
    });
    return slot;
  }

  private finish(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
    slot.worker.unref();
  }
}

/** Under tsx or vitest the entry point is TypeScript: load it through tsx's ESM hooks. */
function startWorker(url: URL, workerData: PrivacyOptions): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
