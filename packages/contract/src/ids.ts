import { createHash } from 'node:crypto';

// RFC 4122 namespace for webhook-derived event ids (a fixed random UUID; never change it, or
// replays of old deliveries would stop deduplicating).
const WEBHOOK_NAMESPACE = '0f8f3a52-6c1e-4b7e-9d64-4f1d8f0c2a77';

/** UUIDv5 (SHA-1, RFC 4122 §4.3) of `name` in `namespace`. */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The event id a webhook delivery becomes. Deterministic, so the event table's unique key is
 * also the webhook replay guard: a redelivery (same webhook-id) can never be stored twice.
 */
export function webhookEventId(webhookId: string): string {
  return uuidv5(webhookId, WEBHOOK_NAMESPACE);
}
