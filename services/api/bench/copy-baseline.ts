// Baseline A of ingest_batch_rows_per_s: raw COPY of the same rows into raw.events as the
// superuser, from this Node process. The rows are the ones the API itself stored (read back after
// a priming batch, one per event type), each copy with a fresh event_id, the current time and one
// of 1,000 guests, exactly like the API's load. COPY statements carry 500 rows (FLUSH_MAX_ROWS)
// on 4 connections (FLUSH_MAX_INFLIGHT), each its own durable transaction: the statement size
// and concurrency the API's group commit has, without HTTP, validation, privacy, the unnest/CTE
// statement and the raw.event_ids idempotency insert.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

const COLUMNS =
  'event_id, event_type, retention_class, occurred_at, guest_id, session_id, guest_type, channel, language, minimized, ip_network, ip_hash, device_class, properties, source';
export const COPY_SQL = `COPY raw.events (${COLUMNS}) FROM STDIN`;
export const COPY_ROWS_PER_STATEMENT = 500;
export const COPY_CONNECTIONS = 4;

/** COPY text format: backslash escapes, \N for NULL. */
function esc(v: string | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

interface Template {
  head: string; // event_type \t retention_class
  tail: string; // session_id … source
}

/** One row per event type as the API stored it (call after a priming batch went through the API). */
export async function captureTemplates(admin: pg.Client): Promise<Template[]> {
  const { rows } = await admin.query<Record<string, string | boolean | null>>(
    `SELECT DISTINCT ON (event_type) event_type, retention_class, session_id, guest_type, channel, language, minimized,
            ip_network::text AS ip_network, ip_hash, device_class, properties::text AS properties, source
       FROM raw.events ORDER BY event_type`,
  );
  return rows.map((r) => ({
    head: `${esc(r.event_type!)}\t${esc(r.retention_class!)}`,
    tail: [r.session_id, r.guest_type, r.channel, r.language, r.minimized, r.ip_network, r.ip_hash, r.device_class, r.properties, r.source]
      .map((v) => esc(v ?? null))
      .join('\t'),
  }));
}

let seq = 0;

function chunk(templates: Template[], n: number): string {
  const now = new Date().toISOString();
  let out = '';
  for (let i = 0; i < n; i++) {
    const k = seq++;
    const t = templates[k % templates.length]!;
    out += `${randomUUID()}\t${t.head}\t${now}\tguest-${k % 1000}\t${t.tail}\n`;
  }
  return out;
}

export async function openCopyClients(adminUrl: string): Promise<pg.Client[]> {
  const clients = Array.from({ length: COPY_CONNECTIONS }, () => new pg.Client({ connectionString: adminUrl, application_name: 'cbc-bench-copy' }));
  await Promise.all(clients.map((c) => c.connect()));
  return clients;
}

/** COPY for `durationMs` (no new statement after it); returns rows committed and elapsed seconds. */
export async function copyWindow(clients: pg.Client[], templates: Template[], durationMs: number): Promise<{ rows: number; seconds: number }> {
  const start = performance.now();
  const deadline = start + durationMs;
  let rows = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < deadline) {
        const stream = c.query(copyStreams.from(COPY_SQL));
        await pipeline(Readable.from([chunk(templates, COPY_ROWS_PER_STATEMENT)]), stream);
        rows += stream.rowCount;
      }
    }),
  );
  return { rows, seconds: (performance.now() - start) / 1000 };
}
