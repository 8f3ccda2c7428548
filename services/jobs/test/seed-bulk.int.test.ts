import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeed, type BulkSeedSummary } from '../src/commands/seed';
import { PII_CANARIES } from '../src/seed/generate';
import { freshDatabase, seedEnv, type FreshDatabase } from './seed-support';

let t: FreshDatabase;
let first: BulkSeedSummary;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => t?.close());

// Small COPY chunks, so the run crosses several chunk boundaries (and overlaps their writes).
const bulk = async () => (await runSeed({ seed: 7, scale: 20_000, chunkRows: 6_000, env: seedEnv(t.db) })) as BulkSeedSummary;

describe('seed --scale (bulk COPY)', () => {
  it('writes about the requested number of rows, and the tables hold exactly what it reports', async () => {
    first = await bulk();
    expect(first.mode).toBe('bulk');
    const { rows, counts } = first;
    expect(counts.guests).toBe(400);
    expect(rows.event_ids).toBeGreaterThan(17_000);
    expect(rows.event_ids).toBeLessThan(23_000);
    expect(rows.events + rows.consent_records).toBe(counts.deliveries);
    expect(rows.event_ids).toBe(counts.deliveries);
    expect(await t.count('raw.events')).toBe(rows.events);
    expect(await t.count('raw.consent_records')).toBe(rows.consent_records);
    expect(await t.count('raw.event_ids')).toBe(rows.event_ids);
    expect(await t.count('raw.events', `source <> 'bulk'`)).toBe(0);
    expect(first.rows_per_s).toBeGreaterThan(0);
  });

  // Row-for-row equality with what the API stores for the same seed is proven in
  // seed.int.test.ts ('bulk mode stores the same rows as the API'); this checks the privacy
  // invariants at a scale that crosses COPY chunk boundaries.
  it('leaves no PII canary in bulk rows, truncates IPs and minimizes guests without consent', async () => {
    const stored = await t.storedText();
    for (const canary of PII_CANARIES) expect(stored).not.toContain(canary);
    expect(stored).toContain('[EMAIL]');
    expect(stored).toContain('[PHONE]');
    expect(await t.untruncatedIps()).toEqual([]);
    expect(await t.count('raw.events', 'minimized')).toBe(first.minimized);
    expect(first.minimized).toBeGreaterThan(0);
    expect(await t.count('raw.events', 'minimized AND (guest_id IS NOT NULL OR session_id IS NOT NULL OR ip_network IS NOT NULL)')).toBe(0);
    expect(await t.count('raw.events', `minimized AND properties ? 'text'`)).toBe(0);
  });

  it('skips what is already stored when run again: no new rows', async () => {
    const again = await bulk();
    expect(again.rows).toEqual({ events: 0, consent_records: 0, event_ids: 0 });
    expect(again.skipped).toBe(first.rows.event_ids);
    expect(await t.count('raw.event_ids')).toBe(first.rows.event_ids);
  });

  it('resumes: rows missing from stored chunks are copied again, nothing else', async () => {
    // As if a run had stopped half-way: 250 events, spread over the chunks, are gone.
    await t.admin.query(
      `WITH gone AS (DELETE FROM raw.events WHERE event_id IN (SELECT event_id FROM raw.events ORDER BY event_id LIMIT 250) RETURNING event_id)
       DELETE FROM raw.event_ids WHERE event_id IN (SELECT event_id FROM gone)`,
    );
    const again = await bulk();
    expect(again.rows).toEqual({ events: 250, consent_records: 0, event_ids: 250 });
    expect(again.skipped).toBe(first.rows.event_ids - 250);
    expect(await t.count('raw.events')).toBe(first.rows.events);
  });
});
