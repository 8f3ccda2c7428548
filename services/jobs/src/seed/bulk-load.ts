import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { AnalyticsEvent } from '@cbc/contract';
import { subjectHash } from '@cbc/db';
import { minimizeRow, prepareEvent, type PreparedRow, type PrivacyOptions } from '@cbc/privacy';
import { SeedTally, toEvent } from './deliveries';
import { countsOf, streamDeliveries, type SeedCounts } from './generate';
import type { SeedPlan } from './plan';

/*
 * Bulk mode: the generator's stream, through the same privacy code as the API (prepareEvent,
 * then minimizeRow for guests without consent), written with COPY as the ingest role. No HTTP,
 * and never more than two chunks in memory: one being generated while the other is copied.
 * The erasure rules of the API hold here too: an event whose guest the ledger says was erased
 * after it occurred is not stored, and a minimized row is linked to its guest's ledger hash.
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
  /** Rows per COPY transaction. */
  chunkRows?: number;
  log?: (line: string) => void;
}

export interface BulkOptions extends BulkWriteOptions {
  plan: SeedPlan;
}

export interface BulkResult {
  counts: SeedCounts;
  rows: { events: number; consent_records: number; event_ids: number };
  /** Rows already stored by an earlier run (same seed and options): skipped, not copied again. */
  skipped: number;
  minimized: number;
  dropped: number;
  /** Events of guests erased after they occurred: not stored. */
  erased: number;
  elapsed_s: number;
  rows_per_s: number;
}

const EVENT_COLUMNS =
  'event_id, event_type, retention_class, occurred_at, guest_id, session_id, guest_type, channel, language, minimized, ip_network, ip_hash, device_class, properties, source';
const CONSENT_COLUMNS = 'event_id, guest_id, analytics, marketing, policy_version, occurred_at, guest_type, channel, language, source';

// COPY's text format: backslash, tab, newline and carriage return must be escaped; \N is NULL.
const SPECIAL = /[\\\t\n\r]/;
function text(v: string | null | undefined): string {
  if (v == null) return '\\N';
  if (!SPECIAL.test(v)) return v;
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
const bool = (v: boolean | null | undefined) => (v == null ? '\\N' : v ? 't' : 'f');

/**
 * One table's COPY data. Lines are packed into Buffers as they come: off the JS heap and in
 * UTF-8, so a 50,000-row chunk costs its bytes, not 50,000 long-lived strings for the GC.
 */
class TableData {
  parts: Buffer[] = [];
  lines = 0;
  private pending = '';

  add(line: string) {
    this.pending += line;
    this.lines += 1;
    if (this.pending.length >= 64 * 1024) this.pack();
  }

  done(): Buffer[] {
    this.pack();
    return this.parts;
  }

  /** The same data without the lines of `ids` (every line starts with its event id). */
  without(ids: ReadonlySet<string>): TableData {
    const kept = new TableData();
    for (const line of Buffer.concat(this.done()).toString('utf8').split('\n')) {
      if (line !== '' && !ids.has(line.slice(0, 36))) kept.add(`${line}\n`);
    }
    return kept;
  }

  private pack() {
    if (this.pending === '') return;
    this.parts.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }
}

class Chunk {
  ids: string[] = [];
  eventIds = new TableData();
  events = new TableData();
  consent = new TableData();
  links = new TableData();
  /** Per ledger hash, the ids and occurred_at of its events: checked against the ledger at write time. */
  subjects = new Map<string, Array<{ id: string; at: number }>>();
  earliest = Infinity;
  latest = -Infinity;

  get size() {
    return this.ids.length;
  }

  add(row: PreparedRow, event: AnalyticsEvent, minimized: boolean, hash: string | null) {
    this.ids.push(row.event_id);
    const at = Date.parse(row.occurred_at);
    this.earliest = Math.min(this.earliest, at);
    this.latest = Math.max(this.latest, at);
    if (hash) {
      const of = this.subjects.get(hash) ?? [];
      of.push({ id: row.event_id, at: Date.parse(row.occurred_at) });
      this.subjects.set(hash, of);
      if (minimized) this.links.add(`${row.event_id}\t${hash}\t${row.retention_class}\t${row.occurred_at}\n`);
    }
    this.eventIds.add(`${row.event_id}\t${row.retention_class}\t${row.occurred_at}\n`);
    if (event.type === 'consent_updated') {
      // Consent records are evidence and always keep the guest id (as the API stores them).
      const p = event.properties;
      this.consent.add(
        `${row.event_id}\t${text(event.guest_id)}\t${bool(p.analytics)}\t${bool(p.marketing)}\t${text(p.policy_version)}\t${row.occurred_at}\t` +
          `${text(row.guest_type)}\t${text(row.channel)}\t${text(row.language)}\tbulk\n`,
      );
      return;
    }
    this.events.add(
      `${row.event_id}\t${row.event_type}\t${row.retention_class}\t${row.occurred_at}\t${text(row.guest_id)}\t${text(row.session_id)}\t` +
        `${text(row.guest_type)}\t${text(row.channel)}\t${text(row.language)}\t${bool(minimized)}\t${text(row.ip_network)}\t` +
        `${text(row.ip_hash)}\t${text(row.device_class)}\t${text(row.props)}\tbulk\n`,
    );
  }

  /** Leaves out the rows whose id is already stored (a re-run, or a run resumed after a failure). */
  without(existing: ReadonlySet<string>): Chunk {
    const kept = new Chunk();
    kept.ids = this.ids.filter((id) => !existing.has(id));
    kept.eventIds = this.eventIds.without(existing);
    kept.events = this.events.without(existing);
    kept.consent = this.consent.without(existing);
    kept.links = this.links.without(existing);
    kept.earliest = this.earliest;
    kept.latest = this.latest;
    return kept;
  }
}

async function copy(client: pg.Client, table: string, columns: string, data: TableData) {
  if (data.lines === 0) return;
  const stream = client.query(copyStreams.from(`COPY ${table} (${columns}) FROM STDIN`));
  await pipeline(Readable.from(data.done()), stream);
}

/** The chunk's events whose guest the ledger says was erased after they occurred (the API's rule). */
async function erasedIds(client: pg.Client, chunk: Chunk): Promise<string[]> {
  if (chunk.subjects.size === 0) return [];
  const res = await client.query<{ subject_hash: string; erased_at: Date }>('SELECT subject_hash, erased_at FROM privacy.erasures_of($1)', [[...chunk.subjects.keys()]]);
  return res.rows.flatMap((l) => (chunk.subjects.get(l.subject_hash) ?? []).filter((e) => e.at < l.erased_at.getTime()).map((e) => e.id));
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
  const chunkRows = o.chunkRows ?? 50_000;
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const client = new pg.Client({ connectionString: o.databaseUrl, application_name: 'cbc-seed-bulk' });
  await client.connect();
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
    // The ingest role's 5 s statement timeout is sized for API batches, not 50,000-row COPYs.
    await client.query(`SET statement_timeout = '10min'`);

    const write = async (chunk: Chunk) => {
      const existing = await client.query<{ id: string }>('SELECT event_id::text AS id FROM raw.event_ids WHERE event_id = ANY($1::uuid[])', [chunk.ids]);
      const left = new Set(existing.rows.map((r) => r.id));
      result.skipped += left.size;
      for (const id of await erasedIds(client, chunk)) {
        if (left.has(id)) continue;
        left.add(id);
        result.erased += 1;
      }
      const n = left.size;
      const fresh = n === 0 ? chunk : n === chunk.size ? new Chunk() : chunk.without(left);
      if (fresh.size > 0) {
        await client.query('SELECT raw.ensure_partitions($1, $2)', [new Date(fresh.earliest), new Date(fresh.latest)]);
        // One transaction per chunk: a chunk is stored whole or not at all, so a re-run resumes cleanly.
        await client.query('BEGIN');
        try {
          await copy(client, 'raw.event_ids', 'event_id, retention_class, occurred_at', fresh.eventIds);
          await copy(client, 'raw.events', EVENT_COLUMNS, fresh.events);
          await copy(client, 'raw.consent_records', CONSENT_COLUMNS, fresh.consent);
          await copy(client, 'privacy.minimized_links', 'event_id, subject_hash, retention_class, occurred_at', fresh.links);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }
      result.rows.event_ids += fresh.eventIds.lines;
      result.rows.events += fresh.events.lines;
      result.rows.consent_records += fresh.consent.lines;
      const s = (performance.now() - started) / 1000;
      log(`bulk: ${result.rows.event_ids + result.skipped} rows (${result.skipped} already stored), ${Math.round((result.rows.event_ids + result.skipped) / s)} rows/s`);
    };

    let chunk = new Chunk();
    let writing: Promise<void> = Promise.resolve();
    let sinceYield = 0;
    for (const event of events) {
      const { row } = prepareEvent(event, 'bulk', o.privacy);
      const consented = row.retention_class === 'consent' || (row.explicit_consent ?? o.defaultGranted);
      if (!consented && o.dropWithoutConsent) {
        result.dropped += 1;
        continue;
      }
      if (!consented) result.minimized += 1;
      chunk.add(consented ? row : minimizeRow(row), event, !consented, row.guest_id ? subjectHash(o.ledgerKey, row.guest_id) : null);
      if (chunk.size >= chunkRows) {
        await writing;
        const p = write(chunk);
        // Awaited before the next chunk; the no-op handler only keeps a failure from counting as unhandled meanwhile.
        p.catch(() => undefined);
        writing = p;
        chunk = new Chunk();
      }
      // Let the COPY of the previous chunk make progress while this one is generated.
      if (++sinceYield >= 500) {
        sinceYield = 0;
        await yieldToLoop();
      }
    }
    await writing;
    if (chunk.size > 0) await write(chunk);
  } finally {
    await client.end();
  }
  result.elapsed_s = Math.round((performance.now() - started) / 10) / 100;
  result.rows_per_s = Math.round((result.rows.event_ids + result.skipped) / Math.max(result.elapsed_s, 0.001));
  return result;
}
