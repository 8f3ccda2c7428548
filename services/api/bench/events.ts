// Request bodies for the load: the contract's example events (every type except consent_updated,
// which is stored in raw.consent_records, not raw.events), each with a fresh event_id, the current
// time and one of 1,000 guests. Built from pre-serialised templates so the load generator spends
// as little CPU as possible per request; the same bodies go to the API and to the bare baseline.
import { randomUUID } from 'node:crypto';
import { EVENT_TYPES as CONTRACT_TYPES, RETENTION_CLASS_OF, exampleEvent, type EventType } from '@cbc/contract';

// Every type the contract knows that lands in raw.events (so the copy baseline compares like with like).
const EVENT_TYPES = CONTRACT_TYPES.filter((t) => RETENTION_CLASS_OF[t] !== 'consent');

const ID = '00000000-0000-4000-8000-0000000cbc00';
const AT = '2000-01-01T00:00:00.000Z';
const GUEST = 'guest-cbc-bench-placeholder';

type Part = string | typeof ID | typeof AT | typeof GUEST;

/** Splits a serialised event around its placeholders, keeping them as markers. */
function template(type: EventType): Part[] {
  const json = JSON.stringify(exampleEvent(type, { event_id: ID, occurred_at: AT, guest_id: GUEST }));
  const parts: Part[] = [];
  let rest = json;
  for (;;) {
    const hits = [ID, AT, GUEST].map((p) => [rest.indexOf(p), p] as const).filter(([i]) => i >= 0);
    if (hits.length === 0) break;
    const [i, p] = hits.reduce((a, b) => (b[0] < a[0] ? b : a));
    parts.push(rest.slice(0, i), p);
    rest = rest.slice(i + p.length);
  }
  parts.push(rest);
  return parts;
}

const TEMPLATES = EVENT_TYPES.map(template);

export interface GeneratedEvent {
  id: string;
  json: string;
}

let seq = 0;

/** The next event of the round-robin mix, with a fresh id. */
export function nextEvent(now = new Date().toISOString()): GeneratedEvent {
  const n = seq++;
  const parts = TEMPLATES[n % TEMPLATES.length]!;
  const id = randomUUID();
  const guest = `guest-${n % 1000}`;
  let json = '';
  for (const p of parts) json += p === ID ? id : p === AT ? now : p === GUEST ? guest : p;
  return { id, json };
}

/** A `POST /ingest/events` body of `n` fresh events. */
export function nextBatch(n: number): { ids: string[]; body: string } {
  const now = new Date().toISOString();
  const ids: string[] = new Array(n);
  let body = '{"events":[';
  for (let i = 0; i < n; i++) {
    const e = nextEvent(now);
    ids[i] = e.id;
    body += i === 0 ? e.json : `,${e.json}`;
  }
  return { ids, body: `${body}]}` };
}
