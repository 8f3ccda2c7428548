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

/**
 * A guard that admits a request carrying a key of `scope`. A valid key of another scope is 403
 * (it authenticated, it is just not allowed here); anything else is 401.
 */
export function requireScope(scope: Scope, keys: Record<Scope, readonly ApiKey[]>): Guard {
  return async (req: FastifyRequest) => {
    const presented = bearer(req);
    if (!presented) throw unauthorized();
    const key = match(presented, keys[scope]);
    if (key) {
      req.apiKeyId = key.id;
      return;
    }
    const other = (Object.keys(keys) as Scope[]).some((s) => s !== scope && match(presented, keys[s]));
    throw other ? forbidden() : unauthorized();
  };
}
