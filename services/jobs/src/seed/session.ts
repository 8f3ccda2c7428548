import type { Channel, EventType, PropertiesOf, ServiceType } from '@cbc/contract';
import {
  AGENT_REPLIES,
  CHANNEL_WEIGHTS,
  EXTERNAL_REFERRERS,
  FAQS,
  FEEDBACK_COMMENTS,
  GUEST_FOLLOW_UPS,
  GUEST_OPENERS,
  HOME,
  INTENT_OF_TOPIC,
  ODD_QUERIES,
  PAGES,
  RECURRING_ZERO_RESULT,
  REQUEST_NOTES,
  SEARCHES,
  SERVICE_OF_TOPIC,
  SITE,
  SLA_MINUTES,
  STAFF_NOTES,
  STAFF_REPLIES,
  TOPICS,
  TOPIC_WEIGHTS,
  type Topic,
} from './catalogue';
import { WEBHOOK_OF, occurredAt, type Delivery } from './deliveries';
import { piiQueryString, piiSentence } from './pii';
import { KIND, MINUTE, idKey, type Guest, type SeedPlan } from './plan';
import { Random, fmix32, hashInts, opaqueIdOf, uuidOf, webhookIdOf } from './prng';

/*
 * Phase two: one session's events, from a generator seeded by the session's own number. The
 * content never depends on the clock (only timestamps do), so the same seed always produces
 * the same ids, whenever it runs.
 */

const SECOND = 1000;
const CONTENT_TAG = 0xc0;
const CONSENT_TAG = 0xc5;
const KIOSK_IP = '198.51.100.10';
const POLICY_FIRST = '2025-09';
const POLICY_UPDATE = '2026-01';
const ENTRY_POINT: Record<Channel, string> = { web: 'web_widget', mobile: 'mobile_app', whatsapp: 'whatsapp', kiosk: 'lobby_kiosk', email: 'email' };

const WEB_LIKE: ReadonlySet<Channel> = new Set(['web', 'mobile', 'kiosk']);

class SessionBuilder {
  readonly out: Delivery[] = [];
  private seq = 0;
  private requests = 0;
  private readonly sessionId: string;
  /** The latest timestamp so far: what comes next in the session comes after it. */
  last: number;

  constructor(
    private readonly plan: SeedPlan,
    readonly guest: Guest,
    readonly index: number,
    readonly channel: Channel,
    start: number,
  ) {
    this.sessionId = opaqueIdOf('sess', plan.idWord, index, idKey(KIND.session, 0));
    this.last = start;
  }

  private common(at: number) {
    const g = this.guest;
    const ua = this.channel === 'web' || this.channel === 'mobile' || this.channel === 'kiosk' ? g.userAgents[this.channel] : undefined;
    return {
      occurred_at: new Date(at).toISOString(),
      guest_id: g.id,
      session_id: this.sessionId,
      guest_type: g.type,
      channel: this.channel,
      language: g.language,
      consent: { analytics: g.analytics },
      context: { ip: this.channel === 'kiosk' ? KIOSK_IP : g.ip, ...(ua ? { user_agent: ua } : {}) },
    };
  }

  emit<T extends EventType>(type: T, at: number, properties: PropertiesOf<T>, viaWebhook = false): void {
    this.push(type, at, properties, viaWebhook, this.index, this.seq++, KIND.event, KIND.webhook);
  }

  /** Consent events belong to the guest (their ids are keyed by guest), wherever they happen. */
  emitConsent(at: number, properties: PropertiesOf<'consent_updated'>, viaWebhook: boolean, n: number): void {
    this.push('consent_updated', at, properties, viaWebhook, this.guest.index, n, KIND.consent, KIND.consentWebhook);
  }

  private push(type: EventType, at: number, properties: object, viaWebhook: boolean, owner: number, seq: number, eventKind: number, webhookKind: number) {
    if (at > this.last) this.last = at;
    const webhookType = WEBHOOK_OF[type];
    if (viaWebhook && webhookType) {
      const id = webhookIdOf(this.plan.idWord, owner, idKey(webhookKind, seq));
      this.out.push({ kind: 'webhook', type: webhookType, id, data: { ...this.common(at), ...properties } });
      return;
    }
    const key = idKey(eventKind, seq);
    const event_id = uuidOf(this.plan.idWord, owner, key, fmix32(owner ^ key));
    this.out.push({ kind: 'event', event: { event_id, type, ...this.common(at), properties } as Extract<Delivery, { kind: 'event' }>['event'] });
  }

  chatId(): string {
    return opaqueIdOf('chat', this.plan.idWord, this.index, idKey(KIND.chat, 0));
  }

  requestId(): string {
    return opaqueIdOf('sr', this.plan.idWord, this.index, idKey(KIND.request, this.requests++));
  }
}

/** Every delivery of session `s`, in time order. */
export function sessionDeliveries(plan: SeedPlan, s: number): Delivery[] {
  const guest = plan.guests[plan.sessionGuest[s]!]!;
  const start = plan.sessionStart[s]!;
  const r = new Random(hashInts(plan.idWord, s, CONTENT_TAG));
  const channel: Channel = r.chance(0.8) ? guest.channel : r.weighted(CHANNEL_WEIGHTS);
  const b = new SessionBuilder(plan, guest, s, channel, start);

  consent(plan, b, s, start);
  const topic = r.weighted(TOPIC_WEIGHTS[guest.type] as Record<Topic, number>);
  const webLike = WEB_LIKE.has(channel);
  let t = start;

  if (webLike) t = browse(r, b, topic, t);
  let searched = false;
  if (r.chance(webLike ? 0.5 : 0.08)) {
    searched = true;
    t = search(r, b, topic, t, webLike);
  }

  // An FAQ answer deflects the question unless the guest still needs a person within 30 minutes.
  let afterFaq: 'none' | 'deflected' | 'chat' | 'service' = 'none';
  if (r.chance(webLike ? 0.38 : 0.12)) {
    const views = 1 + r.geometric(0.7, 1);
    for (let i = 0; i < views; i += 1) {
      t += r.between(10, 90) * SECOND;
      b.emit('faq_view', t, { faq_id: r.pick(FAQS[topic]), source: searched ? 'search' : webLike ? 'browse' : 'chat' });
    }
    afterFaq = r.chance(0.22) ? (r.chance(0.55) ? 'chat' : 'service') : 'deflected';
  }

  if (afterFaq === 'deflected' && webLike && r.chance(0.5)) {
    // Answered: the guest carries on browsing instead of asking a person.
    t += r.between(20, 120) * SECOND;
    const [path, title] = pageOf(r, topic);
    b.emit('page_view', t, { path, title, referrer: `${SITE}/faq` });
  }
  if (afterFaq === 'chat') {
    // Started soon enough that the handoff itself falls inside the 30 minutes.
    t = chat(r, b, topic, t + r.between(2, 12) * MINUTE, 'handoff');
  } else if (afterFaq === 'service') {
    t = serviceRequest(r, b, SERVICE_OF_TOPIC[topic], t + r.between(2, 28) * MINUTE, true);
  } else if (afterFaq === 'none') {
    if (r.chance(webLike ? 0.48 : 0.9)) t = chat(r, b, topic, t + r.between(5, 60) * SECOND);
    else if (r.chance(0.3)) t = serviceRequest(r, b, SERVICE_OF_TOPIC[topic], t + r.between(20, 120) * SECOND, true);
  }

  if (r.chance(0.14)) feedback(r, b, b.last + r.between(1, 20) * MINUTE);
  return b.out.sort((x, y) => (occurredAt(x) < occurredAt(y) ? -1 : occurredAt(x) > occurredAt(y) ? 1 : 0));
}

function consent(plan: SeedPlan, b: SessionBuilder, s: number, start: number) {
  const g = b.guest;
  const isFirst = plan.firstSession[g.index] === s;
  const isUpdate = g.reconsent && plan.lastSession[g.index] === s && !isFirst;
  if (!isFirst && !isUpdate) return;
  // A generator per guest, so the consent records do not depend on which session is the first.
  const r = new Random(hashInts(plan.idWord, g.index, CONSENT_TAG));
  const firstAt = start - r.between(5, 60) * SECOND;
  const marketingLater = r.chance(0.3) ? !g.marketing : g.marketing;
  const updateVia = r.chance(0.5);
  if (isFirst) {
    b.emitConsent(firstAt, { analytics: g.analytics, marketing: g.marketing, policy_version: POLICY_FIRST }, g.consentViaWebhook, 0);
  } else {
    b.emitConsent(start + r.between(5, 30) * SECOND, { analytics: g.analytics, marketing: marketingLater, policy_version: POLICY_UPDATE }, updateVia, 1);
  }
}

function pageOf(r: Random, topic: Topic): readonly [string, string] {
  const t = r.chance(0.8) ? topic : r.pick(TOPICS);
  return r.pick(PAGES[t]);
}

function browse(r: Random, b: SessionBuilder, topic: Topic, t: number): number {
  const views = 1 + r.geometric(0.26, 9);
  let previous: string | null = null;
  for (let i = 0; i < views; i += 1) {
    const [page, title] = i === 0 && r.chance(0.55) ? HOME : pageOf(r, topic);
    // Contact forms leave the guest's email in the URL now and then.
    const path = page === '/contact' && r.chance(0.3) ? page + piiQueryString(r) : page;
    const referrer = previous ? `${SITE}${previous}` : r.chance(0.35) ? r.pick(EXTERNAL_REFERRERS) : undefined;
    b.emit('page_view', t, referrer ? { path, title, referrer } : { path, title });
    previous = page;
    t += r.between(8, 120) * SECOND;
  }
  return t;
}

function search(r: Random, b: SessionBuilder, topic: Topic, t: number, webLike: boolean): number {
  const lang = b.guest.textLanguage;
  const count = 1 + r.geometric(0.45, 3);
  for (let i = 0; i < count; i += 1) {
    t += r.between(5, 40) * SECOND;
    const zero = r.chance(0.15);
    const query = zero ? (r.chance(0.6) ? r.pick(RECURRING_ZERO_RESULT[lang]) : r.pick(ODD_QUERIES)) : r.pick(SEARCHES[topic][lang]);
    b.emit('search', t, { query, results_count: zero ? 0 : r.int(1, 24), category: topic });
    if (!zero && webLike && r.chance(0.6)) {
      t += r.between(5, 30) * SECOND;
      const [path, title] = r.pick(PAGES[topic]);
      b.emit('page_view', t, { path, title, referrer: `${SITE}/search` });
    }
  }
  return t;
}

const OUTCOMES = { resolved: 56, handoff: 16, service_request: 16, abandoned: 12 } as const;
type Outcome = keyof typeof OUTCOMES;

function withPii(r: Random, b: SessionBuilder, text: string, p: number): string {
  return r.chance(p) ? `${text} ${piiSentence(r, b.guest.textLanguage)}` : text;
}

function chat(r: Random, b: SessionBuilder, topic: Topic, t: number, forced?: Outcome): number {
  const lang = b.guest.textLanguage;
  const chat_session_id = b.chatId();
  const started = t;
  b.emit('chat_session_started', t, { chat_session_id, entry_point: forced ? 'faq_page' : ENTRY_POINT[b.channel] });
  const outcome: Outcome = forced ?? r.weighted(OUTCOMES);
  const turns = outcome === 'abandoned' ? r.int(1, 2) : r.int(2, 6);
  for (let i = 0; i < turns; i += 1) {
    t += r.between(i === 0 ? 5 : 15, i === 0 ? 40 : 90) * SECOND;
    const text = i === 0 ? r.pick(GUEST_OPENERS[topic][lang]) : r.pick(GUEST_FOLLOW_UPS[lang]);
    b.emit('chat_message', t, { chat_session_id, role: 'guest', text: withPii(r, b, text, 0.07), ...(i === 0 ? { intent: INTENT_OF_TOPIC[topic] } : {}) });
    if (outcome === 'abandoned' && i === turns - 1) break;
    t += r.between(2, 8) * SECOND;
    b.emit('chat_message', t, { chat_session_id, role: 'agent', text: r.pick(AGENT_REPLIES[lang]) });
  }
  if (outcome === 'handoff') {
    t += r.between(1, 6) * MINUTE;
    b.emit('chat_message', t, { chat_session_id, role: 'staff', text: r.pick(STAFF_REPLIES[lang]) });
    if (r.chance(0.5)) {
      t += r.between(10, 60) * SECOND;
      b.emit('chat_message', t, { chat_session_id, role: 'guest', text: withPii(r, b, r.pick(GUEST_FOLLOW_UPS[lang]), 0.1) });
    }
  }
  // An abandoned chat ends when the widget gives up waiting.
  t += outcome === 'abandoned' ? r.between(2, 10) * MINUTE : r.between(5, 60) * SECOND;
  const csat = csatFor(r, outcome);
  b.emit(
    'chat_session_ended',
    t,
    { chat_session_id, outcome, duration_s: Math.round((t - started) / SECOND), ...(csat ? { csat } : {}) },
    r.chance(0.5),
  );
  if (outcome === 'service_request') serviceRequest(r, b, SERVICE_OF_TOPIC[topic], t - r.between(3, 30) * SECOND, false);
  return t;
}

function csatFor(r: Random, outcome: Outcome): number | undefined {
  const asked = { resolved: 0.65, handoff: 0.45, service_request: 0.55, abandoned: 0.05 }[outcome];
  if (!r.chance(asked)) return undefined;
  const weights: Record<number, number> =
    outcome === 'resolved' || outcome === 'service_request' ? { 5: 55, 4: 30, 3: 10, 2: 3, 1: 2 } : { 5: 25, 4: 35, 3: 22, 2: 11, 1: 7 };
  return Number(r.weighted(weights));
}

/**
 * created → acknowledged → in_progress → completed, or cancelled on the way. Times are drawn
 * around the service level of the type, about one request in eight missing a target.
 */
function serviceRequest(r: Random, b: SessionBuilder, service_type: ServiceType, t: number, byGuest: boolean): number {
  const request_id = b.requestId();
  const sla = SLA_MINUTES[service_type];
  const guestNote = r.chance(byGuest ? 0.8 : 0.5) ? withPii(r, b, r.pick(REQUEST_NOTES[service_type]), 0.12) : undefined;
  b.emit('service_request', t, { request_id, service_type, status: 'created', ...(guestNote ? { notes: guestNote } : {}) });
  const update = (status: 'acknowledged' | 'in_progress' | 'completed' | 'cancelled', at: number) => {
    const notes = r.chance(0.25) ? r.pick(STAFF_NOTES) : undefined;
    b.emit('service_request', at, { request_id, service_type, status, ...(notes ? { notes } : {}) }, r.chance(0.5));
  };
  const ack = t + (r.chance(0.08) ? r.between(1.1, 2.5) : r.between(0.1, 0.95)) * sla.ack * MINUTE;
  if (r.chance(0.07)) {
    const cancelAt = t + r.between(0.3, 2) * sla.ack * MINUTE;
    if (cancelAt > ack) update('acknowledged', ack);
    update('cancelled', cancelAt);
    return cancelAt;
  }
  update('acknowledged', ack);
  let done = t + (r.chance(0.08) ? r.between(1.05, 1.8) : r.between(0.35, 0.95)) * sla.complete * MINUTE;
  const inProgress = ack + r.between(0.05, 0.4) * Math.max(done - ack, MINUTE);
  done = Math.max(done, inProgress + MINUTE);
  update('in_progress', inProgress);
  update('completed', done);
  return done;
}

function feedback(r: Random, b: SessionBuilder, t: number) {
  const rating = Number(r.weighted({ 5: 45, 4: 30, 3: 12, 2: 7, 1: 6 }));
  const mood = rating >= 4 ? 'good' : rating === 3 ? 'mixed' : 'bad';
  const comment = r.chance(0.65) ? withPii(r, b, r.pick(FEEDBACK_COMMENTS[mood][b.guest.textLanguage]), 0.08) : undefined;
  b.emit('feedback', t, { rating, ...(comment ? { comment } : {}) }, r.chance(0.5));
}
