import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Role } from '../auth/roles';
import { env } from './env';

export interface SessionRecord {
  staffId: string;
  email: string;
  role: Role;
  /** The per-session CSRF token forms and fetches echo back. */
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
}

/** The store cannot answer: login and session checks fail closed. */
export class StoreUnavailableError extends Error {
  readonly code = 'SESSION_STORE_UNAVAILABLE';
  constructor() {
    super('the session store is unavailable');
  }
}

/**
 * Recognises the error by its code, not `instanceof`: the store instance is shared through
 * globalThis and may come from another bundle (instrumentation), whose copy of the class is a
 * different class.
 */
export function isStoreUnavailable(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'SESSION_STORE_UNAVAILABLE';
}

export interface SessionStore {
  readonly kind: 'redis' | 'memory';
  get(sid: string): Promise<SessionRecord | null>;
  /** Writes (or rewrites) a session and restarts its idle timer. */
  put(sid: string, rec: SessionRecord, ttlSeconds: number): Promise<void>;
  destroy(sid: string): Promise<void>;
  /** Ends every session of one staff member (disabled, password reset by an admin). */
  destroyAllFor(staffId: string): Promise<number>;
  /** Counts one hit on a fixed-window counter and returns the count so far. */
  hit(key: string, windowSeconds: number): Promise<number>;
  reset(key: string): Promise<void>;
  /**
   * Claims one attempt on a slow-down key (see `slowdownDelaysMs`): 0 when it may go ahead, in
   * which case it is counted as a failure until `forgive`n, otherwise the milliseconds until the
   * next attempt may. Check and claim are one atomic step, so a burst of parallel requests gets
   * one attempt, not one each.
   */
  claimAttempt(key: string, policy: SlowdownPolicy, now?: number): Promise<number>;
  /** The claimed attempt succeeded: a right password is not a guess. */
  forgive(key: string): Promise<void>;
  /** Remembers that this browser (a random device token) signed in to this account. */
  putDevice(token: string, staffId: string, ttlSeconds: number): Promise<void>;
  /** The account a device token signed in to, or null. */
  getDevice(token: string): Promise<string | null>;
  deleteDevice(token: string): Promise<void>;
}

export interface SlowdownPolicy {
  /** Failures before the first wait (at least 1). */
  freeFailures: number;
  /** After those, the wait doubles from one second up to this. */
  maxDelaySeconds: number;
  /** Failures are forgotten this long after the last one. */
  memorySeconds: number;
}

/**
 * The wait after the n-th failure, for n = 1, 2, …; the last entry holds for every n beyond:
 * none until `freeFailures`, then 1 s, doubling up to `maxDelaySeconds`. The one definition of
 * the slow-down: both stores (and the Redis script) read this table.
 */
export function slowdownDelaysMs(p: SlowdownPolicy): number[] {
  const delays: number[] = Array.from({ length: Math.max(0, p.freeFailures - 1) }, () => 0);
  for (let s = 1; ; s *= 2) {
    delays.push(Math.min(s, p.maxDelaySeconds) * 1000);
    if (s >= p.maxDelaySeconds) return delays;
  }
}

/*
 * KEYS[1] the slow-down hash {n: failures, next: earliest next attempt (ms)}; ARGV[1] now (ms),
 * ARGV[2] memory (s), ARGV[3..] the delay table. Runs atomically in Redis.
 */
const CLAIM_SCRIPT = `
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local nextAt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local now = tonumber(ARGV[1])
if now < nextAt then return nextAt - now end
n = n + 1
local delay = tonumber(ARGV[2 + math.min(n, #ARGV - 2)])
redis.call('HSET', KEYS[1], 'n', n, 'next', now + delay)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 0`;

const FORGIVE_SCRIPT = `
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if n > 0 then redis.call('HSET', KEYS[1], 'n', n - 1) end
return 0`;

/**
 * Session ids and device tokens are stored hashed: whoever can read Redis (a dump, a replica, a
 * debugging session) sees which exist but cannot use one. Rate-limit keys are hashed too, so
 * Redis never holds a staff email or an IP address in clear.
 */
export const digest = (s: string) => createHash('sha256').update(s).digest('base64url');

export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Right after boot the client may still be connecting: give it a moment, never longer. */
  private async ready(): Promise<Redis> {
    const r = this.redis;
    if (r.status === 'ready') return r;
    if (r.status === 'connecting' || r.status === 'connect' || r.status === 'wait') {
      if (r.status === 'wait') r.connect().catch(() => {});
      const ok = await new Promise<boolean>((resolve) => {
        const t = setTimeout(() => done(false), 1000);
        const done = (v: boolean) => {
          clearTimeout(t);
          r.off('ready', onReady);
          resolve(v);
        };
        const onReady = () => done(true);
        r.once('ready', onReady);
      });
      if (ok) return r;
    }
    throw new StoreUnavailableError();
  }

  private async run<T>(fn: (r: Redis) => Promise<T>): Promise<T> {
    const r = await this.ready();
    try {
      return await fn(r);
    } catch {
      // Never pass ioredis' text ("Connection is closed.") to a page: one typed error.
      throw new StoreUnavailableError();
    }
  }

  private sessionKey = (sid: string) => `${this.prefix}session:${digest(sid)}`;
  private staffKey = (staffId: string) => `${this.prefix}staff-sessions:${staffId}`;

  async get(sid: string): Promise<SessionRecord | null> {
    const raw = await this.run((r) => r.get(this.sessionKey(sid)));
    return raw ? (JSON.parse(raw) as SessionRecord) : null;
  }

  async put(sid: string, rec: SessionRecord, ttlSeconds: number): Promise<void> {
    const key = this.sessionKey(sid);
    await this.run((r) =>
      r
        .multi()
        .set(key, JSON.stringify(rec), 'EX', ttlSeconds)
        .sadd(this.staffKey(rec.staffId), key)
        .expire(this.staffKey(rec.staffId), env().session.absoluteSeconds)
        .exec(),
    );
  }

  async destroy(sid: string): Promise<void> {
    const key = this.sessionKey(sid);
    await this.run(async (r) => {
      const raw = await r.get(key);
      const tx = r.multi().del(key);
      if (raw) tx.srem(this.staffKey((JSON.parse(raw) as SessionRecord).staffId), key);
      await tx.exec();
    });
  }

  async destroyAllFor(staffId: string): Promise<number> {
    return this.run(async (r) => {
      const keys = await r.smembers(this.staffKey(staffId));
      if (keys.length === 0) return 0;
      const res = await r.multi().del(...keys).del(this.staffKey(staffId)).exec();
      return Number(res?.[0]?.[1] ?? 0);
    });
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const k = `${this.prefix}limit:${digest(key)}`;
    const res = await this.run((r) => r.multi().incr(k).expire(k, windowSeconds, 'NX').exec());
    return Number(res?.[0]?.[1] ?? 0);
  }

  async reset(key: string): Promise<void> {
    await this.run((r) => r.del(`${this.prefix}limit:${digest(key)}`));
  }

  async claimAttempt(key: string, policy: SlowdownPolicy, now = Date.now()): Promise<number> {
    const k = `${this.prefix}slowdown:${digest(key)}`;
    const wait = await this.run((r) => r.eval(CLAIM_SCRIPT, 1, k, now, policy.memorySeconds, ...slowdownDelaysMs(policy)));
    return Number(wait);
  }

  async forgive(key: string): Promise<void> {
    await this.run((r) => r.eval(FORGIVE_SCRIPT, 1, `${this.prefix}slowdown:${digest(key)}`));
  }

  private deviceKey = (token: string) => `${this.prefix}device:${digest(token)}`;

  async putDevice(token: string, staffId: string, ttlSeconds: number): Promise<void> {
    await this.run((r) => r.set(this.deviceKey(token), staffId, 'EX', ttlSeconds));
  }

  async getDevice(token: string): Promise<string | null> {
    return this.run((r) => r.get(this.deviceKey(token)));
  }

  async deleteDevice(token: string): Promise<void> {
    await this.run((r) => r.del(this.deviceKey(token)));
  }
}

/** REDIS_URL empty: one process, nothing shared, nothing survives a restart. */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory';
  private sessions = new Map<string, { rec: SessionRecord; expires: number }>();
  private counters = new Map<string, { n: number; expires: number }>();
  private slowdowns = new Map<string, { n: number; next: number; expires: number }>();
  private devices = new Map<string, { staffId: string; expires: number }>();

  async get(sid: string): Promise<SessionRecord | null> {
    const e = this.sessions.get(digest(sid));
    if (!e || e.expires <= Date.now()) return null;
    return e.rec;
  }

  async put(sid: string, rec: SessionRecord, ttlSeconds: number): Promise<void> {
    this.sweep();
    this.sessions.set(digest(sid), { rec, expires: Date.now() + ttlSeconds * 1000 });
  }

  async destroy(sid: string): Promise<void> {
    this.sessions.delete(digest(sid));
  }

  async destroyAllFor(staffId: string): Promise<number> {
    let n = 0;
    for (const [k, e] of this.sessions) if (e.rec.staffId === staffId && this.sessions.delete(k)) n += 1;
    return n;
  }

  async hit(key: string, windowSeconds: number): Promise<number> {
    const k = digest(key);
    const now = Date.now();
    const e = this.counters.get(k);
    const next = e && e.expires > now ? { n: e.n + 1, expires: e.expires } : { n: 1, expires: now + windowSeconds * 1000 };
    this.counters.set(k, next);
    return next.n;
  }

  async reset(key: string): Promise<void> {
    this.counters.delete(digest(key));
  }

  async claimAttempt(key: string, policy: SlowdownPolicy, now = Date.now()): Promise<number> {
    this.sweep(now);
    const k = digest(key);
    const e = this.slowdowns.get(k);
    const prev = e && e.expires > now ? e : { n: 0, next: 0 };
    if (now < prev.next) return prev.next - now;
    const delays = slowdownDelaysMs(policy);
    const n = prev.n + 1;
    this.slowdowns.set(k, { n, next: now + delays[Math.min(n, delays.length) - 1]!, expires: now + policy.memorySeconds * 1000 });
    return 0;
  }

  async forgive(key: string): Promise<void> {
    const e = this.slowdowns.get(digest(key));
    if (e && e.n > 0) e.n -= 1;
  }

  async putDevice(token: string, staffId: string, ttlSeconds: number): Promise<void> {
    this.sweep();
    this.devices.set(digest(token), { staffId, expires: Date.now() + ttlSeconds * 1000 });
  }

  async getDevice(token: string): Promise<string | null> {
    const e = this.devices.get(digest(token));
    return e && e.expires > Date.now() ? e.staffId : null;
  }

  async deleteDevice(token: string): Promise<void> {
    this.devices.delete(digest(token));
  }

  /** Expired entries go on writes, so the maps stay bounded by live sessions and windows. */
  private sweep(now = Date.now()) {
    for (const [k, e] of this.sessions) if (e.expires <= now) this.sessions.delete(k);
    for (const [k, e] of this.counters) if (e.expires <= now) this.counters.delete(k);
    for (const [k, e] of this.slowdowns) if (e.expires <= now) this.slowdowns.delete(k);
    for (const [k, e] of this.devices) if (e.expires <= now) this.devices.delete(k);
  }
}

function redisClient(url: string): Redis {
  const redis = new Redis(url, {
    // Fail fast instead of queueing: a login must get an answer (or a 503) now, not hang.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1000,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let down = false;
  // Without an error listener ioredis would crash the process when Redis goes away.
  redis.on('error', (err: Error) => {
    if (!down) console.error(`[admin] redis unavailable (${err.message}): staff login and session checks answer 503 until it is back`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) console.log('[admin] redis available again');
    down = false;
  });
  return redis;
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || 6379}`; // never the password
  } catch {
    return 'redis';
  }
}

// One store per process. Next compiles instrumentation, middleware and each route into separate
// bundles, each with its own module instances: the store hangs off globalThis so that all of
// them (and hot reloads in development) share one Redis connection or one in-memory map.
const KEY = Symbol.for('cbc.admin.sessionStore');
type Holder = { [KEY]?: SessionStore };

export function sessionStore(): SessionStore {
  const g = globalThis as Holder;
  if (g[KEY]) return g[KEY];
  const e = env();
  let store: SessionStore;
  if (e.redisUrl) {
    store = new RedisSessionStore(redisClient(e.redisUrl), e.redisPrefix);
    console.log(`[admin] staff sessions and login rate limits in Redis at ${describe(e.redisUrl)} (prefix ${e.redisPrefix})`);
  } else {
    store = new MemorySessionStore();
    console.warn(
      '[admin] WARNING: REDIS_URL is empty, so staff sessions and login rate limits are kept in this process: ' +
        'they are lost on restart and not shared between replicas. Set REDIS_URL for anything but a single local instance.',
    );
  }
  g[KEY] = store;
  return store;
}
