import { createHmac } from 'node:crypto';
import { FREE_TEXT_FIELDS, RETENTION_CLASS_OF, type AnalyticsEvent, type RetentionClass } from '@cbc/contract';
import { hashIp, truncateIp } from './ip';
import { redact } from './redact';
import type { CountryCode } from './detectors/phone';
import type { EntityType } from './entity-types';

/**
 * Privacy at the door for one validated event: free text redacted (unless COLLECT_PII), the IP
 * cut to its network plus a keyed hash, the user agent reduced to a device class, and the
 * minimized variant of the properties prepared for guests without analytics consent. Shared by
 * the API and the bulk loader so both store exactly the same thing.
 */

/** A row ready for storage: privacy already applied, consent decided later (in the flush). */
export interface PreparedRow {
  event_id: string;
  event_type: AnalyticsEvent['type'];
  retention_class: RetentionClass;
  occurred_at: string;
  guest_id: string | null;
  session_id: string | null;
  guest_type: string;
  channel: string;
  language: string;
  /** The event's own consent flag; null means "look up the guest's latest record". */
  explicit_consent: boolean | null;
  ip_network: string | null;
  ip_hash: string | null;
  device_class: string | null;
  /** Redacted properties, as JSON. */
  props: string;
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
}

export interface PrepareStats {
  redactions: Partial<Record<EntityType, number>>;
  ipInvalid: boolean;
}

// Properties that link events to one person or thread; withheld without consent.
const LINKING_PROPERTIES = new Set(['chat_session_id', 'request_id']);

/** Daily key: hashes link one address within a UTC day only (docs/privacy.md, "IP addresses"). */
const dayKeys = new Map<string, string>();
function ipKey(opts: PrivacyOptions, occurredAt: Date): string {
  if (opts.ipHashRotation === 'none') return opts.ipSalt;
  const day = occurredAt.toISOString().slice(0, 10);
  // Derived once per salt and day (events span a few days at most), not once per event.
  const cacheKey = `${opts.ipSalt}\u0000${day}`;
  let key = dayKeys.get(cacheKey);
  if (key === undefined) {
    key = createHmac('sha256', opts.ipSalt).update(day).digest('hex');
    if (dayKeys.size > 1000) dayKeys.clear();
    dayKeys.set(cacheKey, key);
  }
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
  const r = redact(value, opts.phoneRegions ? { phoneRegions: opts.phoneRegions } : {});
  for (const e of r.entities) stats.redactions[e.type] = (stats.redactions[e.type] ?? 0) + 1;
  return r.text;
}

/** Paths keep their route; only the query string (where emails and names turn up) is redacted. */
function redactPath(path: string, stats: PrepareStats, opts: PrivacyOptions): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  return path.slice(0, q + 1) + redactText(decodeSafe(path.slice(q + 1)), stats, opts);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export function prepareEvent(event: AnalyticsEvent, source: PreparedRow['source'], opts: PrivacyOptions): { row: PreparedRow; stats: PrepareStats } {
  const stats: PrepareStats = { redactions: {}, ipInvalid: false };
  const props: Record<string, unknown> = { ...event.properties };
  if (!opts.collectPii) {
    for (const field of FREE_TEXT_FIELDS[event.type] ?? []) {
      const v = props[field];
      if (typeof v === 'string') props[field] = redactText(v, stats, opts);
    }
    if (event.type === 'page_view') props.path = redactPath(event.properties.path, stats, opts);
  }
  const min: Record<string, unknown> = {};
  const freeText = new Set(FREE_TEXT_FIELDS[event.type] ?? []);
  for (const [k, v] of Object.entries(props)) {
    if (freeText.has(k) || LINKING_PROPERTIES.has(k)) continue;
    min[k] = k === 'path' && typeof v === 'string' ? v.split('?')[0] : v;
  }

  let ipNetwork: string | null = null;
  let ipHash: string | null = null;
  const ip = event.context?.ip;
  if (ip !== undefined) {
    const t = truncateIp(ip);
    if (t) {
      ipNetwork = t.network;
      ipHash = hashIp(ip, ipKey(opts, new Date(event.occurred_at)));
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
      occurred_at: new Date(event.occurred_at).toISOString(),
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

/** The stored form of a row whose guest has not consented: no ids, free text, IP or device. */
export function minimizeRow(row: PreparedRow): PreparedRow {
  return { ...row, guest_id: null, session_id: null, ip_network: null, ip_hash: null, device_class: null, props: row.props_min };
}
