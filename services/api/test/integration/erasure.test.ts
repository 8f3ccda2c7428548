import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { subjectHash } from '@cbc/db';
import { runDbt } from '@cbc/devstack';
import { auth, LEDGER_KEY, PRIVACY_KEY, startApp, type TestApp } from '../support/app';

// Erasure is final: it reaches the rows stored without a guest id, the ingest path refuses late
// deliveries of erased events, and every dbt build removes mart rows of erased events whatever
// key they carry. Through the real API, the real dbt build and real PostgreSQL.
const officer = { authorization: `Bearer ${PRIVACY_KEY}` };
const stack = inject('stack');
let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => t.close());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const ingest = async (events: unknown[]) => {
  const res = await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events } });
  expect(res.statusCode).toBe(202);
  return res.json().results as Array<{ event_id: string; status: string; reason?: string; minimized?: boolean }>;
};
const erase = async (guest: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/privacy/delete', headers: officer, payload: { guest_id: guest } });
  expect(res.statusCode).toBe(200);
  return res.json();
};
async function dbt(args: string[]) {
  const r = await runDbt(stack, t.db.name, args);
  if (r.code !== 0) throw new Error(`dbt ${args.join(' ')} failed:\n${r.output.slice(-4000)}`);
}

/** Browsing events of one guest: three with analytics consent, three without (stored minimized). */
function activity(guest: string) {
  const events = (['page_view', 'search', 'faq_view'] as const).flatMap((type, i) => [
    exampleEvent(type, { guest_id: guest, session_id: `${guest}-s`, occurred_at: minutesAgo(30 + i), consent: { analytics: true } }),
    exampleEvent(type, { guest_id: guest, session_id: `${guest}-s`, occurred_at: minutesAgo(20 + i), consent: { analytics: false } }),
  ]);
  return events;
}

/** Every row anywhere in raw, the links and the marts that carries one of the ids or the guest. */
async function traces(guest: string, ids: string[]): Promise<string[]> {
  const found: string[] = [];
  const raw = await t.rows<{ n: number }>('SELECT count(*)::int AS n FROM raw.events WHERE event_id = ANY($1::uuid[]) OR guest_id = $2', [ids, guest]);
  if (raw[0]!.n > 0) found.push(`raw.events: ${raw[0]!.n}`);
  const links = await t.rows<{ n: number }>('SELECT count(*)::int AS n FROM privacy.minimized_links WHERE event_id = ANY($1::uuid[]) OR subject_hash = $2', [ids, subjectHash(LEDGER_KEY, guest)]);
  if (links[0]!.n > 0) found.push(`privacy.minimized_links: ${links[0]!.n}`);
  const marts = await t.rows<{ t: string; cols: string[] }>(`
    SELECT format('%I.%I', table_schema, table_name) AS t, array_agg(column_name::text) AS cols
    FROM information_schema.columns WHERE table_schema = 'marts' AND column_name IN ('event_id', 'guest_key') GROUP BY 1`);
  for (const m of marts) {
    const where = [m.cols.includes('event_id') ? 'event_id = ANY($1::uuid[])' : '$1::uuid[] IS NULL', m.cols.includes('guest_key') ? 'guest_key = md5($2::text)' : '$2::text IS NULL'].join(' OR ');
    const [r] = await t.rows<{ n: number }>(`SELECT count(*)::int AS n FROM ${m.t} WHERE ${where}`, [ids, guest]);
    if (r!.n > 0) found.push(`${m.t}: ${r!.n}`);
  }
  return found;
}

describe('erasure of a guest with and without consent', () => {
  const guest = 'erase-mixed-1';
  const other = 'erase-mixed-2';
  let ids: string[];
  let otherIds: string[];

  beforeAll(async () => {
    const mine = activity(guest);
    const theirs = activity(other);
    ids = mine.map((e) => e.event_id);
    otherIds = theirs.map((e) => e.event_id);
    const results = await ingest([...mine, ...theirs]);
    expect(results.filter((r) => r.minimized)).toHaveLength(6);
    await dbt(['build']);
  }, 240_000);

  it('before erasure, the guest is everywhere: raw, the links of the minimized rows, the marts', async () => {
    const found = await traces(guest, ids);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^raw\.events: 6$/), expect.stringMatching(/^privacy\.minimized_links: 3$/), expect.stringMatching(/^marts\.fct_page_views: 2$/)]));
    // Exported too: the minimized rows are the guest's data as long as we can link them.
    const res = await t.app.inject({ method: 'POST', url: '/privacy/export', headers: officer, payload: { guest_id: guest } });
    expect(res.json().data.raw_events.map((e: { event_id: string }) => e.event_id).sort()).toEqual([...ids].sort());
  });

  it('removes every raw row, link and mart row of the guest, minimized ones included, and counts them', async () => {
    const receipt = await erase(guest);
    expect(receipt.deleted).toMatchObject({ raw_events: 6, minimized_events: 3 });
    expect(receipt.deleted.marts['marts.fct_page_views']).toBe(2);
    expect(receipt.retained[0].reason).toMatch(/no free text and no IP data/);
    expect(await traces(guest, ids)).toEqual([]);
    // Another guest's rows are untouched, links included.
    expect(await traces(other, otherIds)).toEqual(expect.arrayContaining(['raw.events: 6', 'privacy.minimized_links: 3']));
    // The ids are remembered without personal data, for the marts' reconciliation.
    expect(await t.rows('SELECT event_id FROM privacy.erased_events WHERE event_id = ANY($1::uuid[])', [ids])).toHaveLength(6);
  });

  it('stays erased through the next real dbt build', async () => {
    await dbt(['run']);
    expect(await traces(guest, ids)).toEqual([]);
    expect((await traces(other, otherIds)).length).toBeGreaterThan(2);
  }, 240_000);

  it("removes an erased event's mart row that a concurrent build wrote back, whatever its key", async () => {
    // As if a build that read raw just before the erasure committed after it: one identified
    // and one minimized page view of the erased guest are back in an event-grain mart.
    const [identified, minimized] = [ids[0]!, ids[1]!];
    for (const [id, key] of [[identified, guest], [minimized, null]] as const) {
      await t.admin.query(
        `INSERT INTO marts.fct_page_views (event_id, viewed_at, activity_date, path, guest_key, guest_type, channel, language)
         VALUES ($1, now(), current_date, '/spa', md5($2), 'hotel_guest', 'web', 'en')`,
        [id, key],
      );
    }
    expect(await traces(guest, ids)).toEqual(['marts.fct_page_views: 2']);
    await dbt(['run', '--select', 'stg_events']);
    expect(await traces(guest, ids)).toEqual([]);
  }, 240_000);
});

describe('late deliveries after an erasure', () => {
  it('refuses an event that occurred before the erasure under a new id, and counts the reason', async () => {
    const guest = 'erase-late-1';
    await ingest([exampleEvent('page_view', { guest_id: guest, occurred_at: minutesAgo(10) })]);
    await erase(guest);
    const late = [
      exampleEvent('search', { guest_id: guest, occurred_at: minutesAgo(5) }),
      exampleEvent('faq_view', { guest_id: guest, occurred_at: minutesAgo(5), consent: { analytics: false } }),
      exampleEvent('consent_updated', { guest_id: guest, occurred_at: minutesAgo(5), properties: { analytics: true } }),
    ];
    const results = await ingest(late);
    expect(results).toEqual(late.map((e) => ({ event_id: e.event_id, status: 'dropped', reason: 'erased' })));
    const lateIds = late.map((e) => e.event_id);
    for (const table of ['raw.events', 'raw.event_ids', 'raw.consent_records', 'privacy.minimized_links']) {
      expect(await t.rows(`SELECT 1 FROM ${table} WHERE event_id = ANY($1::uuid[])`, [lateIds]), table).toEqual([]);
    }
    expect(await t.app.metrics.registry.getSingleMetricAsString('ingest_events_dropped_total')).toMatch(/reason="erased"\} 3/);
  });

  it('refuses a redelivery of an erased event under its own id', async () => {
    const guest = 'erase-redelivery-1';
    const e = exampleEvent('page_view', { guest_id: guest, occurred_at: minutesAgo(10) });
    await ingest([e]);
    await erase(guest);
    expect((await ingest([e]))[0]).toMatchObject({ status: 'dropped', reason: 'erased' });
    expect(await t.rows('SELECT 1 FROM raw.events WHERE event_id = $1', [e.event_id])).toEqual([]);
  });

  it('stores what a guest does after the erasure (they start afresh); a second erasure moves the line', async () => {
    const guest = 'erase-returns-1';
    await ingest([exampleEvent('page_view', { guest_id: guest, occurred_at: minutesAgo(10) })]);
    await erase(guest);
    const back = exampleEvent('page_view', { guest_id: guest, occurred_at: new Date(Date.now() + 1_000).toISOString() });
    expect(await ingest([back])).toEqual([{ event_id: back.event_id, status: 'accepted' }]);
    expect(await t.rows('SELECT 1 FROM raw.events WHERE event_id = $1', [back.event_id])).toHaveLength(1);

    // Erased again: an event of the second period arriving late is refused as well.
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await erase(guest)).ledger).toBe('already recorded');
    const late = exampleEvent('search', { guest_id: guest, occurred_at: new Date(Date.parse(back.occurred_at) + 50).toISOString() });
    expect(await ingest([late])).toEqual([{ event_id: late.event_id, status: 'dropped', reason: 'erased' }]);
  });
});
