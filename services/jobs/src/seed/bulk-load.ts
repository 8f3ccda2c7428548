import pg from 'pg';
import type { AnalyticsEvent } from '@cbc/contract';
import { ingestEvents, type RowOutcome } from '@cbc/db';
import { prepareEvent, type PreparedRow, type PrivacyOptions } from '@cbc/privacy';
import { SeedTally, toEvent } from './deliveries';
import { countsOf, streamDeliveries, type SeedCounts } from './generate';
import type { SeedPlan } from './plan';

/*
 * Bulk mode: the generator's stream, through the same privacy code as the API (prepareEvent)
 * and stored by the same database function (raw.ingest_events), which decides consent from the
 * event or the guest's stored record, minimizes, refuses the events of erased guests, links
 * minimized rows to their ledger hash and skips ids already stored. No HTTP, and never more
 * than two chunks in memory: one being prepared while the other is written.
 */

export interface BulkWriteOptions {
  databaseUrl: string;
  privacy: PrivacyOptions;
  /** Consent assumed when an event does not say (CONSENT_DEFAULT=granted). */
  defaultGranted: boolean;
  /** Without consent: drop the event instead of storing it minimized (NO_CONSENT_ACTION=drop). */
  dropWithoutConsent: boolean;
  /** PRIVACY_LEDGER_KEY, as the API has it: keys the ledger lookups and the minimized links. */
  ledgerKey: string;
  /** Rows per statement (one transaction each). */
  chunkRows?: number;
  /**
   * Connections writing chunks at once (default 1: chunks stored in order, so a consent record
   * decides the guest's events in later chunks as it would through the API). More only where
   * every event states its consent, as the seed's do: the bench loads with 2.
   */
  writers?: number;
  log?: (line: string) => void;
}

export interface BulkOptions extends BulkWriteOptions {
  plan: SeedPlan;
}

export interface BulkResult {
  counts: SeedCounts;
  rows: { events: number; consent_records: number; event_ids: number };
  /** Rows already stored by an earlier run (same seed and options): skipped, not written again. */
  skipped: number;
  minimized: number;
  dropped: number;
  /** Events of guests erased after they occurred: not stored. */
  erased: number;
  elapsed_s: number;
  rows_per_s: number;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The seed's plan, generated as a stream and bulk-loaded. */
export async function bulkLoad(o: BulkOptions): Promise<BulkResult> {
  const tally = new SeedTally();
  function* events() {
    for (const d of streamDeliveries(o.plan)) {
      tally.add(d);
      yield toEvent(d);
    }
  }
  const result = await bulkLoadEvents(o, events());
  return { ...result, counts: countsOf(o.plan, tally) };
}

/** Any stream of events, written as the API would store them (source `bulk`). */
export async function bulkLoadEvents(o: BulkWriteOptions, events: Iterable<AnalyticsEvent>): Promise<Omit<BulkResult, 'counts'>> {
  const chunkRows = o.chunkRows ?? 10_000;
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const clients: pg.Client[] = [];
  const result: Omit<BulkResult, 'counts'> = {
    rows: { events: 0, consent_records: 0, event_ids: 0 },
    skipped: 0,
    minimized: 0,
    dropped: 0,
    erased: 0,
    elapsed_s: 0,
    rows_per_s: 0,
  };
  try {
    for (let i = 0; i < Math.max(1, o.writers ?? 1); i += 1) {
      const client = new pg.Client({ connectionString: o.databaseUrl, application_name: 'cbc-seed-bulk' });
      clients.push(client);
      await client.connect();
      // The ingest role's 5 s statement timeout is sized for API batches, not bulk chunks.
      await client.query(`SET statement_timeout = '10min'`);
    }

    const write = async (client: pg.Client, chunk: PreparedRow[]) => {
      const times = chunk.map((r) => Date.parse(r.occurred_at));
      const [from, to] = times.reduce(([lo, hi], t) => [Math.min(lo, t), Math.max(hi, t)], [Infinity, -Infinity]);
      await client.query('SELECT raw.ensure_partitions($1, $2)', [new Date(from), new Date(to)]);
      // One statement per chunk: stored whole or not at all, and a re-run skips what is stored.
      const outcomes = await ingestEvents(client, chunk, o);
      const classOf = new Map(chunk.map((r) => [r.event_id, r.retention_class]));
      for (const outcome of outcomes) tally(outcome, classOf.get(outcome.event_id));
      const s = (performance.now() - started) / 1000;
      log(`bulk: ${result.rows.event_ids + result.skipped} rows (${result.skipped} already stored), ${Math.round((result.rows.event_ids + result.skipped) / s)} rows/s`);
    };
    const tally = (outcome: RowOutcome, retentionClass: string | undefined) => {
      if (outcome.erased) result.erased += 1;
      else if (outcome.dropped) result.dropped += 1;
      else if (!outcome.inserted) result.skipped += 1;
      else {
        result.rows.event_ids += 1;
        if (retentionClass === 'consent') result.rows.consent_records += 1;
        else result.rows.events += 1;
        if (!outcome.consented) result.minimized += 1;
      }
    };

    // The seed's texts come from a catalogue: a few thousand distinct strings over millions of
    // rows. Redaction was most of the load's CPU; the memo stores the same rows (redaction is a
    // pure function of the text) and makes it a lookup.
    const privacy = { ...o.privacy, redactMemo: new Map() };
    const idle = [...clients];
    const writing = new Set<Promise<void>>();
    const send = async (rows: PreparedRow[]) => {
      while (idle.length === 0) await Promise.race(writing);
      const client = idle.pop()!;
      const p: Promise<void> = write(client, rows).then(() => {
        writing.delete(p);
        idle.push(client);
      });
      // Awaited before the connection is reused or at the end; the no-op handler only keeps a failure from counting as unhandled meanwhile.
      p.catch(() => undefined);
      writing.add(p);
    };
    let chunk: PreparedRow[] = [];
    let sinceYield = 0;
    for (const event of events) {
      chunk.push(prepareEvent(event, 'bulk', privacy).row);
      if (chunk.length >= chunkRows) {
        await send(chunk);
        chunk = [];
      }
      // Let the writes of earlier chunks make progress while this one is prepared.
      if (++sinceYield >= 500) {
        sinceYield = 0;
        await yieldToLoop();
      }
    }
    if (chunk.length > 0) await send(chunk);
    await Promise.all(writing);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  result.elapsed_s = Math.round((performance.now() - started) / 10) / 100;
  result.rows_per_s = Math.round((result.rows.event_ids + result.skipped) / Math.max(result.elapsed_s, 0.001));
  return result;
}
