import { RETENTION_CLASS_OF, validateEvent, type AnalyticsEvent, type EventResult } from '@cbc/contract';
import type { Metrics } from '../telemetry/registry';
import { AppError } from '../errors';
import type { GroupCommitter } from './group-commit';
import { LoopBudget } from './loop-budget';
import type { RedactionPool } from './redaction-pool';
import type { RetentionMonths } from './retention';
import { prepareEvent, type PrepareStats, type PreparedRow, type PrivacyOptions } from '@cbc/privacy';

/** How long ingest work may hold the event loop, all requests together, before it lets other work run (ms). */
const SLICE_MS = 5;

export interface IngestOptions {
  privacy: PrivacyOptions;
  /** Months each class is kept (ops.retention_policy, see retention.ts). */
  retentionMonths: () => Promise<RetentionMonths>;
  /** Worker threads for long texts; without it every event is redacted on the event loop. */
  redactionPool?: RedactionPool;
  /** Events whose string properties total at least this many characters go to the pool. */
  offloadChars?: number;
}

/** Characters of free text an event brings (what redaction's cost grows with). */
function textLength(event: AnalyticsEvent): number {
  let n = 0;
  const props = event.properties as Record<string, unknown>;
  for (const k in props) {
    const v = props[k];
    if (typeof v === 'string') n += v.length;
  }
  return n;
}

/**
 * The pipeline every event takes, whether it came as a single event, in a batch or from a
 * webhook: validate → retention → privacy (redaction, IP) → group commit, where consent is
 * decided against the stored records in the same statement that stores the event.
 */
export class IngestPipeline {
  private readonly budget = new LoopBudget(SLICE_MS);

  constructor(
    private readonly committer: GroupCommitter,
    private readonly opts: IngestOptions,
    private readonly metrics: Metrics,
  ) {}

  async ingest(inputs: readonly unknown[], source: PreparedRow['source'], now = Date.now()): Promise<EventResult[]> {
    const retention = await this.opts.retentionMonths();
    const results: EventResult[] = new Array(inputs.length);
    const rows: Array<{ index: number; row: PreparedRow }> = [];
    const offloaded: Array<{ index: number; event: AnalyticsEvent }> = [];
    const pool = this.opts.privacy.collectPii ? undefined : this.opts.redactionPool;
    // Only a batch can repeat an id within itself: a single event needs no set.
    const seen = inputs.length > 1 ? new Set<string>() : null;
    // Validation and redaction are CPU work on the event loop: a batch of long texts would hold
    // it for as long as they take, and /health, /ready and every other request with it. Long
    // texts go to the redaction workers; the rest is done in slices of a budget shared by all
    // requests, so the loop turns every few ms however many requests are busy.
    const due = this.budget.deadline(inputs.length);
    for (let index = 0; index < inputs.length; index++) {
      if (this.budget.spent()) await this.budget.next(due);
      const input = inputs[index];
      const v = validateEvent(input, now);
      if (!v.ok) {
        const id = (input as { event_id?: unknown })?.event_id;
        results[index] = { event_id: typeof id === 'string' ? id : null, status: 'invalid', errors: v.errors };
        const type = (input as { type?: unknown })?.type;
        this.metrics.events.inc({ type: typeof type === 'string' && type in RETENTION_CLASS_OF ? type : 'unknown', outcome: 'invalid' });
        continue;
      }
      const event = v.event;
      if (this.expired(event, now, retention)) {
        results[index] = { event_id: event.event_id, status: 'dropped', reason: 'retention_expired' };
        this.count(event.type, 'dropped', 'retention_expired');
        continue;
      }
      if (seen) {
        const id = event.event_id.toLowerCase();
        if (seen.has(id)) {
          // The same id twice in one request: the later copy is a duplicate of the earlier.
          results[index] = { event_id: event.event_id, status: 'duplicate' };
          this.metrics.events.inc({ type: event.type, outcome: 'duplicate' });
          continue;
        }
        seen.add(id);
      }
      if (pool && textLength(event) >= (this.opts.offloadChars ?? 0)) {
        offloaded.push({ index, event });
        continue;
      }
      const { row, stats } = prepareEvent(event, source, this.opts.privacy);
      this.countStats(stats);
      rows.push({ index, row });
    }
    if (pool && offloaded.length > 0) {
      // All or nothing: a refused or failed request stores none of its events, so its retry
      // (made safe by event_id dedupe) is the whole story.
      const prepared = await pool.prepare(offloaded.map((o) => o.event), source).catch((err: unknown) => {
        if (err instanceof AppError) this.metrics.redactionRefused.inc({ reason: err.code });
        throw err;
      });
      prepared.forEach(({ row, stats }, i) => {
        this.countStats(stats);
        rows.push({ index: offloaded[i]!.index, row });
      });
    }

    const outcomes = await this.committer.submit(rows.map((r) => r.row));
    for (const { index, row } of rows) {
      const o = outcomes.get(row.event_id);
      const event_id = (inputs[index] as AnalyticsEvent).event_id;
      if (!o) throw new Error('group commit returned no outcome for a submitted row');
      if ('refused' in o) {
        // Valid by the contract yet refused by the database: retrying would fail the same way.
        results[index] = { event_id, status: 'invalid', errors: [{ path: '/', message: 'The database refused to store this event; it will not be stored on retry' }] };
        this.metrics.events.inc({ type: row.event_type, outcome: 'invalid' });
      } else if (o.erased) {
        results[index] = { event_id, status: 'dropped', reason: 'erased' };
        this.count(row.event_type, 'dropped', 'erased');
      } else if (o.dropped) {
        results[index] = { event_id, status: 'dropped', reason: 'no_consent' };
        this.count(row.event_type, 'dropped', 'no_consent');
      } else if (o.inserted) {
        results[index] = o.consented ? { event_id, status: 'accepted' } : { event_id, status: 'accepted', minimized: true };
        this.metrics.events.inc({ type: row.event_type, outcome: 'accepted' });
        if (!o.consented) this.metrics.minimized.inc({ reason: 'no_consent' });
      } else {
        results[index] = { event_id, status: 'duplicate' };
        this.metrics.events.inc({ type: row.event_type, outcome: 'duplicate' });
      }
    }
    return results;
  }

  private countStats(stats: PrepareStats) {
    for (const [entity, n] of Object.entries(stats.redactions)) this.metrics.redactions.inc({ entity }, n);
    if (stats.ipInvalid) this.metrics.ipInvalid.inc();
  }

  private expired(event: AnalyticsEvent, now: number, retention: RetentionMonths): boolean {
    const months = retention[RETENTION_CLASS_OF[event.type]];
    const limit = new Date(now);
    limit.setUTCMonth(limit.getUTCMonth() - months);
    return Date.parse(event.occurred_at) < limit.getTime();
  }

  private count(type: string, outcome: 'dropped', reason: string) {
    this.metrics.events.inc({ type, outcome });
    this.metrics.dropped.inc({ reason });
  }
}
