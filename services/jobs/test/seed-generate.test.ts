import { describe, expect, it } from 'vitest';
import {
  CHAT_OUTCOMES,
  EVENT_TYPES,
  FREE_TEXT_FIELDS,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  WEBHOOK_TYPES,
  validateEvent,
  validateWebhook,
  type AnalyticsEvent,
  type ServiceType,
} from '@cbc/contract';
import { redact } from '@cbc/privacy';
import { PII_CANARIES, SLA_MINUTES, generateSeed, planSeed, streamDeliveries, toEvent, type Delivery } from '../src/seed/generate';

// A pinned end, so the output is comparable byte for byte.
const END = Date.parse('2026-03-15T18:30:00.000Z');
const DAY = 86_400_000;
const MIN = 60_000;
const base = generateSeed({ seed: 42, end: END });
const events: AnalyticsEvent[] = base.deliveries.map(toEvent);
const ofType = <T extends AnalyticsEvent['type']>(type: T) => events.filter((e): e is Extract<AnalyticsEvent, { type: T }> => e.type === type);
const idOf = (d: Delivery) => (d.kind === 'event' ? d.event.event_id : d.id);

function freeTexts(list: readonly AnalyticsEvent[]) {
  const out: Array<{ text: string; language: string }> = [];
  for (const e of list) {
    const props = e.properties as Record<string, unknown>;
    for (const f of FREE_TEXT_FIELDS[e.type] ?? []) if (typeof props[f] === 'string') out.push({ text: props[f] as string, language: e.language });
    if (e.type === 'page_view') out.push({ text: decodeURIComponent(e.properties.path), language: e.language });
  }
  return out;
}

describe('seed generator: determinism', () => {
  it('gives byte-identical output for the same seed, and different output for another', () => {
    expect(JSON.stringify(generateSeed({ seed: 42, end: END }).deliveries)).toBe(JSON.stringify(base.deliveries));
    const other = generateSeed({ seed: 43, end: END }).deliveries;
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(base.deliveries));
    const ids = new Set(base.deliveries.map(idOf));
    expect(other.some((d) => ids.has(idOf(d)))).toBe(false);
  });

  it('sends the same ids whenever it runs: only timestamps follow the clock', () => {
    const later = generateSeed({ seed: 42, end: END + 3 * DAY + 5 * 3_600_000 + 17_000 });
    expect(later.deliveries.map(idOf).sort()).toEqual(base.deliveries.map(idOf).sort());
  });

  it('streams the same deliveries it returns as a list', () => {
    const streamed = [...streamDeliveries(planSeed({ seed: 42, end: END }))].map(idOf).sort();
    expect(streamed).toEqual(base.deliveries.map(idOf).sort());
  });
});

describe('seed generator: shape', () => {
  it('has 100 guests, about 500 sessions and about 5,000 deliveries, counted right', () => {
    const { counts, deliveries } = base;
    expect(counts.guests).toBe(100);
    expect(counts.sessions).toBeGreaterThanOrEqual(450);
    expect(counts.sessions).toBeLessThanOrEqual(550);
    expect(deliveries.length).toBeGreaterThanOrEqual(4_500);
    expect(deliveries.length).toBeLessThanOrEqual(5_500);
    expect(counts.deliveries).toBe(deliveries.length);
    expect(Object.values(counts.byType).reduce((a, b) => a + b, 0)).toBe(deliveries.length);
    expect(counts.viaWebhooks).toBe(deliveries.filter((d) => d.kind === 'webhook').length);
    for (const t of EVENT_TYPES) expect(counts.byType[t], t).toBe(ofType(t).length);
  });

  it.each([1, 7, 2024])('stays in range for seed %i', (seed) => {
    const { counts } = generateSeed({ seed, end: END });
    expect(counts.deliveries).toBeGreaterThanOrEqual(4_500);
    expect(counts.deliveries).toBeLessThanOrEqual(5_500);
    expect(counts.guestsWithoutConsent).toBeGreaterThanOrEqual(5);
    expect(counts.guestsWithoutConsent).toBeLessThanOrEqual(8);
  });

  it('produces only valid events and valid webhooks, with unique ids, in time order inside the window', () => {
    for (const d of base.deliveries) {
      if (d.kind === 'event') expect(validateEvent(d.event, END).ok, JSON.stringify(d.event)).toBe(true);
      else expect(validateWebhook(d.type, { type: d.type, data: d.data }).ok, JSON.stringify(d.data)).toBe(true);
    }
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    const times = events.map((e) => Date.parse(e.occurred_at));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    expect(Math.max(...times)).toBeLessThanOrEqual(END);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(END - 91 * DAY);
  });

  it('covers every event type, chat outcome, service type and status; both paths for every webhook type', () => {
    for (const t of EVENT_TYPES) expect(ofType(t).length, t).toBeGreaterThan(0);
    const outcomes = new Set(ofType('chat_session_ended').map((e) => e.properties.outcome));
    for (const o of CHAT_OUTCOMES) expect(outcomes.has(o), o).toBe(true);
    const requests = ofType('service_request');
    for (const s of SERVICE_TYPES) expect(requests.some((e) => e.properties.service_type === s), s).toBe(true);
    for (const s of SERVICE_STATUSES) expect(requests.some((e) => e.properties.status === s), s).toBe(true);
    for (const w of WEBHOOK_TYPES) {
      const share = base.counts.webhooks[w] / base.counts.byType[({ 'chat.session.completed': 'chat_session_ended', 'service_request.updated': 'service_request', 'consent.updated': 'consent_updated', 'feedback.submitted': 'feedback' } as const)[w]];
      expect(share, w).toBeGreaterThan(0.25);
      expect(share, w).toBeLessThan(0.75);
    }
  });

  it('has a daily and a weekly rhythm and a guest-type, language and channel mix', () => {
    const sessions = new Map<string, number>();
    for (const e of events) if (e.session_id && !sessions.has(e.session_id)) sessions.set(e.session_id, Date.parse(e.occurred_at));
    const hours = [...sessions.values()].map((t) => new Date(t).getUTCHours());
    const inHours = (from: number, to: number) => hours.filter((h) => h >= from && h < to).length / (to - from);
    expect(inHours(7, 11)).toBeGreaterThan(2 * inHours(0, 6));
    expect(inHours(18, 22)).toBeGreaterThan(2 * inHours(0, 6));
    const days = [...sessions.values()].map((t) => new Date(t).getUTCDay());
    const weekend = days.filter((d) => d === 0 || d === 6).length / 2;
    const weekday = days.filter((d) => d >= 1 && d <= 4).length / 4;
    expect(weekend).toBeGreaterThan(weekday);

    const guests = base.plan.guests;
    const share = (pred: (g: (typeof guests)[number]) => boolean) => guests.filter(pred).length / guests.length;
    expect(share((g) => g.type === 'hotel_guest' || g.type === 'member')).toBeGreaterThan(0.65);
    expect(share((g) => g.type === 'day_visitor' || g.type === 'prospect')).toBeGreaterThan(0.05);
    for (const l of ['en', 'de', 'fr', 'es']) expect(guests.some((g) => g.language === l), l).toBe(true);
    expect(guests.some((g) => !['en', 'de', 'fr', 'es'].includes(g.language))).toBe(true);
    expect(new Set(events.map((e) => e.channel)).size).toBeGreaterThanOrEqual(4);
  });

  it('has zero-result searches (~15 %), some of them recurring', () => {
    const searches = ofType('search');
    const zero = searches.filter((e) => e.properties.results_count === 0);
    expect(zero.length / searches.length).toBeGreaterThan(0.08);
    expect(zero.length / searches.length).toBeLessThan(0.25);
    const byQuery = new Map<string, number>();
    for (const e of zero) byQuery.set(e.properties.query, (byQuery.get(e.properties.query) ?? 0) + 1);
    expect([...byQuery.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(2);
  });

  it('follows some FAQ views with a handoff or a service request within 30 minutes, most not', () => {
    const faqs = ofType('faq_view');
    const followUps = events.filter(
      (e) => (e.type === 'chat_session_ended' && e.properties.outcome === 'handoff') || (e.type === 'service_request' && e.properties.status === 'created'),
    );
    const notDeflected = faqs.filter((f) => {
      const t = Date.parse(f.occurred_at);
      return followUps.some((e) => e.session_id === f.session_id && Date.parse(e.occurred_at) > t && Date.parse(e.occurred_at) - t <= 30 * MIN);
    });
    expect(notDeflected.length).toBeGreaterThan(0);
    expect(notDeflected.length / faqs.length).toBeLessThan(0.5);
  });

  it('gives service requests ordered lifecycles and breaches some service levels (10–20 %)', () => {
    const byRequest = new Map<string, { type: ServiceType; at: Record<string, number> }>();
    for (const e of ofType('service_request')) {
      const r = byRequest.get(e.properties.request_id) ?? { type: e.properties.service_type, at: {} };
      r.at[e.properties.status] = Date.parse(e.occurred_at);
      byRequest.set(e.properties.request_id, r);
    }
    let breached = 0;
    for (const { type, at } of byRequest.values()) {
      expect(at.created).toBeDefined();
      if (at.acknowledged) expect(at.acknowledged).toBeGreaterThan(at.created!);
      if (at.completed) expect(at.completed).toBeGreaterThan(at.in_progress!);
      if (at.in_progress) expect(at.in_progress).toBeGreaterThan(at.acknowledged!);
      const sla = SLA_MINUTES[type];
      const ackLate = at.acknowledged !== undefined && at.acknowledged - at.created! > sla.ack * MIN;
      const doneLate = at.completed !== undefined && at.completed - at.created! > sla.complete * MIN;
      if (ackLate || doneLate) breached += 1;
    }
    expect(byRequest.size).toBeGreaterThan(50);
    expect([...byRequest.values()].some((r) => r.at.cancelled)).toBe(true);
    expect(breached / byRequest.size).toBeGreaterThan(0.08);
    expect(breached / byRequest.size).toBeLessThan(0.25);
  });

  it('records every guest’s consent at first contact, and events carry the guest’s consent', () => {
    const consent = new Map<string, { at: number; analytics: boolean }>();
    for (const e of ofType('consent_updated')) if (!consent.has(e.guest_id)) consent.set(e.guest_id, { at: Date.parse(e.occurred_at), analytics: e.properties.analytics });
    expect(consent.size).toBe(100);
    const declined = [...consent.values()].filter((c) => !c.analytics).length;
    expect(declined).toBeGreaterThanOrEqual(5);
    expect(declined).toBeLessThanOrEqual(8);
    for (const e of events) {
      const c = consent.get(e.guest_id)!;
      expect(Date.parse(e.occurred_at)).toBeGreaterThanOrEqual(c.at);
      expect(e.consent).toEqual({ analytics: c.analytics });
    }
    expect(ofType('consent_updated').length).toBeGreaterThan(100);
  });

  it('gives every guest a documentation-range IP and user agents on browser channels', () => {
    const ips = new Set(events.map((e) => e.context?.ip));
    for (const ip of ips) expect(ip).toMatch(/^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8:)/);
    expect([...ips].some((ip) => ip?.startsWith('2001:db8:'))).toBe(true);
    expect(events.filter((e) => e.channel === 'web').every((e) => e.context?.user_agent)).toBe(true);
  });

  it('puts PII in free text in several languages, all of which redaction removes', () => {
    const withPii = freeTexts(events).filter((t) => PII_CANARIES.some((c) => t.text.includes(c)));
    expect(withPii.length).toBeGreaterThan(10);
    expect(new Set(withPii.map((t) => t.language.slice(0, 2))).size).toBeGreaterThanOrEqual(3);
    for (const { text } of withPii) {
      const out = redact(text).text;
      for (const c of PII_CANARIES) expect(out, text).not.toContain(c);
    }
  });
});
