import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEvent, type AnalyticsEvent } from '@cbc/contract';
import { bulkLoadEvents } from '../src/seed/bulk-load';
import { freshDatabase, INGEST_KEY, IP_SALT, PRIVACY_LEDGER_KEY, startApi, type FreshDatabase } from './seed-support';

// The API and the bulk loader must store the same rows for the same events: consent decided
// from the event, else from the guest's stored consent record, else the default (denied), and a
// guest without consent stored minimized. Both write through one database function, so the rule
// cannot drift between them; this test is what would notice if one of them stopped using it.
const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** Stored consent first (a separate batch, so it is stored before the events are decided). */
const consentFirst: AnalyticsEvent[] = [
  exampleEvent('consent_updated', { guest_id: 'g-granted', occurred_at: at(60), properties: { analytics: true } }),
  exampleEvent('consent_updated', { guest_id: 'g-refused', occurred_at: at(60), properties: { analytics: false } }),
];
const undecided = (guest: string, type: 'page_view' | 'chat_message', minutesAgo: number): AnalyticsEvent => {
  const event: AnalyticsEvent = exampleEvent(type, { guest_id: guest, session_id: `s-${guest}`, occurred_at: at(minutesAgo) });
  delete event.consent;
  return event;
};
const thenEvents: AnalyticsEvent[] = [
  // No consent in the event: the stored record decides (granted → kept whole).
  undecided('g-granted', 'page_view', 30),
  undecided('g-granted', 'chat_message', 29),
  // Stored refusal → minimized.
  undecided('g-refused', 'page_view', 28),
  // Nothing stored, nothing said → the default (denied) → minimized.
  undecided('g-unknown', 'chat_message', 27),
  // The event's own consent wins over the stored record.
  exampleEvent('page_view', { guest_id: 'g-refused', occurred_at: at(26), consent: { analytics: true } }),
  exampleEvent('page_view', { guest_id: 'g-granted', occurred_at: at(25), consent: { analytics: false } }),
];

const EVENT_COLUMNS = `event_id, event_type, retention_class, occurred_at, guest_id, session_id, guest_type, channel, language,
  minimized, host(ip_network) AS ip_network, ip_hash, device_class, properties`;
async function stored(t: FreshDatabase) {
  const q = async (sql: string) => (await t.admin.query(sql)).rows;
  return {
    events: await q(`SELECT ${EVENT_COLUMNS} FROM raw.events ORDER BY event_id`),
    consent: await q('SELECT event_id, guest_id, analytics, marketing, policy_version, occurred_at, guest_type, channel, language FROM raw.consent_records ORDER BY event_id'),
    links: await q('SELECT event_id, subject_hash, retention_class, occurred_at FROM privacy.minimized_links ORDER BY event_id'),
  };
}

let viaApi: FreshDatabase;
let viaBulk: FreshDatabase;
beforeAll(async () => {
  viaApi = await freshDatabase();
  viaBulk = await freshDatabase();
});
afterAll(async () => {
  await viaApi?.close();
  await viaBulk?.close();
});

describe('the API and the bulk loader store identical rows', () => {
  it('with and without stored consent', async () => {
    const api = await startApi(viaApi.db);
    try {
      for (const events of [consentFirst, thenEvents]) {
        const res = await fetch(`${api.url}/ingest/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_KEY}` },
          body: JSON.stringify({ events }),
        });
        expect(res.status).toBe(202);
      }
    } finally {
      await api.app.close();
    }
    const options = {
      databaseUrl: viaBulk.db.urls.cbc_ingest,
      privacy: { collectPii: false, ipSalt: IP_SALT, ipHashRotation: 'daily' as const },
      defaultGranted: false,
      dropWithoutConsent: false,
      ledgerKey: PRIVACY_LEDGER_KEY,
    };
    await bulkLoadEvents(options, consentFirst);
    const bulk = await bulkLoadEvents(options, thenEvents);

    const a = await stored(viaApi);
    const b = await stored(viaBulk);
    expect(a.events).toHaveLength(thenEvents.length);
    expect(a.consent).toHaveLength(consentFirst.length);
    // The case that matters: a stored grant keeps the guest's rows whole, a stored refusal or no
    // record at all minimizes them.
    const minimized = Object.fromEntries(a.events.map((r) => [r.event_id, r.minimized]));
    expect(thenEvents.map((e) => minimized[e.event_id])).toEqual([false, false, true, true, false, true]);
    expect(b.events).toEqual(a.events);
    expect(b.consent).toEqual(a.consent);
    expect(b.links).toEqual(a.links);
    expect(bulk.minimized).toBe(3);
  });
});
