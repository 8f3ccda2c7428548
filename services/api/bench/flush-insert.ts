// Which statement should a group-commit flush use? Paired, in one run, on a fresh PostgreSQL 17:
//   U  the API's statement: raw.ingest_events(...) = INSERT … SELECT FROM unnest($1 … $17), one round trip
//   C  COPY of the same rows into a temporary table, then the same decisions (erasure, consent,
//      dedupe, minimization, inserts) as one INSERT … ON CONFLICT statement reading that table,
//      all in one transaction (BEGIN, COPY, statement, COMMIT)
//   P  raw.ingest_events's own body in a PL/pgSQL copy (made here from pg_get_functiondef): the same
//      statement, but PL/pgSQL keeps its plan for the session, where a LANGUAGE sql function with
//      data-modifying CTEs is parsed and planned again on every call (it is never inlined)
// All run as the superuser (the ingest role has no TEMPORARY privilege), both durable
// (synchronous_commit=on), both from this process on 4 connections with 100- or 500-row flushes.
// Reported per row: wall time of the flush (client view) and Postgres CPU (the postmaster's
// process tree), plus the client's CPU to build the statement. Usage:
//   flock -s /tmp/npm.lock npx tsx services/api/bench/flush-insert.ts
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { EVENT_TYPES, RETENTION_CLASS_OF, exampleEvent } from '@cbc/contract';
import { ingestEvents, type ConsentPolicy } from '@cbc/db';
import { freePort, generatePasswords, provisionDatabase, startCluster, stopCluster } from '@cbc/devstack';
import { prepareEvent, type PreparedRow } from '@cbc/privacy';
import { postmasterPid, treeCpuMicros } from './proc';
import { log } from './stack';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const FLUSHES = Number(process.env.BENCH_FLUSHES ?? 40);
const CONNECTIONS = 4;
const policy: ConsentPolicy = { defaultGranted: true, dropWithoutConsent: false, ledgerKey: 'bench-ledger-key-0123456789' };
const privacy = { collectPii: false, ipSalt: 'bench-salt-0123456789abcdef', ipHashRotation: 'daily' as const };
const TYPES = EVENT_TYPES.filter((t) => RETENTION_CLASS_OF[t] !== 'consent');

let seq = 0;
function rows(n: number): PreparedRow[] {
  const out: PreparedRow[] = [];
  for (let i = 0; i < n; i++) {
    const k = seq++;
    const e = exampleEvent(TYPES[k % TYPES.length]!, { event_id: randomUUID(), guest_id: `guest-${k % 1000}` });
    out.push(prepareEvent(e, 'api', privacy).row);
  }
  return out;
}

const STAGE_COLUMNS =
  'event_id uuid, event_type text, retention_class text, occurred_at timestamptz, guest_id text, session_id text, guest_type text, channel text, language text, explicit_consent boolean, ip_network inet, ip_hash text, device_class text, props jsonb, props_min jsonb, source text, subject_hash text';

// raw.ingest_events's body (packages/db/migrations/0009_ingest_events.sql) with `input` read from
// the staged rows instead of unnest: the same decisions, so the two variants do the same work.
const STAGED_SQL = `
WITH input AS (SELECT * FROM flush_stage),
checked AS (
  SELECT i.*, (l.erased_at IS NOT NULL AND l.erased_at > i.occurred_at) AS erased
  FROM input i LEFT JOIN privacy.erasures_of((SELECT array_agg(subject_hash) FROM flush_stage)) l ON l.subject_hash = i.subject_hash
), decided AS (
  SELECT i.*, coalesce(i.explicit_consent, c.analytics, $1::boolean) AS consented
  FROM checked i
  LEFT JOIN LATERAL (SELECT cr.analytics FROM raw.consent_records cr WHERE cr.guest_id = i.guest_id ORDER BY cr.occurred_at DESC LIMIT 1) c
    ON i.explicit_consent IS NULL AND i.retention_class <> 'consent'
), kept AS (
  SELECT * FROM decided WHERE NOT erased AND (consented OR retention_class = 'consent' OR NOT $2::boolean)
), fresh AS (
  INSERT INTO raw.event_ids (event_id, retention_class, occurred_at)
  SELECT event_id, retention_class, occurred_at FROM kept ON CONFLICT (event_id) DO NOTHING RETURNING event_id
), stored_events AS (
  INSERT INTO raw.events (event_id, event_type, retention_class, occurred_at, guest_id, session_id, guest_type, channel, language,
                          minimized, ip_network, ip_hash, device_class, properties, source)
  SELECT k.event_id, k.event_type, k.retention_class, k.occurred_at,
         CASE WHEN k.consented THEN k.guest_id END, CASE WHEN k.consented THEN k.session_id END,
         k.guest_type, k.channel, k.language, NOT k.consented,
         CASE WHEN k.consented THEN k.ip_network END, CASE WHEN k.consented THEN k.ip_hash END,
         CASE WHEN k.consented THEN k.device_class END, CASE WHEN k.consented THEN k.props ELSE k.props_min END, k.source
  FROM kept k JOIN fresh f USING (event_id) WHERE k.retention_class <> 'consent'
), linked AS (
  INSERT INTO privacy.minimized_links (event_id, subject_hash, retention_class, occurred_at)
  SELECT k.event_id, k.subject_hash, k.retention_class, k.occurred_at FROM kept k JOIN fresh f USING (event_id)
  WHERE k.retention_class <> 'consent' AND NOT k.consented AND k.subject_hash IS NOT NULL
)
SELECT d.event_id::text, (f.event_id IS NOT NULL) AS inserted, (d.consented OR d.retention_class = 'consent') AS consented,
       (NOT d.erased AND NOT (d.consented OR d.retention_class = 'consent') AND $2::boolean) AS dropped, d.erased
FROM decided d LEFT JOIN fresh f USING (event_id)`;

function esc(v: string | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const subject = (guest: string | null) => (guest ? createHmac('sha256', policy.ledgerKey).update(guest).digest('hex') : null);

function copyText(batch: PreparedRow[]): string {
  let out = '';
  for (const r of batch) {
    out +=
      [r.event_id, r.event_type, r.retention_class, r.occurred_at, r.guest_id, r.session_id, r.guest_type, r.channel, r.language,
        r.explicit_consent, r.ip_network, r.ip_hash, r.device_class, r.props, r.props_min, r.source, subject(r.guest_id)]
        .map(esc)
        .join('\t') + '\n';
  }
  return out;
}

async function viaUnnest(c: pg.Client, batch: PreparedRow[]): Promise<number> {
  return (await ingestEvents(c, batch, policy)).length;
}

async function viaPlpgsql(c: pg.Client, batch: PreparedRow[]): Promise<number> {
  const hashes = batch.map((r) => subject(r.guest_id));
  const cols = ['event_id', 'event_type', 'retention_class', 'occurred_at', 'guest_id', 'session_id', 'guest_type', 'channel', 'language',
    'explicit_consent', 'ip_network', 'ip_hash', 'device_class', 'props', 'props_min', 'source'] as const;
  const values = [...cols.map((k) => batch.map((r) => r[k])), hashes, policy.defaultGranted, policy.dropWithoutConsent];
  const text = `SELECT * FROM raw.ingest_events_plpgsql($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::boolean[], $11::inet[], $12::text[], $13::text[], $14::jsonb[], $15::jsonb[], $16::text[],
    $17::text[], $18::boolean, $19::boolean)`;
  return (await c.query({ name: 'flush-plpgsql', text, values })).rowCount ?? 0;
}

/** A PL/pgSQL copy of raw.ingest_events: the same statement, its plan kept per session. */
async function createPlpgsqlCopy(c: pg.Client): Promise<void> {
  const def = (await c.query<{ d: string }>("SELECT pg_get_functiondef('raw.ingest_events'::regproc) AS d")).rows[0]!.d;
  const open = def.indexOf('AS $function$') + 'AS $function$'.length;
  const close = def.lastIndexOf('$function$');
  const body = def.slice(open, close).trim().replace(/;\s*$/, '');
  const head = def.slice(0, def.indexOf('AS $function$')).replace('raw.ingest_events(', 'raw.ingest_events_plpgsql(').replace(/LANGUAGE sql/i, 'LANGUAGE plpgsql');
  await c.query(`${head} AS $function$\n#variable_conflict use_column\nBEGIN\nRETURN QUERY ${body};\nEND\n$function$`);
}

async function viaCopy(c: pg.Client, batch: PreparedRow[]): Promise<number> {
  await c.query('BEGIN');
  try {
    await c.query(`CREATE TEMP TABLE IF NOT EXISTS flush_stage (${STAGE_COLUMNS}) ON COMMIT DELETE ROWS`);
    await pipeline(Readable.from([copyText(batch)]), c.query(copyStreams.from('COPY flush_stage FROM STDIN')));
    const res = await c.query({ name: 'flush-staged', text: STAGED_SQL, values: [policy.defaultGranted, policy.dropWithoutConsent] });
    await c.query('COMMIT');
    return res.rowCount ?? 0;
  } catch (err) {
    await c.query('ROLLBACK');
    throw err;
  }
}

type Variant = (c: pg.Client, batch: PreparedRow[]) => Promise<number>;

async function window(clients: pg.Client[], variant: Variant, size: number, pm: number) {
  const batches = Array.from({ length: FLUSHES }, () => rows(size));
  const cpu0 = treeCpuMicros(pm);
  const client0 = process.cpuUsage();
  const start = performance.now();
  let stored = 0;
  let next = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (next < batches.length) {
        // Not `stored += await …`: that reads `stored` before the await and loses the others' rows.
        const n = await variant(c, batches[next++]!);
        stored += n;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cu = process.cpuUsage(client0);
  if (stored !== FLUSHES * size) throw new Error(`stored ${stored} of ${FLUSHES * size} rows`);
  return { rowsPerS: stored / seconds, pgUsPerRow: (treeCpuMicros(pm) - cpu0) / stored, clientUsPerRow: (cu.user + cu.system) / stored };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'cbc-bench-flush-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'pg');
  try {
    const port = await freePort();
    const cluster = await startCluster({ dataDir, port, password: randomBytes(12).toString('hex'), logFile: join(root, 'pg.log') });
    await provisionDatabase({ adminUrl: cluster.adminUrl, port, database: 'cbc', passwords: generatePasswords() });
    const adminUrl = cluster.adminUrl.replace(/\/[^/]*$/, '/cbc');
    const pm = postmasterPid(dataDir)!;
    const clients = Array.from({ length: CONNECTIONS }, () => new pg.Client({ connectionString: adminUrl }));
    // A client that loses its connection when the cluster stops must not crash the process.
    for (const c of clients) c.on('error', () => undefined);
    await Promise.all(clients.map((c) => c.connect()));
    const reset = async () => {
      await clients[0]!.query('TRUNCATE raw.events, raw.event_ids, privacy.minimized_links, privacy.erased_events');
      await clients[0]!.query('CHECKPOINT');
    };
    await createPlpgsqlCopy(clients[0]!);
    const variants: Record<string, Variant> = { unnest: viaUnnest, copy: viaCopy, plpgsql: viaPlpgsql };
    const names = Object.keys(variants);
    const sizes = (process.env.BENCH_SIZES ?? '10,100,500').split(',').map(Number);
    for (const size of sizes) {
      for (const v of Object.values(variants)) await window(clients, v, size, pm); // warm-up: plans, partitions, caches
      const got: Record<string, Array<Awaited<ReturnType<typeof window>>>> = Object.fromEntries(names.map((n) => [n, []]));
      for (let i = 0; i < PAIRS; i++) {
        // Rotate the order each round (U C P, C P U, P U C, …).
        for (let j = 0; j < names.length; j++) {
          const name = names[(i + j) % names.length]!;
          await reset();
          got[name]!.push(await window(clients, variants[name]!, size, pm));
        }
        log(`rows ${size} round ${i + 1}: ` + names.map((n) => `${n} ${Math.round(got[n]![i]!.rowsPerS)} rows/s (pg ${got[n]![i]!.pgUsPerRow.toFixed(1)} µs/row)`).join(', '));
      }
      for (const k of ['rowsPerS', 'pgUsPerRow', 'clientUsPerRow'] as const) {
        for (const other of ['copy', 'plpgsql']) {
          const r = got[other]!.map((x, i) => x[k] / got.unnest![i]![k]);
          console.log(JSON.stringify({ metric: `flush_${k}`, rows_per_flush: size, ratio: `${other} / unnest`, ratio_median: +median(r).toFixed(3), ratio_min: +Math.min(...r).toFixed(3), ratio_max: +Math.max(...r).toFixed(3), pairs: PAIRS, abs_unnest: +median(got.unnest!.map((x) => x[k])).toFixed(1), [`abs_${other}`]: +median(got[other]!.map((x) => x[k])).toFixed(1) }));
        }
      }
    }
    await Promise.all(clients.map((c) => c.end()));
  } finally {
    await stopCluster(dataDir, 'immediate').catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

await main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
