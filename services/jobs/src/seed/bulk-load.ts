import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { AnalyticsEvent } from '@cbc/contract';
import { minimizeRow, prepareEvent, type PreparedRow, type PrivacyOptions } from '@cbc/privacy';
import { SeedTally, toEvent } from './deliveries';
import { countsOf, streamDeliveries, type SeedCounts } from './generate';
import { DAY, type SeedPlan } from './plan';

/*
 * Bulk mode: the generator's stream, through the same privacy code as the API (prepareEvent,
 * then minimizeRow for guests without consent), written with COPY as the ingest role. No HTTP,
 * and never more than two chunks in memory: one being generated while the other is copied.
 */

export interface BulkOptions {
  databaseUrl: string;
  plan: SeedPlan;
  privacy: PrivacyOptions;
  /** Consent assumed when an event does not say (CONSENT_DEFAULT=granted). */
  defaultGranted: boolean;
  /** Without consent: drop the event instead of storing it minimized (NO_CONSENT_ACTION=drop). */
  dropWithoutConsent: boolean;
  /** Rows per COPY transaction. */
  chunkRows?: number;
  log?: (line: string) => void;
}

export interface BulkResult {
  counts: SeedCounts;
  rows: { events: number; consent_records: number; event_ids: number };
  /** Rows already stored by an earlier run (same seed and options): skipped, not copied again. */
  skipped: number;
  minimized: number;
  dropped: number;
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

class Chunk {
  ids: string[] = [];
  idLines: string[] = [];
  eventLines: string[] = [];
  consentLines: string[] = [];

  get size() {
    return this.ids.length;
  }

  add(row: PreparedRow, event: AnalyticsEvent, minimized: boolean) {
    this.ids.push(row.event_id);
    this.idLines.push(`${row.event_id}\t${row.retention_class}\t${row.occurred_at}\n`);
    if (event.type === 'consent_updated') {
      // Consent records are evidence and always keep the guest id (as the API stores them).
      const p = event.properties;
      this.consentLines.push(
        [row.event_id, text(event.guest_id), bool(p.analytics), bool(p.marketing), text(p.policy_version), row.occurred_at, text(row.guest_type), text(row.channel), text(row.language), 'bulk'].join('\t') + '\n',
      );
      return;
    }
    this.eventLines.push(
      [
        row.event_id,
        row.event_type,
        row.retention_class,
        row.occurred_at,
        text(row.guest_id),
        text(row.session_id),
        text(row.guest_type),
        text(row.channel),
        text(row.language),
        bool(minimized),
        text(row.ip_network),
        text(row.ip_hash),
        text(row.device_class),
        text(row.props),
        'bulk',
      ].join('\t') + '\n',
    );
  }

  /** Leaves out the rows whose id is already stored (a re-run, or a run resumed after a failure). */
  without(existing: ReadonlySet<string>): Chunk {
    const kept = new Chunk();
    const keep = (line: string) => !existing.has(line.slice(0, 36));
    kept.ids = this.ids.filter((id) => !existing.has(id));
    kept.idLines = this.idLines.filter(keep);
    kept.eventLines = this.eventLines.filter(keep);
    kept.consentLines = this.consentLines.filter(keep);
    return kept;
  }
}

/** Joins lines into pieces of ~256 KiB: one stream write per line would dominate the cost. */
function* pieces(lines: readonly string[]): Generator<string> {
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length >= 256 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

async function copy(client: pg.Client, table: string, columns: string, lines: readonly string[]) {
  if (lines.length === 0) return;
  const stream = client.query(copyStreams.from(`COPY ${table} (${columns}) FROM STDIN`));
  await pipeline(Readable.from(pieces(lines)), stream);
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function bulkLoad(o: BulkOptions): Promise<BulkResult> {
  const chunkRows = o.chunkRows ?? 50_000;
  const log = o.log ?? (() => undefined);
  const started = performance.now();
  const client = new pg.Client({ connectionString: o.databaseUrl, application_name: 'cbc-seed-bulk' });
  await client.connect();
  const result: BulkResult = {
    counts: countsOf(o.plan, new SeedTally()),
    rows: { events: 0, consent_records: 0, event_ids: 0 },
    skipped: 0,
    minimized: 0,
    dropped: 0,
    elapsed_s: 0,
    rows_per_s: 0,
  };
  try {
    // The ingest role's 5 s statement timeout is sized for API batches, not 50,000-row COPYs.
    await client.query(`SET statement_timeout = '10min'`);
    // The window plus a day of slack: first-contact consent precedes the first session a little.
    await client.query('SELECT raw.ensure_partitions($1, $2)', [new Date(o.plan.end - (o.plan.days + 1) * DAY), new Date(o.plan.end)]);

    const write = async (chunk: Chunk) => {
      const existing = await client.query<{ id: string }>('SELECT event_id::text AS id FROM raw.event_ids WHERE event_id = ANY($1::uuid[])', [chunk.ids]);
      const fresh = existing.rows.length > 0 ? chunk.without(new Set(existing.rows.map((r) => r.id))) : chunk;
      result.skipped += chunk.size - fresh.size;
      if (fresh.size > 0) {
        // One transaction per chunk: a chunk is stored whole or not at all, so a re-run resumes cleanly.
        await client.query('BEGIN');
        try {
          await copy(client, 'raw.event_ids', 'event_id, retention_class, occurred_at', fresh.idLines);
          await copy(client, 'raw.events', EVENT_COLUMNS, fresh.eventLines);
          await copy(client, 'raw.consent_records', CONSENT_COLUMNS, fresh.consentLines);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }
      result.rows.event_ids += fresh.idLines.length;
      result.rows.events += fresh.eventLines.length;
      result.rows.consent_records += fresh.consentLines.length;
      const s = (performance.now() - started) / 1000;
      log(`bulk: ${result.rows.event_ids + result.skipped} rows (${result.skipped} already stored), ${Math.round((result.rows.event_ids + result.skipped) / s)} rows/s`);
    };

    const tally = new SeedTally();
    let chunk = new Chunk();
    let writing: Promise<void> = Promise.resolve();
    let sinceYield = 0;
    for (const d of streamDeliveries(o.plan)) {
      tally.add(d);
      const event = toEvent(d);
      const { row } = prepareEvent(event, 'bulk', o.privacy);
      const consented = row.retention_class === 'consent' || (row.explicit_consent ?? o.defaultGranted);
      if (!consented && o.dropWithoutConsent) {
        result.dropped += 1;
        continue;
      }
      if (!consented) result.minimized += 1;
      chunk.add(consented ? row : minimizeRow(row), event, !consented);
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
    result.counts = countsOf(o.plan, tally);
  } finally {
    await client.end();
  }
  result.elapsed_s = Math.round((performance.now() - started) / 10) / 100;
  result.rows_per_s = Math.round((result.rows.event_ids + result.skipped) / Math.max(result.elapsed_s, 0.001));
  return result;
}
