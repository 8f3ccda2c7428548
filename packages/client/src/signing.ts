import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks v1, symmetric (the scheme Svix and the standardwebhooks libraries use):
 * `webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`.
 */

/** The HMAC key of a `whsec_<base64>` secret; the same rules the API applies at boot. */
export function parseWebhookSecret(secret: string): Buffer {
  if (secret !== secret.trim()) throw new TypeError('webhook secret has leading or trailing whitespace');
  if (!secret.startsWith('whsec_')) throw new TypeError('webhook secret must look like whsec_<base64>');
  const b64 = secret.slice('whsec_'.length);
  const key = Buffer.from(b64, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || key.length < 24 || key.length > 64) {
    throw new TypeError('webhook secret must be 24–64 bytes of base64 after whsec_');
  }
  return key;
}

/** One `v1,` entry per key, space separated: during a rotation the receiver may hold either. */
export function signWebhook(keys: readonly Buffer[], id: string, timestamp: number, body: string): string {
  return keys
    .map((key) => `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`)
    .join(' ');
}

/** A fresh message id: `msg_` and 18 random bytes in base64url (no '.', which the receiver rejects). */
export function newWebhookId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`;
}

// The id is part of the signed string "{id}.{ts}.{body}": a '.' in it would make that ambiguous.
const WEBHOOK_ID = /^[A-Za-z0-9_-]{1,256}$/;

export function assertWebhookId(id: string): void {
  if (!WEBHOOK_ID.test(id)) throw new TypeError('webhook id must be 1–256 characters of [A-Za-z0-9_-]');
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
