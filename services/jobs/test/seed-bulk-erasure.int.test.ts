import { afterAll, beforeAll, expect, it } from 'vitest';
import { subjectHash } from '@cbc/db';
import { runSeed, type BulkSeedSummary } from '../src/commands/seed';
import { planSeed } from '../src/seed/generate';
import { freshDatabase, PRIVACY_LEDGER_KEY, seedEnv, type FreshDatabase } from './seed-support';

// The bulk loader writes raw tables directly, so it must keep the API's erasure rules itself:
// events of guests the ledger says were erased after they occurred are not stored, and every
// minimized row is linked to its guest's ledger hash so that erasure can reach it.
const END = Date.now();
const GUESTS = 60;
const bulk = (t: FreshDatabase) => runSeed({ seed: 11, scale: GUESTS * 50, end: END, env: seedEnv(t.db) }) as Promise<BulkSeedSummary>;

const plan = planSeed({ seed: 11, guests: GUESTS, end: END });
const consenting = plan.guests.find((g) => g.analytics)!.id;
const declining = plan.guests.find((g) => !g.analytics)!.id;
const hashes = [consenting, declining].map((g) => subjectHash(PRIVACY_LEDGER_KEY, g));

let plain: FreshDatabase;
let erased: FreshDatabase;
beforeAll(async () => {
  plain = await freshDatabase();
  erased = await freshDatabase();
});
afterAll(async () => {
  await plain?.close();
  await erased?.close();
});

const traces = (t: FreshDatabase) =>
  Promise.all([
    t.count('raw.events', `guest_id IN ('${consenting}', '${declining}')`),
    t.count('raw.consent_records', `guest_id IN ('${consenting}', '${declining}')`),
    t.count('privacy.minimized_links', `subject_hash IN ('${hashes.join("', '")}')`),
  ]);

it('links every minimized row, and stores nothing of guests erased after their events occurred', async () => {
  const before = await bulk(plain);
  expect(await plain.count('privacy.minimized_links')).toBe(before.minimized);
  const [events, consent, links] = await traces(plain);
  expect(events).toBeGreaterThan(0);
  expect(consent).toBeGreaterThan(0);
  expect(links).toBeGreaterThan(0);

  for (const h of hashes) await erased.admin.query('INSERT INTO privacy.deletion_ledger (subject_hash, receipt_id) VALUES ($1, gen_random_uuid())', [h]);
  const after = await bulk(erased);
  expect(await traces(erased)).toEqual([0, 0, 0]);
  expect(after.erased).toBe(events + consent + links);
  expect(after.rows.event_ids).toBe(before.rows.event_ids - after.erased);
  expect(await erased.count('raw.event_ids')).toBe(after.rows.event_ids);
});
