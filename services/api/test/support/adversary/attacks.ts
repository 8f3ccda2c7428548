import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type pg from 'pg';
import { EVENT_TYPES, exampleEvent, webhookEventId } from '@cbc/contract';
import { CANARY_KINDS, CanaryFactory, CanaryIndex, carrier, type Canary } from './canaries';
import { pool, type AdversaryClient, type Reply } from './client';
import { stringTargets, targetName, validBody, withValue, type StringTarget } from './schema-walker';
import type { Finding } from './store-scanner';

/** The fixed seed of every generated input: a failure names inputs that the next run repeats. */
export const SEED = 20261207;

// --- outcomes -----------------------------------------------------------------------------

interface EventResultLike {
  event_id?: string | null;
  status?: string;
  reason?: string;
  minimized?: boolean;
  errors?: Array<{ path: string; message: string }>;
}

/** What the API said about one event, in a word: accepted, minimized, dropped:<reason>, refused, http <n>. */
export function outcomeOf(httpStatus: number, result: EventResultLike | undefined): string {
  if (httpStatus >= 500 || !result) return `http ${httpStatus}`;
  if (result.status === 'accepted') return result.minimized ? 'minimized' : 'accepted';
  if (result.status === 'dropped') return `dropped:${result.reason ?? '?'}`;
  if (result.status === 'invalid' || httpStatus === 422 || httpStatus === 400) return 'refused';
  return result.status ?? `http ${httpStatus}`;
}

const isStored = (outcome: string) => outcome === 'accepted' || outcome === 'minimized';

/** The result of each event of a batch reply (a refused batch refuses every event in it). */
function batchResults(reply: Reply, n: number): Array<{ outcome: string; result?: EventResultLike }> {
  const body = reply.json as { results?: EventResultLike[]; error?: { details?: { results?: EventResultLike[] } } } | undefined;
  const results = body?.results ?? body?.error?.details?.results;
  return Array.from({ length: n }, (_, i) => ({ outcome: outcomeOf(reply.status, results?.[i]), result: results?.[i] }));
}

function singleResult(reply: Reply): { outcome: string; result?: EventResultLike } {
  const body = reply.json as (EventResultLike & { error?: { code?: string; details?: unknown } }) | undefined;
  if (reply.status >= 400 && reply.status < 500) return { outcome: 'refused', result: { status: 'invalid', errors: body?.error?.details as EventResultLike['errors'] } };
  return { outcome: outcomeOf(reply.status, body), result: body };
}

/** Why an event was refused, for the summary: the first error's message, without its path. */
export const refusalReason = (r: EventResultLike | undefined) => (r?.errors?.[0]?.message ?? 'refused').slice(0, 80);

/** Event ids among `ids` that are stored (events or consent records). */
export async function storedIds(admin: pg.Pool, ids: readonly string[]): Promise<Set<string>> {
  const uuids = ids.map((i) => i.toLowerCase()).filter((i) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(i));
  const res = await admin.query<{ id: string }>(
    `SELECT event_id::text AS id FROM raw.events WHERE event_id = ANY($1::uuid[])
     UNION SELECT event_id::text FROM raw.consent_records WHERE event_id = ANY($1::uuid[])`,
    [uuids],
  );
  return new Set(res.rows.map((r) => r.id));
}

const guestPath = (t: StringTarget) => t.path[t.path.length - 1] === 'guest_id';
const OPAQUE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

// --- 1. canaries in every string path ------------------------------------------------------

export interface CanaryCase {
  target: StringTarget;
  canary: Canary;
  consent: boolean;
  guestId: string;
  body: Record<string, unknown>;
  outcome?: string;
  result?: EventResultLike;
}

/**
 * Every string path × every canary kind × consenting or not. The paths are enumerated from the
 * contract; fast-check picks each canary's value and the sentence it travels in, from a fixed seed.
 */
export function canaryCases(seed = SEED): CanaryCase[] {
  const factory = new CanaryFactory(seed);
  const picks = fc.sample(fc.nat(), { seed, numRuns: 1 })[0]!;
  const cases: CanaryCase[] = [];
  stringTargets().forEach((target, t) => {
    for (const kind of CANARY_KINDS) {
      for (const consent of [true, false]) {
        const canary = factory.make(kind);
        const value = carrier(canary, target.freeText, target.maxLength, picks + canary.id);
        const guestId = guestPath(target) ? value : `adv-${t}-${consent ? 'c' : 'n'}`;
        const body = withValue(validBody(target, { guestId, consent }), target.path, value);
        cases.push({ target, canary, consent, guestId, body });
      }
    }
  });
  return cases;
}

/** Sends every case through the API: events in batches, webhooks one delivery each. */
export async function sendCanaryCases(client: AdversaryClient, cases: CanaryCase[], batchSize = 100): Promise<void> {
  const events = cases.filter((c) => c.target.channel === 'event');
  const batches: CanaryCase[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
  await pool(batches, 4, async (batch) => {
    const reply = await client.postEvents(batch.map((c) => c.body));
    batchResults(reply, batch.length).forEach((r, i) => Object.assign(batch[i]!, r));
  });
  await pool(
    cases.filter((c) => c.target.channel === 'webhook'),
    16,
    async (c) => Object.assign(c, singleResult(await client.postWebhook(c.target.webhookType!, c.body))),
  );
}

/** Fills the metrics cache with answers built over the canary data (erasure must drop them). */
export async function readEveryMetric(client: AdversaryClient, metricTypes: readonly string[]): Promise<string[]> {
  const failures: string[] = [];
  for (const type of metricTypes) {
    const r = await client.metric(type, { window: '30d' });
    if (r.status >= 500 || r.status === 0) failures.push(`GET /metrics/${type}: ${r.status}`);
  }
  return failures;
}

/** Erases every guest that had an event stored; returns the erasures that did not succeed. */
export async function eraseGuests(client: AdversaryClient, cases: readonly CanaryCase[]): Promise<string[]> {
  const guests = [...new Set(cases.filter((c) => isStored(c.outcome ?? '') && OPAQUE_ID.test(c.guestId)).map((c) => c.guestId))];
  const failures: string[] = [];
  await pool(guests, 4, async (g) => {
    const r = await client.erase(g);
    if (r.status !== 200) failures.push(`POST /privacy/delete ${JSON.stringify(g)}: ${r.status} ${r.body.slice(0, 200)}`);
  });
  return failures;
}

export const canaryIndexOf = (cases: readonly CanaryCase[]) => new CanaryIndex(cases.map((c) => c.canary));

/** One line per finding: which canary, sent where, as whose, what the API said, found where. */
export function describeFindings(findings: readonly Finding[], cases: readonly CanaryCase[]): string[] {
  const byCanary = new Map(cases.map((c) => [c.canary.id, c]));
  return findings.map((f) => {
    const c = byCanary.get(f.canary.id)!;
    return `${f.canary.kind} ${JSON.stringify(f.canary.value)} sent in ${targetName(c.target)} (${c.consent ? 'consenting' : 'non-consenting'} guest, API: ${c.outcome}) found in ${f.where}: ${f.excerpt}`;
  });
}

export function summariseOutcomes(cases: readonly CanaryCase[]) {
  const outcomes: Record<string, number> = {};
  const refused: Record<string, number> = {};
  for (const c of cases) {
    const o = c.outcome ?? 'unsent';
    outcomes[o] = (outcomes[o] ?? 0) + 1;
    if (o === 'refused') refused[refusalReason(c.result)] = (refused[refusalReason(c.result)] ?? 0) + 1;
  }
  return { sent: cases.length, outcomes, refused };
}

// --- 2. arbitrary Unicode in every string path ---------------------------------------------

/** Strings that have broken JSON stores, text columns and regex engines before. */
export const NASTY_STRINGS = ['\u0000', 'a\u0000b', '\uD800', 'x\uDC00y', '\uDBFF\uDFFF', '\uFFFE\uFFFF', '\uFEFF\u202E\u200B', '\\u0000', "'; --", '%00%s%n'];

export function unicodeStrings(seed = SEED, generated = 6): string[] {
  const arb = fc.string({ unit: 'binary', minLength: 1, maxLength: 48 });
  return [...NASTY_STRINGS, ...fc.sample(arb, { seed, numRuns: generated })];
}

/** Valid events of several types sent beside the hostile ones: they must be stored whatever happens. */
function companions(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) =>
    validBody({ channel: 'event', eventType: EVENT_TYPES[i % EVENT_TYPES.length]! }, { guestId: `adv-companion-${i}`, consent: true }),
  );
}

export interface UnicodeReport {
  requests: number;
  serverErrors: string[];
  lost: string[];
}

/**
 * Every string path gets every hostile string: in one batch beside valid companions, and once
 * more alone (single event or webhook). No reply may be a 5xx, no companion may be lost, and an
 * event the API accepted must be stored.
 */
export async function unicodeAttack(client: AdversaryClient, admin: pg.Pool, strings = unicodeStrings()): Promise<UnicodeReport> {
  const report: UnicodeReport = { requests: 0, serverErrors: [], lost: [] };
  const show = (s: string) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const check = async (label: string, reply: Reply, sent: Array<{ id: string; mustStore: boolean; outcome: string; what: string }>) => {
    report.requests += 1;
    if (reply.status >= 500 || reply.status === 0) report.serverErrors.push(`${label}: HTTP ${reply.status} ${reply.body.slice(0, 120)}`);
    const stored = await storedIds(admin, sent.map((s) => s.id));
    for (const s of sent) {
      if ((s.mustStore || isStored(s.outcome)) && !stored.has(s.id.toLowerCase())) report.lost.push(`${label}: ${s.what} (${s.outcome}) not stored`);
    }
  };
  await pool(stringTargets(), 4, async (target) => {
    const name = targetName(target);
    const hostile = strings.map((s) => ({ s, body: withValue(validBody(target, { guestId: 'adv-unicode-1', consent: true }), target.path, s) }));
    if (target.channel === 'event') {
      const valid = companions(3);
      const all = [...hostile.map((h) => h.body), ...valid];
      const reply = await client.postEvents(all);
      const results = batchResults(reply, all.length);
      await check(`batch with ${name}`, reply, [
        ...hostile.map((h, i) => ({ id: String(h.body.event_id), mustStore: false, outcome: results[i]!.outcome, what: `hostile ${show(h.s)}` })),
        ...valid.map((v, i) => ({ id: String(v.event_id), mustStore: true, outcome: results[hostile.length + i]!.outcome, what: `valid companion ${v.type}` })),
      ]);
      for (const h of hostile) {
        const single = { ...h.body, event_id: randomUUID() };
        const r = await client.postEvent(single);
        await check(`single ${name} = ${show(h.s)}`, r, [{ id: String(single.event_id), mustStore: false, outcome: singleResult(r).outcome, what: 'the event' }]);
      }
    } else {
      for (const h of hostile) {
        const r = await client.postWebhook(target.webhookType!, h.body);
        await check(`${name} = ${show(h.s)}`, r, [{ id: webhookEventId(r.webhookId), mustStore: false, outcome: singleResult(r).outcome, what: 'the delivery' }]);
      }
    }
  });
  return report;
}

// --- 4. large adversarial texts under /health polling ---------------------------------------

const MAX_TEXT = 4000;
const fill = (unit: string) => unit.repeat(Math.ceil(MAX_TEXT / unit.length)).slice(0, MAX_TEXT);

/** chat_message texts at the contract's maximum, built to make pattern matchers work hardest. */
export const LARGE_TEXTS: Record<string, string> = {
  'zeros spaced': fill('0 '),
  'ones dashed': fill('1-'),
  'at dots': fill('@.'),
  'digit run': fill('0123456789'),
  'plus digits': fill('+31 6 '),
  'dotted quads': fill('1.1.1.1.'),
  'colon hex': fill('a:b:'),
  'mixed scripts': fill('Привет 你好 مرحبا שלום 1 2 @ x.y café 🏨 '),
  'name context': fill('my name is Ab '),
};

export interface LoadReport {
  sent: number;
  serverErrors: string[];
  notAcknowledged: string[];
  lost: string[];
  healthPolls: number;
  /** /health latency percentiles and maximum (ms), and polls over the bound or not 200. */
  p50HealthMs: number;
  p99HealthMs: number;
  maxHealthMs: number;
  slowPolls: number;
  /** How late the poller itself sent its polls (ms, max): its own loop or CPU, not the API. */
  pollerLagMs: number;
}

/** One /health poll: its latency, how late it was sent, and the status it got. */
export interface HealthSample {
  ms: number;
  lagMs: number;
  status: number;
}

/** Polls /health on a schedule until stopped; `stop` returns every poll. */
export interface HealthProbe {
  stop(): Promise<HealthSample[]>;
}

/**
 * The in-process probe: polls through the client, in the attacker's own event loop. A poll's
 * latency is counted from when it was due, so an event loop blocked before the poll could start
 * is counted too (under inject() that loop is the API's). Over HTTP prefer a probe in its own
 * process: there, the attacker's loop delaying a poll is not the API's doing.
 */
export function inProcessProbe(client: AdversaryClient, pollMs = 50): HealthProbe {
  const samples: HealthSample[] = [];
  let done = false;
  const start = performance.now();
  const running = (async () => {
    for (let i = 1; !done; i++) {
      const due = start + i * pollMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const sent = performance.now();
      const r = await client.health();
      samples.push({ ms: performance.now() - due, lagMs: sent - due, status: r.status });
    }
  })();
  return {
    async stop() {
      done = true;
      await running;
      return samples;
    },
  };
}

/** The q-quantile (0..1) of `values`, nearest rank; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Concurrent batches of maximum-size hostile texts while /health is polled (by default every
 * 50 ms from this process; `probe` starts another poller, e.g. one in a child process).
 */
export async function largeTextAttack(
  client: AdversaryClient,
  admin: pg.Pool,
  opts: { batches: number; perBatch: number; concurrency: number; healthBoundMs: number; probe?: () => Promise<HealthProbe> },
): Promise<LoadReport> {
  const kinds = Object.keys(LARGE_TEXTS);
  const batches = Array.from({ length: opts.batches }, (_, b) =>
    Array.from({ length: opts.perBatch }, (_, i) => {
      const kind = kinds[(b * opts.perBatch + i) % kinds.length]!;
      return { kind, event: exampleEvent('chat_message', { guest_id: `adv-load-${b}`, properties: { text: LARGE_TEXTS[kind]! } }) };
    }),
  );
  const report: LoadReport = { sent: 0, serverErrors: [], notAcknowledged: [], lost: [], healthPolls: 0, p50HealthMs: 0, p99HealthMs: 0, maxHealthMs: 0, slowPolls: 0, pollerLagMs: 0 };
  const probe = opts.probe ? await opts.probe() : inProcessProbe(client);

  await pool(batches, opts.concurrency, async (batch, b) => {
    const reply = await client.postEvents(batch.map((x) => x.event));
    report.sent += batch.length;
    if (reply.status >= 500 || reply.status === 0) report.serverErrors.push(`batch ${b}: HTTP ${reply.status} ${reply.body.slice(0, 160)}`);
    batchResults(reply, batch.length).forEach((r, i) => {
      if (r.outcome !== 'accepted') report.notAcknowledged.push(`batch ${b} "${batch[i]!.kind}": ${r.outcome}`);
    });
    const stored = await storedIds(admin, batch.map((x) => x.event.event_id));
    batch.forEach((x) => {
      if (!stored.has(x.event.event_id)) report.lost.push(`batch ${b} "${x.kind}" ${x.event.event_id}`);
    });
  });
  const samples = await probe.stop();
  const ms = samples.map((x) => x.ms);
  report.healthPolls = samples.length;
  report.p50HealthMs = quantile(ms, 0.5);
  report.p99HealthMs = quantile(ms, 0.99);
  report.maxHealthMs = Math.max(0, ...ms);
  report.slowPolls = samples.filter((x) => x.ms > opts.healthBoundMs || x.status !== 200).length;
  report.pollerLagMs = Math.max(0, ...samples.map((x) => x.lagMs));
  return report;
}
