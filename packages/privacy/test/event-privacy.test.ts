import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, exampleEvent, type AnalyticsEvent, type EventType } from '@cbc/contract';
import { hashIp, prepareEvent, type PrivacyOptions } from '../src/index';

const OPTS: PrivacyOptions = { collectPii: false, ipSalt: 'test-salt', ipHashRotation: 'none' };

function prepared(type: EventType, properties: Record<string, unknown> = {}, opts: PrivacyOptions = OPTS) {
  const event = exampleEvent(type, { properties: properties as never }) as AnalyticsEvent;
  const { row, stats } = prepareEvent(event, 'api', opts);
  return { props: JSON.parse(row.props) as Record<string, unknown>, min: JSON.parse(row.props_min) as Record<string, unknown>, stats };
}

const EMAIL = 'anna.berg@example.com';
const CARD = '4111111111111111';
const IBAN = 'DE89370400440532013000';

describe('page_view path: redacted segment by segment', () => {
  it('redacts PII in any segment, decoded, and re-encodes the text around the placeholder', () => {
    const path = `/guests/${encodeURIComponent(EMAIL)}/cards/${CARD}/caf%C3%A9%20${encodeURIComponent(`iban ${IBAN}`)}/spa`;
    const { props, stats } = prepared('page_view', { path });
    expect(props.path).toBe('/guests/[EMAIL]/cards/[CREDIT_CARD]/caf%C3%A9%20iban%20[IBAN]/spa');
    expect(stats.redactions).toMatchObject({ EMAIL: 1, CREDIT_CARD: 1, IBAN: 1 });
  });

  it('keeps a segment without PII exactly as sent, encoding included', () => {
    for (const path of ['/', '/dining/menus/beach-grill', '/caf%C3%A9/menu', '/rooms/ocean-suite/', '/a%2Fb', '/search?q=late+checkout&lang=en#top']) {
      expect(prepared('page_view', { path }).props.path).toBe(path);
    }
  });

  it('redacts the query string and the fragment too', () => {
    const { props } = prepared('page_view', { path: `/contact?email=${encodeURIComponent(EMAIL)}&room=spa#card-${CARD}` });
    expect(props.path).toBe("/contact?email=[EMAIL]&room=spa#card-[CREDIT_CARD]");
  });

  it('survives malformed percent-encoding (the raw segment is scanned)', () => {
    const { props } = prepared('page_view', { path: `/x%E0%A4%A/${EMAIL}` });
    expect(props.path).toBe('/x%E0%A4%A/[EMAIL]');
  });
});

describe('referrer: a URL is redacted part by part', () => {
  it('decodes path and query, drops credentials before the host', () => {
    const referrer = `https://anna:secret@www.example.org/u/${encodeURIComponent(EMAIL)}?card=${CARD}`;
    const { props } = prepared('page_view', { referrer });
    expect(props.referrer).toBe('https://www.example.org/u/[EMAIL]?card=[CREDIT_CARD]');
  });

  it('keeps an ordinary referrer as sent', () => {
    expect(prepared('page_view', { referrer: 'https://www.google.com/' }).props.referrer).toBe('https://www.google.com/');
  });

  it('redacts a referrer that is not a URL as text', () => {
    expect(prepared('page_view', { referrer: `mail from ${EMAIL}` }).props.referrer).toBe('mail from [EMAIL]');
  });
});

describe('props_min: what a row keeps without consent', () => {
  // Closed vocabularies, labels, numbers and booleans; identifiers and free text never.
  const EXPECTED: Record<EventType, string[]> = {
    page_view: ['path'],
    search: ['category', 'results_count'],
    faq_view: ['faq_id', 'source'],
    chat_session_started: ['entry_point'],
    chat_message: ['intent', 'role'],
    chat_session_ended: ['csat', 'duration_s', 'outcome'],
    service_request: ['service_type', 'status'],
    consent_updated: ['analytics', 'marketing', 'policy_version'],
    feedback: ['rating'],
  };
  it.each(EVENT_TYPES)('%s keeps only closed values, labels, numbers and booleans', (type) => {
    const { props, min } = prepared(type);
    expect(Object.keys(min).sort()).toEqual(EXPECTED[type]);
    for (const k of Object.keys(min)) if (k !== 'path') expect(min[k]).toEqual(props[k]);
  });

  it('keeps only the redacted route of the path, even when COLLECT_PII stores it whole', () => {
    const path = `/guests/${encodeURIComponent(EMAIL)}/stay?ref=${CARD}#x`;
    const withPii = prepared('page_view', { path }, { ...OPTS, collectPii: true });
    expect(withPii.props.path).toBe(path);
    expect(withPii.min.path).toBe('/guests/[EMAIL]/stay');
    expect(prepared('page_view', { path }).min.path).toBe('/guests/[EMAIL]/stay');
  });

  it('never carries an identifier or free text, whatever the properties hold', () => {
    const { min } = prepared('chat_message', { chat_session_id: 'chat-77', text: `call ${EMAIL}` });
    expect(JSON.stringify(min)).not.toMatch(/chat-77|anna|EMAIL/);
  });
});

describe('the daily IP key', () => {
  // The key of the last event is kept (event-privacy.ts, ipKey): events that alternate days and
  // salts must each still be hashed with their own day's key.
  it('is HMAC(salt, UTC day) for every event, whatever the order of days and salts', () => {
    const ip = '203.0.113.77';
    const cases: Array<[string, string]> = [
      ['s1', '2026-03-01T23:59:59.999Z'],
      ['s1', '2026-03-02T00:00:00.000Z'],
      ['s1', '2026-03-01T12:00:00.000+00:00'],
      ['s2', '2026-03-01T12:00:00.000Z'],
      ['s1', '2026-03-02T01:30:00.000+02:00'],
      ['s1', '1969-12-31T23:00:00.000Z'],
    ];
    for (const [salt, occurredAt] of cases) {
      const event = exampleEvent('faq_view', { occurred_at: occurredAt, context: { ip } } as never) as AnalyticsEvent;
      const { row } = prepareEvent(event, 'api', { collectPii: false, ipSalt: salt, ipHashRotation: 'daily' });
      const day = new Date(occurredAt).toISOString().slice(0, 10);
      expect(row.ip_hash, `${salt} ${occurredAt}`).toBe(hashIp(ip, createHmac('sha256', salt).update(day).digest('hex')));
    }
  });
});

describe('redactMemo: redaction results reused for text seen before', () => {
  const texts = [`write to ${EMAIL}`, `card ${CARD} please`, 'late checkout tomorrow', `iban ${IBAN}`];

  it('stores, for every event type and twice over, exactly the rows and counts it stores without one', () => {
    const memo = new Map();
    for (let round = 0; round < 2; round += 1) {
      for (const type of EVENT_TYPES) {
        for (const text of texts) {
          const event = exampleEvent(type, { properties: { text, query: text, path: `/u/${encodeURIComponent(text)}?q=${text}`, referrer: `https://x.org/${text}` } as never }) as AnalyticsEvent;
          expect(prepareEvent(event, 'bulk', { ...OPTS, redactMemo: memo })).toEqual(prepareEvent(event, 'bulk', OPTS));
        }
      }
    }
    expect(memo.size).toBeGreaterThan(0);
  });

  it('answers text it holds from the memo, without redacting it again', () => {
    const text = `write to ${EMAIL}`;
    // A planted entry: only a memo lookup can turn the whole text into one [PHONE].
    const memo = new Map([[text, { text: '[PHONE]', entities: [{ type: 'PHONE' as const, start: 0, end: text.length }] }]]);
    const event = exampleEvent('search', { properties: { query: text } as never }) as AnalyticsEvent;
    const { row, stats } = prepareEvent(event, 'bulk', { ...OPTS, redactMemo: memo });
    expect(JSON.parse(row.props).query).toBe('[PHONE]');
    expect(stats.redactions).toEqual({ PHONE: 1 });
  });
});
