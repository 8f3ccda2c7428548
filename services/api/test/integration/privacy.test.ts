import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import { auth, startApp, type TestApp } from '../support/app';

// Canary PII: distinctive values whose appearance anywhere in storage or logs is a leak.
const CANARY = {
  email: 'canary.guest.7731@example.org',
  phone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  ip: '198.51.100.237',
  ipv6: '2001:db8:abcd:12:3456:7890:abcd:ef01',
};
const TEXT = `Hi, I'm in room 1412, email ${CANARY.email}, phone ${CANARY.phone}, card ${CANARY.card}`;

let t: TestApp;
beforeAll(async () => {
  t = await startApp({ CONSENT_DEFAULT: 'denied' });
});
afterAll(async () => t.close());

const send = (event: unknown) => t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: event as object });

async function everythingStored(): Promise<string> {
  const rows = await t.rows(
    `SELECT row_to_json(e)::text AS j FROM raw.events e UNION ALL SELECT row_to_json(c)::text FROM raw.consent_records c`,
  );
  return rows.map((r) => r.j).join('\n');
}

describe('privacy at the door', () => {
  it('redacts PII from every free-text field and stores only the truncated IP and its hash', async () => {
    const events = [
      exampleEvent('search', { properties: { query: TEXT } }),
      exampleEvent('chat_message', { properties: { text: TEXT } }),
      exampleEvent('service_request', { properties: { notes: TEXT } }),
      exampleEvent('feedback', { properties: { comment: TEXT } }),
      exampleEvent('page_view', { properties: { path: `/contact?email=${encodeURIComponent(CANARY.email)}`, title: TEXT, referrer: `https://x.example/?m=${CANARY.email}` } }),
    ].map((e) => ({ ...e, context: { ip: CANARY.ip, user_agent: 'Mozilla/5.0 (Macintosh)' } }));
    for (const e of events) expect((await send(e)).json()).toMatchObject({ status: 'accepted' });
    await send({ ...exampleEvent('faq_view'), context: { ip: CANARY.ipv6 } });

    const stored = await everythingStored();
    for (const value of Object.values(CANARY)) expect(stored).not.toContain(value);
    expect(stored).not.toContain('4111111111111111');
    expect(stored).toContain('[EMAIL]');
    expect(stored).toContain('[CREDIT_CARD]');

    const ips = await t.rows<{ ip_network: string; ip_hash: string }>('SELECT host(ip_network) AS ip_network, ip_hash FROM raw.events WHERE ip_network IS NOT NULL');
    expect(new Set(ips.map((r) => r.ip_network))).toEqual(new Set(['198.51.100.0', '2001:db8:abcd::']));
    expect(ips.every((r) => /^[0-9a-f]{64}$/.test(r.ip_hash))).toBe(true);
  });

  it('never writes a full IP or canary PII into the logs', async () => {
    await t.app.inject({ method: 'POST', url: `/ingest/event?email=${CANARY.email}`, headers: { ...auth, 'x-forwarded-for': CANARY.ip }, payload: { ...exampleEvent('search', { properties: { query: TEXT } }), context: { ip: CANARY.ip } }, remoteAddress: '203.0.113.99' });
    await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: { broken: TEXT } });
    const logs = t.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const value of Object.values(CANARY)) expect(logs).not.toContain(value);
    expect(logs).not.toContain('203.0.113.99');
    expect(logs).toContain('203.0.113.0');
    expect(logs).not.toContain('ingest-key-0123456789abcdef');
  });

  it('keeps the event but drops an invalid IP, and counts it', async () => {
    const e = { ...exampleEvent('faq_view'), context: { ip: '999.1.1.1' } };
    expect((await send(e)).json()).toMatchObject({ status: 'accepted' });
    expect(await t.rows('SELECT ip_network FROM raw.events WHERE event_id = $1', [e.event_id])).toEqual([{ ip_network: null }]);
    expect(await t.app.metrics.registry.getSingleMetricAsString('ingest_ip_invalid_total')).toMatch(/ingest_ip_invalid_total [1-9]/);
  });
});

describe('consent', () => {
  it('minimizes an event whose own consent flag is false: no ids, no text, no IP', async () => {
    const e = { ...exampleEvent('chat_message', { properties: { text: TEXT } }), consent: { analytics: false }, context: { ip: CANARY.ip, user_agent: 'x' } };
    expect((await send(e)).json()).toEqual({ event_id: e.event_id, status: 'accepted', minimized: true });
    const [row] = await t.rows('SELECT * FROM raw.events WHERE event_id = $1', [e.event_id]);
    expect(row).toMatchObject({ guest_id: null, session_id: null, ip_network: null, ip_hash: null, device_class: null, minimized: true });
    expect(row!.properties).toEqual({ role: 'guest', intent: 'spa_booking' });
  });

  it("uses the guest's latest recorded consent when the event carries none", async () => {
    const guest = 'guest-consent-1';
    const grant = exampleEvent('consent_updated', { guest_id: guest, occurred_at: new Date(Date.now() - 60_000).toISOString(), properties: { analytics: true } });
    expect((await send(grant)).json()).toMatchObject({ status: 'accepted' });
    const withGrant = { ...exampleEvent('search', { guest_id: guest }), consent: undefined };
    expect((await send(withGrant)).json()).toEqual({ event_id: withGrant.event_id, status: 'accepted' });

    const revoke = exampleEvent('consent_updated', { guest_id: guest, properties: { analytics: false } });
    expect((await send(revoke)).json()).toMatchObject({ status: 'accepted' });
    const afterRevoke = { ...exampleEvent('search', { guest_id: guest }), consent: undefined };
    expect((await send(afterRevoke)).json()).toMatchObject({ status: 'accepted', minimized: true });

    // Consent records are evidence: they keep the guest id even when consent is withdrawn.
    expect(await t.rows('SELECT analytics FROM raw.consent_records WHERE guest_id = $1 ORDER BY occurred_at', [guest])).toEqual([{ analytics: true }, { analytics: false }]);
  });

  it('applies CONSENT_DEFAULT=denied to a guest with no record', async () => {
    const e = { ...exampleEvent('faq_view', { guest_id: 'never-asked-1' }), consent: undefined };
    expect((await send(e)).json()).toMatchObject({ status: 'accepted', minimized: true });
  });

  it('drops instead of minimizing when NO_CONSENT_ACTION=drop, and counts the reason', async () => {
    const d = await startApp({ NO_CONSENT_ACTION: 'drop' });
    try {
      const e = { ...exampleEvent('search'), consent: { analytics: false } };
      const res = await d.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: e });
      expect(res.json()).toEqual({ event_id: e.event_id, status: 'dropped', reason: 'no_consent' });
      expect(await d.count('raw.events')).toBe(0);
      expect(await d.app.metrics.registry.getSingleMetricAsString('ingest_events_dropped_total')).toMatch(/reason="no_consent"\} 1/);
      // A consent withdrawal itself is never dropped: it is the evidence.
      const w = exampleEvent('consent_updated', { consent: { analytics: false }, properties: { analytics: false } });
      expect((await d.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: w })).json()).toMatchObject({ status: 'accepted' });
    } finally {
      await d.close();
    }
  });

  it('stores full text when COLLECT_PII=true (the documented switch)', async () => {
    const d = await startApp({ COLLECT_PII: 'true' });
    try {
      const e = exampleEvent('search', { properties: { query: `mail ${CANARY.email}` } });
      await d.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: e });
      expect(await d.rows("SELECT properties->>'query' AS q FROM raw.events")).toEqual([{ q: `mail ${CANARY.email}` }]);
    } finally {
      await d.close();
    }
  });
});
