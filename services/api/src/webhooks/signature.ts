import { createHmac, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks v1 (symmetric): docs/webhooks.md. */
export const TOLERANCE_SECONDS = 300;

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type VerifyResult = { ok: true; id: string } | { ok: false; reason: string };

export function sign(key: Buffer, id: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  // timingSafeEqual throws on unequal lengths: a length mismatch is simply "no match".
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies the raw body as received. The reason is for logs and metrics only; the sender gets
 * a bare 401 whatever it is.
 */
export function verify(keys: readonly Buffer[], headers: WebhookHeaders, body: Buffer, nowSeconds = Math.floor(Date.now() / 1000)): VerifyResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing_header' };
  // The id is part of the signed content "{id}.{ts}.{body}": a '.' in it would make the split ambiguous.
  if (id.length > 256 || !/^[A-Za-z0-9_-]+$/.test(id)) return { ok: false, reason: 'bad_id' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const ts = Number(timestamp);
  if (Math.abs(nowSeconds - ts) > TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp_out_of_tolerance' };
  if (keys.length === 0) return { ok: false, reason: 'no_secret_configured' };

  const presented: Buffer[] = [];
  for (const part of signature.split(' ')) {
    if (!part.startsWith('v1,')) continue;
    const b64 = part.slice(3);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    presented.push(Buffer.from(b64, 'base64'));
  }
  if (presented.length === 0) return { ok: false, reason: 'no_v1_signature' };
  for (const key of keys) {
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
    for (const p of presented) if (safeEqual(p, expected)) return { ok: true, id };
  }
  return { ok: false, reason: 'signature_mismatch' };
}
