import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { Metrics } from '../telemetry/registry';
import { ping } from '../ingest/events-repository';

/** Tracks dependency state for /health, /ready and the dependency_up gauge. */
export class Health {
  draining = false;
  private pgOk = false;
  private checkedAt = 0;
  private inflight: Promise<boolean> | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly redis: Redis | null,
    private readonly metrics: Metrics,
  ) {}

  redisState(): 'up' | 'down' | 'disabled' {
    if (!this.redis) return 'disabled';
    return this.redis.status === 'ready' ? 'up' : 'down';
  }

  snapshot() {
    return { postgres: this.pgOk ? ('up' as const) : ('down' as const), redis: this.redisState(), draining: this.draining };
  }

  /** Checks Postgres at most once a second, however often probes come. */
  async checkPostgres(): Promise<boolean> {
    if (Date.now() - this.checkedAt < 1000) return this.pgOk;
    this.inflight ??= ping(this.pool)
      .then(() => true)
      .catch(() => false)
      .then((ok) => {
        this.pgOk = ok;
        this.checkedAt = Date.now();
        this.inflight = null;
        this.metrics.dependencyUp.set({ dependency: 'postgres' }, ok ? 1 : 0);
        this.metrics.dependencyUp.set({ dependency: 'redis' }, this.redisState() === 'up' ? 1 : 0);
        return ok;
      });
    return this.inflight;
  }

  async ready(): Promise<boolean> {
    if (this.draining) return false;
    return this.checkPostgres();
  }
}
