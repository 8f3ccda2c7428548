import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { hashIp, truncateIp } from '@cbc/privacy';
import { AppError } from '../errors';
import type { Metrics } from '../telemetry/registry';
import type { Guard } from './auth';

// Fixed window per key, counted in tokens: a lease takes ARGV[2] tokens at once and opens the
// window (sets its expiry) if none is open, atomically. The reply is the window's count after
// this lease (the lease holds the tokens numbered count − ARGV[2] + 1 … count) and its time left.
const LEASE_SCRIPT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * Tokens one lease takes: 1 % of the limit, at least 1 (small limits stay exact per request) and
 * at most 1,000. This is the tolerance docs/architecture.md states: with R replicas, the first
 * refusal of a window may come when up to (R − 1) × lease tokens are still unspent in other
 * replicas' leases; the window never admits more than the limit.
 */
export function leaseSize(max: number): number {
  return Math.min(1000, Math.max(1, Math.floor(max / 100)));
}

interface Window {
  count: number;
  resetAt: number;
}

/** Tokens this process holds for a key: numbers `next` … `last` of the shared window. */
interface Lease {
  next: number;
  last: number;
  /** When the shared window ends, by this process's clock (never later than Redis's). */
  resetAt: number;
  /** A lease request to Redis in flight for this key (one at a time, shared by every waiter). */
  pending: Promise<void> | null;
}

export interface RateLimiterOptions {
  redis: Redis | null;
  prefix: string;
  max: number;
  windowMs: number;
  metrics: Metrics;
}

type LeaseCommand = (key: string, windowMs: number, n: number) => Promise<[number, number]>;

/**
 * Rate limit per API key, shared across replicas through Redis. A replica does not ask Redis per
 * request: it leases a block of the window's tokens (`leaseSize`) and spends them locally, so a
 * request costs a map lookup and one Redis round trip per block. Every token has one number in
 * the shared window, so however the blocks are spread over replicas the window never admits more
 * than the limit; a replica refuses once the token it would spend is numbered above it.
 *
 * When Redis is down the limiter fails open to a per-process window (each replica then enforces
 * the limit on its own share), so ingest keeps accepting events: losing analytics is worse than
 * a looser limit for a while.
 */
export class RateLimiter {
  private readonly local = new Map<string, Window>();
  private readonly leases = new Map<string, Lease>();
  private readonly lease: number;
  private readonly command: LeaseCommand | null;

  constructor(private readonly opts: RateLimiterOptions) {
    this.lease = leaseSize(opts.max);
    const { redis } = opts;
    if (redis) {
      redis.defineCommand('cbcRateLease', { numberOfKeys: 1, lua: LEASE_SCRIPT });
      // EVALSHA with the script's digest; ioredis falls back to EVAL once if Redis lost it.
      const r = redis as Redis & { cbcRateLease: LeaseCommand };
      this.command = (key, windowMs, n) => r.cbcRateLease(key, windowMs, n);
    } else {
      this.command = null;
    }
  }

  /**
   * Spends one token of `key`'s window: `count` is the token's number in the window (above the
   * limit means refused) and `resetMs` the time until the window ends. A promise only when the
   * token must be leased from Redis first; otherwise the answer is synchronous.
   */
  hit(key: string, now = Date.now()): { count: number; resetMs: number } | Promise<{ count: number; resetMs: number }> {
    const { redis } = this.opts;
    if (!redis || redis.status !== 'ready') return this.hitLocal(key, now);
    const lease = this.leases.get(key);
    if (lease && lease.resetAt > now) {
      if (lease.next <= lease.last) return { count: lease.next++, resetMs: lease.resetAt - now };
      // The window is spent: every further token would be numbered above the limit, so refuse
      // without asking Redis again until the window ends.
      if (lease.last >= this.opts.max) return { count: this.opts.max + 1, resetMs: lease.resetAt - now };
    }
    return this.hitLeased(key);
  }

  private async hitLeased(key: string): Promise<{ count: number; resetMs: number }> {
    // Waiters whose lease ran out while another request refilled it try again; each round either
    // spends a token, refuses, or falls back to the local window, so the loop ends.
    for (;;) {
      let lease = this.leases.get(key);
      if (!lease) {
        lease = { next: 1, last: 0, resetAt: 0, pending: null };
        this.leases.set(key, lease);
        if (this.leases.size > 10_000) this.sweepLeases(Date.now());
      }
      if (!lease.pending) lease.pending = this.refill(key, lease);
      const pending = lease.pending;
      try {
        await pending;
      } catch {
        return this.hitLocal(key, Date.now());
      }
      const now = Date.now();
      if (lease.resetAt > now) {
        if (lease.next <= lease.last) return { count: lease.next++, resetMs: lease.resetAt - now };
        if (lease.last >= this.opts.max) return { count: this.opts.max + 1, resetMs: lease.resetAt - now };
      }
    }
  }

  private async refill(key: string, lease: Lease): Promise<void> {
    // The window's end is reckoned from before the request left: Redis set its expiry no earlier,
    // so this process never spends a token of a window Redis has already closed.
    const sent = Date.now();
    try {
      const [count, ttl] = await this.command!(`${this.opts.prefix}rl:${key}`, this.opts.windowMs, this.lease);
      lease.next = count - this.lease + 1;
      lease.last = count;
      lease.resetAt = sent + (ttl > 0 ? ttl : this.opts.windowMs);
    } finally {
      lease.pending = null;
    }
  }

  private hitLocal(key: string, now: number): { count: number; resetMs: number } {
    let w = this.local.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + this.opts.windowMs };
      this.local.set(key, w);
      if (this.local.size > 10_000) this.sweep(now);
    }
    w.count += 1;
    return { count: w.count, resetMs: w.resetAt - now };
  }

  private sweep(now: number) {
    for (const [k, w] of this.local) if (w.resetAt <= now) this.local.delete(k);
  }

  private sweepLeases(now: number) {
    for (const [k, l] of this.leases) if (l.resetAt <= now && !l.pending) this.leases.delete(k);
  }

  /**
   * A guard limiting each API key; listed after the authentication guard, which sets the key id.
   * `keyOf` replaces the key for routes without API keys (see `bySource`).
   */
  hook(keyOf: (req: FastifyRequest) => string = (req) => req.apiKeyId ?? 'anonymous', subject = 'this API key'): Guard {
    const { max, metrics } = this.opts;
    const limitHeader = String(max);
    const decide = (reply: FastifyReply, { count, resetMs }: { count: number; resetMs: number }) => {
      reply.header('x-ratelimit-limit', limitHeader);
      reply.header('x-ratelimit-remaining', max > count ? max - count : 0);
      if (count > max) {
        metrics.rateLimited.inc();
        const retry = String(Math.max(1, Math.ceil(resetMs / 1000)));
        throw new AppError(429, 'rate_limited', `Too many requests for ${subject}`, undefined, { 'retry-after': retry });
      }
    };
    return async (req: FastifyRequest, reply: FastifyReply) => {
      const r = this.hit(keyOf(req));
      decide(reply, r instanceof Promise ? await r : r);
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
