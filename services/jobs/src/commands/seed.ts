import { CbcClient } from '@cbc/client';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { bulkLoad, type BulkResult } from '../seed/bulk-load';
import { generateSeed, planSeed, SEED_DEFAULTS, type SeedCounts } from '../seed/generate';
import { sendDeliveries, type SendResult } from '../seed/send';
import { progressBar } from '../progress';

/*
 * `seed`: a believable club's last 90 days, deterministic in --seed. By default through the real
 * Ingest API with @cbc/client (events in batches, webhooks signed), so a re-run with the same
 * seed only produces duplicates. With --scale N, about N rows straight into the raw tables with
 * the API's ingest function (bulk mode, no HTTP), through the same privacy code as the API.
 */

/** Rows per guest at the default shape (5,000 events for 100 guests): --scale picks the guest count. */
const ROWS_PER_GUEST = 50;
const BATCH_SIZE = 100;
const CONCURRENCY = 4;

export interface RunSeedOptions {
  seed?: number;
  days?: number;
  guests?: number;
  /** Bulk mode: about this many rows, written through raw.ingest_events. */
  scale?: number;
  /** Bulk mode: rows per statement (default 10,000). */
  chunkRows?: number;
  /** Bulk mode: connections writing chunks at once (default 1; see bulk-load.ts). */
  writers?: number;
  env: Record<string, string | undefined>;
  /** The end of the window (default now); tests pin it. */
  end?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** API mode: deliveries answered so far, of the total (every 500 and at the end). */
  progress?: (done: number, total: number) => void;
}

interface Common {
  seed: number;
  days: number;
  counts: SeedCounts;
  elapsed_s: number;
}
export type ApiSeedSummary = Common & { mode: 'api'; results: SendResult['results']; failed: number; errors: string[]; requests: number };
export type BulkSeedSummary = Common & { mode: 'bulk'; scale: number } & Omit<BulkResult, 'counts' | 'elapsed_s'>;
export type SeedSummary = ApiSeedSummary | BulkSeedSummary;

/** What each mode reads (name → why): the error of a missing one and `seed --help` both say it. */
const SEED_ENV = {
  API_URL: 'API mode, optional: the Ingest API (default http://127.0.0.1:$PORT)',
  PORT: 'API mode, optional: the port of the default API_URL (default 8001)',
  INGEST_API_KEYS: 'API mode: id:secret entries; the first is used',
  HMAC_SECRET: 'API mode: whsec_ secrets; webhooks are signed with the first',
  DATABASE_URL: 'bulk mode: the ingest role; bulk mode writes raw tables directly',
  IP_SALT: 'bulk mode: the same salt as the API, so bulk IP hashes match',
  PRIVACY_LEDGER_KEY: 'bulk mode: the same key as the API: bulk rows are checked against the deletion ledger',
  COLLECT_PII: 'bulk mode, optional: as the API has it',
  IP_HASH_ROTATION: 'bulk mode, optional: as the API has it',
  CONSENT_DEFAULT: 'bulk mode, optional: as the API has it',
  NO_CONSENT_ACTION: 'bulk mode, optional: as the API has it',
} as const;

function need(env: Record<string, string | undefined>, name: keyof typeof SEED_ENV): string {
  const v = env[name];
  if (!v) throw new Error(`${name} is not set (${SEED_ENV[name].replace(/^[^:]*: /, '')})`);
  return v;
}

/** The secret of the first `id:secret` entry of INGEST_API_KEYS. */
export function firstApiKey(raw: string): string {
  const entry = raw.split(',').map((s) => s.trim()).find(Boolean);
  if (!entry) throw new Error('INGEST_API_KEYS holds no key');
  const i = entry.indexOf(':');
  return i > 0 ? entry.slice(i + 1) : entry;
}

export async function runSeed(o: RunSeedOptions): Promise<SeedSummary> {
  const seed = o.seed ?? SEED_DEFAULTS.seed;
  const days = o.days ?? SEED_DEFAULTS.days;
  const log = o.log ?? (() => undefined);
  const started = performance.now();

  if (o.scale !== undefined) {
    const guests = o.guests ?? Math.max(1, Math.round(o.scale / ROWS_PER_GUEST));
    const plan = planSeed({ seed, days, guests, ...(o.end === undefined ? {} : { end: o.end }) });
    log(`bulk: seed ${seed}, ${guests} guests, ${plan.sessionGuest.length} sessions, ~${o.scale} rows`);
    const r = await bulkLoad({
      databaseUrl: need(o.env, 'DATABASE_URL'),
      plan,
      privacy: {
        collectPii: o.env.COLLECT_PII === 'true',
        ipSalt: need(o.env, 'IP_SALT'),
        ipHashRotation: o.env.IP_HASH_ROTATION === 'none' ? 'none' : 'daily',
      },
      defaultGranted: o.env.CONSENT_DEFAULT === 'granted',
      dropWithoutConsent: o.env.NO_CONSENT_ACTION === 'drop',
      ledgerKey: need(o.env, 'PRIVACY_LEDGER_KEY'),
      ...(o.chunkRows === undefined ? {} : { chunkRows: o.chunkRows }),
      ...(o.writers === undefined ? {} : { writers: o.writers }),
      log,
    });
    const { counts, elapsed_s, ...rest } = r;
    return { mode: 'bulk', seed, days, scale: o.scale, counts, elapsed_s, ...rest };
  }

  const secrets = need(o.env, 'HMAC_SECRET').split(/[,\s]+/).filter(Boolean);
  const port = o.env.PORT ?? '8001';
  const client = new CbcClient({
    baseUrl: o.env.API_URL || `http://127.0.0.1:${port}`,
    apiKey: firstApiKey(need(o.env, 'INGEST_API_KEYS')),
    webhookSecrets: secrets.slice(0, 1),
    batchSize: BATCH_SIZE,
    // Failures are counted and reported in the summary; no process warning on top.
    onError: () => undefined,
  });
  const { deliveries, counts } = generateSeed({ seed, days, ...(o.guests === undefined ? {} : { guests: o.guests }), ...(o.end === undefined ? {} : { end: o.end }) });
  log(`api: seed ${seed}, ${counts.guests} guests, ${counts.sessions} sessions, ${deliveries.length} deliveries (${counts.viaWebhooks} webhooks)`);
  const sent = await sendDeliveries({
    client,
    deliveries,
    batchSize: BATCH_SIZE,
    concurrency: CONCURRENCY,
    progress: o.progress ?? ((done, total) => log(`api: ${done}/${total} sent`)),
  });
  const elapsed_s = Math.round((performance.now() - started) / 10) / 100;
  return { mode: 'api', seed, days, counts, elapsed_s, ...sent };
}

/** The summary in one line, for people (`--json` prints the whole object). */
export function seedSummaryLine(s: SeedSummary): string {
  const n = (x: number) => x.toLocaleString('en');
  if (s.mode === 'bulk') {
    return `bulk seed ${s.seed}: ${n(s.counts.guests)} guests, ${n(s.counts.sessions)} sessions in ${s.elapsed_s} s`;
  }
  const r = s.results;
  const total = r.accepted + r.duplicate + r.dropped + r.invalid + s.failed;
  return (
    `seed ${s.seed}: ${n(total)} deliveries (${n(s.counts.viaWebhooks)} webhooks) in ${n(s.requests)} requests, ${s.elapsed_s} s: ` +
    `${n(r.accepted)} accepted, ${n(r.duplicate)} duplicate, ${n(r.dropped)} dropped, ${n(r.invalid)} invalid, ${n(s.failed)} failed`
  );
}

function int(name: string, v: string | boolean | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(String(v).replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
}

export const seedCommand: Command = {
  summary: 'Generate a believable 90 days of data (--seed N, --days D, --guests G; --scale N for bulk, no HTTP)',
  usage: '[--seed <n>] [--days <d>] [--guests <g>] [--scale <rows>] [--json]',
  help: [
    'options (integers; 1_000_000 is accepted):',
    `  --seed <n>       the generator's seed (default ${SEED_DEFAULTS.seed}); the same seed gives the same events`,
    `  --days <d>       days of history ending now (default ${SEED_DEFAULTS.days})`,
    '  --guests <g>     number of guests (default: from the shape, or --scale / 50)',
    '  --scale <rows>   bulk mode: about this many rows written through the database\'s ingest function, no HTTP',
    '  --json           print the whole summary as JSON (results, errors, counts) instead of one line',
    'API mode (default) sends events and signed webhooks through the running API; bulk mode writes',
    'the raw tables directly through the same privacy code and the same consent rule. Prints a one-line',
    'summary on stdout; progress on stderr (a bar on a terminal, a line per quarter otherwise).',
  ].join('\n'),
  env: SEED_ENV,
  async run(args, io) {
    const f = parseFlags(args, { seed: 'string', scale: 'string', days: 'string', guests: 'string', json: 'boolean' });
    const bar = progressBar(io.stderr);
    const summary = await runSeed({
      seed: int('seed', f.seed, 0),
      days: int('days', f.days, 1),
      guests: int('guests', f.guests, 1),
      scale: int('scale', f.scale, 1),
      env: io.env,
      log: (line) => bar.line(line),
      progress: (done, total) => bar.update(done, total),
    });
    bar.end();
    io.stdout.write(f.json ? `${JSON.stringify(summary, null, 2)}\n` : `${seedSummaryLine(summary)}\n`);
    if (summary.mode === 'api' && summary.errors.length > 0 && !f.json) io.stderr.write(`first errors:\n  ${summary.errors.join('\n  ')}\n`);
    if (summary.mode === 'api') return summary.failed > 0 || summary.results.invalid > 0 ? 1 : 0;
    return 0;
  },
};
