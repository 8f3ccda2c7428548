import { createHmac } from 'node:crypto';
import { PROPERTY_KINDS, RETENTION_CLASS_OF, type AnalyticsEvent, type PropertyKind, type RetentionClass } from '@cbc/contract';
import { anonymizeIp } from './ip';
import { placeholder } from './entity-types';
import { cannotContainPii, redact, type RedactResult } from './redact';
import type { CountryCode } from './detectors/phone';
import type { EntityType } from './entity-types';
import type { IngestRow } from '@cbc/db';

/**
 * Privacy at the door for one validated event: free text redacted (unless COLLECT_PII), the IP
 * cut to its network plus a keyed hash, the user agent reduced to a device class, and the
 * minimized variant of the properties prepared for guests without analytics consent. Shared by
 * the API and the bulk loader so both store exactly the same thing.
 */

/**
 * A row ready for storage: privacy already applied, consent decided later by the database's
 * ingest function. The shape is that function's input (@cbc/db `IngestRow`), narrowed here.
 */
export interface PreparedRow extends IngestRow {
  event_type: AnalyticsEvent['type'];
  retention_class: RetentionClass;
  /** The properties kept when the guest has not consented: no text, no linking ids. */
  props_min: string;
  source: 'api' | 'webhook' | 'bulk';
}

export interface PrivacyOptions {
  collectPii: boolean;
  /** Regions whose national phone formats redaction recognises; the club's own first. */
  phoneRegions?: readonly CountryCode[];
  ipSalt: string;
  ipHashRotation: 'daily' | 'none';
  /**
   * Reuse of redaction results for text seen before, keyed by the text. Redaction is a pure
   * function of the text (and the phone regions, fixed per options object), and a bulk load
   * redacts the same few thousand strings millions of times: with a memo it stores the same rows
   * at a fraction of the cost. Bounded (cleared past REDACT_MEMO_MAX entries). The API leaves it
   * unset: its text is rarely repeated and a memo would hold guests' text in memory.
   */
  redactMemo?: Map<string, RedactResult>;
}

const REDACT_MEMO_MAX = 50_000;

export interface PrepareStats {
  redactions: Partial<Record<EntityType, number>>;
  ipInvalid: boolean;
}

/*
 * Without consent a row keeps only what cannot point at a person, decided by each property's
 * class in the contract: closed vocabularies, labels (short codes already refused when they look
 * like personal data), numbers and booleans (ratings, counts, durations, consent flags; none is
 * an identifier). Identifiers and free text are withheld; the page path keeps its route only.
 */
const KEPT_WITHOUT_CONSENT: ReadonlySet<PropertyKind> = new Set(['closed', 'label', 'number', 'boolean']);

/** Daily key: hashes link one address within a UTC day only (docs/privacy.md, "IP addresses"). */
const dayKeys = new Map<string, string>();
const DAY_MS = 86_400_000;
// Consecutive events almost always share salt and day: the last key is kept to skip the day's
// text and the map lookup.
let lastKey = { salt: '', day: NaN, key: '' };
function ipKey(opts: PrivacyOptions, occurredAtMs: number): string {
  if (opts.ipHashRotation === 'none') return opts.ipSalt;
  const dayNumber = Math.floor(occurredAtMs / DAY_MS);
  if (lastKey.day === dayNumber && lastKey.salt === opts.ipSalt) return lastKey.key;
  const day = new Date(occurredAtMs).toISOString().slice(0, 10);
  // Derived once per salt and day (events span a few days at most), not once per event.
  const cacheKey = `${opts.ipSalt}\u0000${day}`;
  let key = dayKeys.get(cacheKey);
  if (key === undefined) {
    key = createHmac('sha256', opts.ipSalt).update(day).digest('hex');
    if (dayKeys.size > 1000) dayKeys.clear();
    dayKeys.set(cacheKey, key);
  }
  lastKey = { salt: opts.ipSalt, day: dayNumber, key };
  return key;
}

function deviceClass(ua: string | undefined): string | null {
  if (!ua) return null;
  if (/bot|crawler|spider|headless/i.test(ua)) return 'bot';
  if (/ipad|tablet/i.test(ua)) return 'tablet';
  if (/mobi|iphone|android/i.test(ua)) return 'mobile';
  return 'desktop';
}

function redactText(value: string, stats: PrepareStats, opts: PrivacyOptions): string {
  return redactWith(value, stats, opts, (t) => t) ?? value;
}

function memoRedact(value: string, opts: PrivacyOptions): RedactResult {
  const memo = opts.redactMemo;
  let r = memo?.get(value);
  if (r === undefined) {
    // The privacy options are redact's options (phoneRegions): no object per call.
    r = redact(value, opts);
    if (memo) {
      if (memo.size >= REDACT_MEMO_MAX) memo.clear();
      memo.set(value, r);
    }
  }
  return r;
}

/** Redacts `value`, passing the text around each placeholder through `encode`; null if it holds no PII. */
function redactWith(value: string, stats: PrepareStats, opts: PrivacyOptions, encode: (text: string) => string): string | null {
  const r = memoRedact(value, opts);
  if (r.entities.length === 0) return null;
  let out = '';
  let cursor = 0;
  for (const e of r.entities) {
    stats.redactions[e.type] = (stats.redactions[e.type] ?? 0) + 1;
    out += encode(value.slice(cursor, e.start)) + placeholder(e.type);
    cursor = e.end;
  }
  return out + encode(value.slice(cursor));
}

/**
 * A path is redacted part by part: each segment, each query key and value, and the fragment is
 * decoded (so `anna%40example.com` is seen as an email), redacted, and re-encoded around its
 * placeholders; a part without PII keeps its original encoding.
 */
function redactPath(path: string, stats: PrepareStats, opts: PrivacyOptions): string {
  // A part of lower-case letters decodes to itself and holds nothing to find: neither step runs
  // (empty segments, "spa", "lang" are most parts of a path).
  const part = (raw: string, form: boolean) =>
    cannotContainPii(raw) ? raw : (redactWith(decodeSafe(raw, form), stats, opts, encodeURIComponent) ?? raw);
  const hash = path.indexOf('#');
  const beforeHash = hash < 0 ? path : path.slice(0, hash);
  const q = beforeHash.indexOf('?');
  const route = q < 0 ? beforeHash : beforeHash.slice(0, q);
  let out = route.split('/').map((seg) => part(seg, false)).join('/');
  if (q >= 0) {
    const params = beforeHash.slice(q + 1).split('&').map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? part(p, true) : `${part(p.slice(0, eq), true)}=${part(p.slice(eq + 1), true)}`;
    });
    out += `?${params.join('&')}`;
  }
  return hash < 0 ? out : `${out}#${part(path.slice(hash + 1), false)}`;
}

/** The path without its query string and fragment. */
function routeOf(path: string): string {
  const cut = path.search(/[?#]/);
  return cut < 0 ? path : path.slice(0, cut);
}

const ABSOLUTE_URL = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is;

/**
 * Free text; when the whole value is a URL (a referrer) it is redacted part by part, as a path,
 * so encoded PII in its path or query is decoded first. Credentials before the host are dropped.
 */
function redactFreeText(value: string, stats: PrepareStats, opts: PrivacyOptions): string {
  const url = ABSOLUTE_URL.exec(value);
  if (!url) return redactText(value, stats, opts);
  const authority = url[2]!;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return url[1]! + redactText(host, stats, opts) + (url[3] ? redactPath(url[3], stats, opts) : '');
}

function decodeSafe(s: string, form: boolean): string {
  try {
    return decodeURIComponent(form ? s.replace(/\+/g, ' ') : s);
  } catch {
    return s;
  }
}

export function prepareEvent(event: AnalyticsEvent, source: PreparedRow['source'], opts: PrivacyOptions): { row: PreparedRow; stats: PrepareStats } {
  const stats: PrepareStats = { redactions: {}, ipInvalid: false };
  const kinds: Readonly<Record<string, PropertyKind>> = PROPERTY_KINDS[event.type];
  const props: Record<string, unknown> = { ...event.properties };
  const min: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    const kind = kinds[k] ?? 'unclassified';
    if (typeof v === 'string' && !opts.collectPii) {
      if (kind === 'url_path') props[k] = redactPath(v, stats, opts);
      else if (kind === 'free_text' || kind === 'unclassified') props[k] = redactFreeText(v, stats, opts);
    }
    if (KEPT_WITHOUT_CONSENT.has(kind)) min[k] = props[k];
    // The route only, and redacted even under COLLECT_PII: a guest without consent leaves no PII.
    else if (kind === 'url_path' && typeof v === 'string') {
      min[k] = routeOf(opts.collectPii ? redactPath(routeOf(v), { redactions: {}, ipInvalid: false }, opts) : (props[k] as string));
    }
  }

  let ipNetwork: string | null = null;
  let ipHash: string | null = null;
  const occurredAt = new Date(event.occurred_at);
  const ip = event.context?.ip;
  if (ip !== undefined) {
    const a = anonymizeIp(ip, ipKey(opts, occurredAt.getTime()));
    if (a) {
      ipNetwork = a.network;
      ipHash = a.hash;
    } else {
      stats.ipInvalid = true;
    }
  }

  return {
    row: {
      event_id: event.event_id.toLowerCase(),
      event_type: event.type,
      retention_class: RETENTION_CLASS_OF[event.type],
      // Normalised to UTC: RFC 3339 allows offsets up to ±23:59, Postgres only up to ±15:59.
      occurred_at: occurredAt.toISOString(),
      guest_id: event.guest_id,
      session_id: event.session_id ?? null,
      guest_type: event.guest_type,
      channel: event.channel,
      language: event.language,
      explicit_consent: event.consent?.analytics ?? null,
      ip_network: ipNetwork,
      ip_hash: ipHash,
      device_class: deviceClass(event.context?.user_agent),
      props: JSON.stringify(props),
      props_min: JSON.stringify(min),
      source,
    },
    stats,
  };
}
