import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Standard Webhooks v1, symmetric (the scheme Svix and the standardwebhooks libraries use), in
 * one place for both ends: the agent client signs with it and the API verifies with it, so a
 * change to the scheme cannot reach one side only. The wire format:
 *   webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{ts}.{body}")>
 */

/** How far a delivery's timestamp may be from the receiver's clock (replay window). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// The id is part of the signed string "{id}.{ts}.{body}": a '.' in it would make that ambiguous.
const WEBHOOK_ID = /^[A-Za-z0-9_-]{1,256}$/;

/** The HMAC key of a `whsec_<base64>` secret (24–64 bytes); throws a TypeError saying what is wrong. */
export function parseWebhookSecret(secret: string): Buffer {
  // Surrounding whitespace is a copy-paste accident; refuse it rather than trim.
  if (secret !== secret.trim()) throw new TypeError('webhook secret has leading or trailing whitespace');
  if (!secret.startsWith('whsec_')) throw new TypeError('every webhook secret must look like whsec_<base64>');
  const b64 = secret.slice('whsec_'.length);
  const key = Buffer.from(b64, 'base64');
  if (!BASE64.test(b64) || key.length < 24 || key.length > 64) {
    throw new TypeError('a webhook secret must be 24–64 bytes of base64 after whsec_');
  }
  return key;
}

/** Several secrets, space or comma separated (a rotation): the keys, and what is wrong with the rest. */
export function parseWebhookSecrets(raw: string): { keys: Buffer[]; problems: string[] } {
  const keys: Buffer[] = [];
  const problems: string[] = [];
  for (const entry of raw.split(/[,\s]+/).filter(Boolean)) {
    try {
      keys.push(parseWebhookSecret(entry));
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { keys, problems };
}

/** One `v1,` entry per key, space separated: during a rotation the receiver may hold either. */
export function signWebhook(keys: readonly Buffer[], id: string, timestamp: number | string, body: Buffer | string): string {
  return keys.map((key) => `v1,${mac(key, id, timestamp, body).toString('base64')}`).join(' ');
}

function mac(key: Buffer, id: string, timestamp: number | string, body: Buffer | string): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/** A fresh message id: `msg_` and 18 random bytes in base64url (no '.'). */
export function newWebhookId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`;
}

export function isWebhookId(id: string): boolean {
  return WEBHOOK_ID.test(id);
}

export function assertWebhookId(id: string): void {
  if (!isWebhookId(id)) throw new TypeError('webhook id must be 1–256 characters of [A-Za-z0-9_-]');
}

/** The three headers of one delivery attempt; the timestamp is the attempt's own. */
export function webhookHeaders(keys: readonly Buffer[], id: string, body: string, nowMs: number = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(keys, id, timestamp, body),
  };
}

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type VerifyResult = { ok: true; id: string } | { ok: false; reason: string };

function safeEqual(a: Buffer, b: Buffer): boolean {
  // timingSafeEqual throws on unequal lengths: a length mismatch is simply "no match".
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies the raw body as received. The reason is for logs and metrics only; the sender gets
 * a bare 401 whatever it is.
 */
export function verifyWebhook(keys: readonly Buffer[], headers: WebhookHeaders, body: Buffer, nowSeconds = Math.floor(Date.now() / 1000)): VerifyResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_header' };
  if (!isWebhookId(id)) return { ok: false, reason: 'bad_id' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp_out_of_tolerance' };
  if (keys.length === 0) return { ok: false, reason: 'no_secret_configured' };

  const presented: Buffer[] = [];
  for (const part of signature.split(' ')) {
    if (!part.startsWith('v1,')) continue;
    const b64 = part.slice(3);
    if (BASE64.test(b64)) presented.push(Buffer.from(b64, 'base64'));
  }
  if (presented.length === 0) return { ok: false, reason: 'no_v1_signature' };
  for (const key of keys) {
    const expected = mac(key, id, timestamp, body);
    for (const p of presented) if (safeEqual(p, expected)) return { ok: true, id };
  }
  return { ok: false, reason: 'signature_mismatch' };
}
