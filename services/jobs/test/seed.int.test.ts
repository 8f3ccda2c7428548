import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeed, type ApiSeedSummary, type BulkSeedSummary } from '../src/commands/seed';
import { PII_CANARIES, planSeed } from '../src/seed/generate';
import { freshDatabase, seedEnv, startApi, type FreshDatabase } from './seed-support';

// Pinned, so the API run and the bulk run below generate the very same events.
const END = Date.now() - 60_000;

let t: FreshDatabase;
let api: Awaited<ReturnType<typeof startApi>>;
let first: ApiSeedSummary;
beforeAll(async () => {
  t = await freshDatabase();
  api = await startApi(t.db);
});
afterAll(async () => {
  await api?.app.close();
  await t?.close();
});

const storedRows = async () => (await t.count('raw.events')) + (await t.count('raw.consent_records'));

describe('seed through the real Ingest API', () => {
  it('stores exactly what the summary reports, events and webhooks', async () => {
    const summary = await runSeed({ seed: 42, env: seedEnv(t.db, api.url), end: END });
    if (summary.mode !== 'api') throw new Error('expected the API mode');
    first = summary;
    expect(summary.failed, summary.errors.join('\n')).toBe(0);
    expect(summary.results.invalid, summary.errors.join('\n')).toBe(0);
    expect(summary.results.accepted).toBe(summary.counts.deliveries);
    expect(await storedRows()).toBe(summary.results.accepted);
    expect(await t.count('raw.event_ids')).toBe(summary.results.accepted);
    expect(await t.count('raw.consent_records')).toBe(summary.counts.byType.consent_updated);
    // Both paths were taken: webhook deliveries are stored with source 'webhook'.
    const viaWebhook = (await t.count('raw.events', `source = 'webhook'`)) + (await t.count('raw.consent_records', `source = 'webhook'`));
    expect(viaWebhook).toBe(summary.counts.viaWebhooks);
    expect(summary.counts.viaWebhooks).toBeGreaterThan(200);
  });

  it('stores no PII and no full IP, and minimizes the guests without consent', async () => {
    const stored = await t.storedText();
    for (const canary of PII_CANARIES) expect(stored).not.toContain(canary);
    expect(stored).toContain('[EMAIL]');
    expect(stored).toContain('[CREDIT_CARD]');
    expect(await t.untruncatedIps()).toEqual([]);
    const minimized = await t.count('raw.events', 'minimized');
    expect(minimized).toBeGreaterThan(0);
    expect(await t.count('raw.events', 'minimized AND (guest_id IS NOT NULL OR ip_hash IS NOT NULL)')).toBe(0);
    expect(await t.count('raw.consent_records', 'NOT analytics')).toBe(first.counts.guestsWithoutConsent);
  });

  it('is idempotent: the same seed again adds no row', async () => {
    const before = await storedRows();
    const again = await runSeed({ seed: 42, env: seedEnv(t.db, api.url), end: END + 3_600_000 });
    if (again.mode !== 'api') throw new Error('expected the API mode');
    expect(again.results).toEqual({ accepted: 0, duplicate: first.counts.deliveries, dropped: 0, invalid: 0 });
    expect(await storedRows()).toBe(before);
  });

  it('bulk mode stores the same rows as the API for the same seed', async () => {
    const bulkDb = await freshDatabase();
    try {
      const plan = planSeed({ seed: 42, end: END });
      const summary = (await runSeed({ seed: 42, guests: plan.guests.length, scale: first.counts.deliveries, env: seedEnv(bulkDb.db), end: END })) as BulkSeedSummary;
      expect(summary.mode).toBe('bulk');
      expect(summary.rows.event_ids).toBe(first.results.accepted);
      const columns = `event_id, event_type, occurred_at, guest_id, session_id, minimized, host(ip_network) AS ip, ip_hash, device_class, properties::text AS props`;
      const order = 'ORDER BY event_id';
      const viaApi = (await t.admin.query(`SELECT ${columns} FROM raw.events ${order}`)).rows;
      const viaBulk = (await bulkDb.admin.query(`SELECT ${columns} FROM raw.events ${order}`)).rows;
      expect(viaBulk).toEqual(viaApi);
      const consent = `SELECT event_id, guest_id, analytics, marketing, policy_version, occurred_at FROM raw.consent_records ${order}`;
      expect((await bulkDb.admin.query(consent)).rows).toEqual((await t.admin.query(consent)).rows);
    } finally {
      await bulkDb.close();
    }
  });
});
