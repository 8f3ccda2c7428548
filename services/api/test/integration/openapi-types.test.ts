import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApp, type TestApp } from '../support/app';

// A client generated from GET /docs/json must be able to build requests and read answers with
// real types: if the document loses a shape (a response back to "any object", an enum back to
// "string"), this program stops compiling. The @ts-expect-error lines fail when a type loosens.
const PROGRAM = `
import type { components, operations, paths } from './api';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

// A request for POST /ingest/events, checked against the event union.
type Batch = Json<paths['/ingest/events']['post']['requestBody']>;
export const batch: Batch = {
  events: [
    {
      event_id: 'f4a45a60-50b2-4814-b061-19d04c678d61',
      type: 'search',
      occurred_at: '2026-01-01T00:00:00.000Z',
      guest_id: 'guest-42',
      session_id: 'sess-42',
      guest_type: 'hotel_guest',
      channel: 'web',
      language: 'en',
      consent: { analytics: true },
      properties: { query: 'late checkout', results_count: 3 },
    },
  ],
};
// @ts-expect-error an unknown event type is not an event
export const wrongType: Batch = { events: [{ ...batch.events[0]!, type: 'nope' }] };

// Its answer: per-event statuses from a closed list.
type BatchAnswer = Json<operations['ingestEvents']['responses'][202]>;
export const statuses = (a: BatchAnswer): Array<'accepted' | 'duplicate' | 'dropped' | 'invalid'> => a.results.map((r) => r.status);
export const accepted = (a: BatchAnswer): number => a.counts.accepted;

// A metric: the query's closed lists, and the answer narrowed by its metric field.
type MetricQuery = NonNullable<operations['getMetric']['parameters']['query']>;
export const query: MetricQuery = { window: '30d', segment: 'channel' };
// @ts-expect-error windows are a closed list
export const badWindow: MetricQuery = { window: '1y' };
// Filters and the bucket: closed lists where the contract has them, strings for the rest.
export const filtered: MetricQuery = { window: '7d', bucket: 'auto', guest_type: 'member', channel: 'web', language: 'en', page: '/spa' };
// @ts-expect-error guest types are a closed list
export const badGuestType: MetricQuery = { guest_type: 'robot' };
// @ts-expect-error buckets are a closed list
export const badBucket: MetricQuery = { bucket: 'minute' };
type Metric = Json<operations['getMetric']['responses'][200]>;
export function topPage(m: Metric): string | undefined {
  if (m.metric !== 'page_views') return undefined;
  const views: number | null = m.totals.page_views;
  const withheld: boolean | undefined = m.series[0]?.suppressed;
  const partial: boolean | undefined = m.series[0]?.partial;
  const chip: string | undefined = m.filters?.page;
  const chosen: 'auto' | 'hour' | 'day' | 'week' | 'month' | undefined = m.window.bucket_requested;
  void partial;
  void chip;
  void chosen;
  void views;
  void withheld;
  return m.extras.top_pages[0]?.path;
}
export function realtimeEvents(m: Metric): number | undefined {
  return m.metric === 'realtime' ? m.totals.events + (m.totals.search ?? 0) : undefined;
}
// Realtime guest figures may be withheld (null); arrival lag is apart from the series.
export function realtimeGuests(m: Metric): Array<number | null> {
  if (m.metric !== 'realtime') return [];
  const lag: number | null = m.arrival_lag.median_seconds;
  const late: number = m.arrival_lag.late_arrivals + m.arrival_lag.received;
  // @ts-expect-error active guests are withheld below k: null is possible
  const active: number = m.active_guests_5m;
  void lag;
  void late;
  void active;
  return m.series.map((p) => p.guests);
}

// The error envelope, with its closed list of codes.
type Code = components['schemas']['ErrorEnvelope']['error']['code'];
export const notBuilt: Code = 'models_not_built';
// @ts-expect-error codes are a closed list
export const unknownCode: Code = 'something_else';

// The webhook signature headers a sender must set.
type WebhookHeaders = operations['receiveWebhook']['parameters']['header'];
export const headers: WebhookHeaders = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1767225600', 'webhook-signature': 'v1,abc=' };

// Privacy answers.
export const receiptRows = (r: components['schemas']['ErasureReceipt']): number => r.deleted.raw_events + r.deleted.minimized_events;
export const auditActors = (l: components['schemas']['AuditLog']): string[] => l.entries.map((e) => e.actor);
`;

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await startApp();
  dir = await mkdtemp(join(tmpdir(), 'cbc-openapi-types-'));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

it('types generated from /docs/json compile a client that sends events and reads metrics', async () => {
  const doc = (await t.app.inject({ url: '/docs/json' })).json();
  await writeFile(join(dir, 'api.ts'), astToString(await openapiTS(doc)));
  await writeFile(join(dir, 'program.ts'), PROGRAM);
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, noUncheckedIndexedAccess: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', skipLibCheck: true, types: [] }, files: ['program.ts'] }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', dir]).then(
    () => '',
    (err: { stdout?: string }) => err.stdout ?? String(err),
  );
  expect(result).toBe('');
});
