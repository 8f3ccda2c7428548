import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { hashIp, truncateIp } from '@cbc/privacy';
import { AppError } from '../errors';
import type { Metrics } from '../telemetry/registry';
import type { Guard } from './auth';

// Fixed window per key: INCR and set the expiry on the first hit, atomically.
const INCR_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;

interface Window {
  count: number;
  resetAt: number;
}

export interface RateLimiterOptions {
  redis: Redis | null;
  prefix: string;
  max: number;
  windowMs: number;
  metrics: Metrics;
}

/**
 * Rate limit per API key, shared across replicas through Redis. When Redis is down the limiter
 * fails open to a per-process window (each replica then enforces the limit on its own share),
 * so ingest keeps accepting events: losing analytics is worse than a looser limit for a while.
 */
export class RateLimiter {
  private readonly local = new Map<string, Window>();

  constructor(private readonly opts: RateLimiterOptions) {
    opts.redis?.defineCommand('cbcRateLimit', { numberOfKeys: 1, lua: INCR_SCRIPT });
  }

  async hit(key: string, now = Date.now()): Promise<{ count: number; resetMs: number }> {
    const { redis, prefix, windowMs } = this.opts;
    if (redis && redis.status === 'ready') {
      try {
        // EVALSHA with the script's digest; ioredis falls back to EVAL once if Redis lost it.
        const [count, ttl] = (await (redis as Redis & { cbcRateLimit(key: string, windowMs: number): Promise<[number, number]> }).cbcRateLimit(`${prefix}rl:${key}`, windowMs));
        return { count, resetMs: ttl > 0 ? ttl : windowMs };
      } catch {
        // fall through to the in-process window
      }
    }
    let w = this.local.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.local.set(key, w);
      if (this.local.size > 10_000) this.sweep(now);
    }
    w.count += 1;
    return { count: w.count, resetMs: w.resetAt - now };
  }

  private sweep(now: number) {
    for (const [k, w] of this.local) if (w.resetAt <= now) this.local.delete(k);
  }

  /**
   * A guard limiting each API key; listed after the authentication guard, which sets the key id.
   * `keyOf` replaces the key for routes without API keys (see `bySource`).
   */
  hook(keyOf: (req: FastifyRequest) => string = (req) => req.apiKeyId ?? 'anonymous', subject = 'this API key'): Guard {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const { count, resetMs } = await this.hit(keyOf(req));
      const remaining = Math.max(0, this.opts.max - count);
      reply.header('x-ratelimit-limit', this.opts.max);
      reply.header('x-ratelimit-remaining', remaining);
      if (count > this.opts.max) {
        this.opts.metrics.rateLimited.inc();
        const retry = String(Math.max(1, Math.ceil(resetMs / 1000)));
        throw new AppError(429, 'rate_limited', `Too many requests for ${subject}`, undefined, { 'retry-after': retry });
      }
    };
  }
}

/**
 * The limiter key of an unauthenticated source: the caller's address (as resolved under
 * TRUST_PROXY) and the route it calls (its template, e.g. one webhook source's path). The address
 * enters the key only as a salted hash, so Redis never holds a client's full IP.
 */
export function bySource(salt: string): (req: FastifyRequest) => string {
  return (req) => `src:${req.routeOptions.url ?? '?'}:${truncateIp(req.ip) ? hashIp(req.ip, salt).slice(0, 32) : 'unknown'}`;
}
