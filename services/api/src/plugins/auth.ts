import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../config';
import { forbidden, unauthorized } from '../errors';

export type Scope = 'ingest' | 'read' | 'privacy';

/**
 * A check that admits or refuses a request from its headers and peer alone. Guards run as
 * `onRequest` hooks, before the body is read, parsed or validated: an unauthenticated or
 * rate-limited caller costs no parsing and learns nothing of the schema.
 */
export type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Id (never the secret) of the API key that authenticated this request. */
    apiKeyId?: string;
  }
}

// Compare digests, not the secrets: equal lengths for timingSafeEqual, and no early exit that
// reveals how many leading characters matched.
const digest = (b: Buffer) => createHash('sha256').update(b).digest();

// The configured keys' digests are computed once, not on every request.
const digests = new WeakMap<ApiKey, Buffer>();
const digestOf = (k: ApiKey) => {
  let d = digests.get(k);
  if (!d) digests.set(k, (d = digest(k.secret)));
  return d;
};

function match(presented: Buffer, keys: readonly ApiKey[]): ApiKey | undefined {
  const d = digest(presented);
  let found: ApiKey | undefined;
  for (const k of keys) if (timingSafeEqual(d, digestOf(k)) && !found) found = k;
  return found;
}

function bearer(req: FastifyRequest): Buffer | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1] ? Buffer.from(m[1]) : null;
}

/*
 * The keys a guard admitted, by the Authorization header that presented them, so a known caller
 * costs a map lookup instead of a SHA-256 per request. Only admitted keys are remembered (a
 * stream of wrong keys cannot grow it or evict anything useful: it is bounded and cleared when
 * full). A hit counts only while that key object is still in the scope's key list: a key removed
 * from the list (disabled, rotated out) stops working at the next request, cache or not.
 */
const ADMITTED_MAX = 256;

/**
 * A guard that admits a request carrying a key of `scope`. A valid key of another scope is 403
 * (it authenticated, it is just not allowed here); anything else is 401.
 */
export function requireScope(scope: Scope, keys: Record<Scope, readonly ApiKey[]>): Guard {
  const admitted = new Map<string, ApiKey>();
  return async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    const known = header === undefined ? undefined : admitted.get(header);
    if (known) {
      if (keys[scope].includes(known)) {
        req.apiKeyId = known.id;
        return;
      }
      admitted.delete(header as string);
    }
    const presented = bearer(req);
    if (!presented) throw unauthorized();
    const key = match(presented, keys[scope]);
    if (key) {
      if (admitted.size >= ADMITTED_MAX) admitted.clear();
      admitted.set(header as string, key);
      req.apiKeyId = key.id;
      return;
    }
    const other = (Object.keys(keys) as Scope[]).some((s) => s !== scope && match(presented, keys[s]));
    throw other ? forbidden() : unauthorized();
  };
}
