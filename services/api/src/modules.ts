import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { Config } from './config';
import type { Health } from './health/health';
import type { GroupCommitter } from './ingest/group-commit';
import type { IngestPipeline } from './ingest/pipeline';
import type { AnalyticsService } from './analytics/service';
import type { RateLimiter } from './plugins/rate-limit';
import type { Metrics } from './telemetry/registry';

/**
 * What app.ts provides to every area module: the named decorators each module declares it needs
 * (fastify-plugin checks them at registration, so a module registered before its dependencies
 * fails at boot rather than at the first request). The areas themselves are encapsulated: their
 * routes, services and pools stay inside them.
 */
declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    metrics: Metrics;
    health: Health;
    /** The ingest role's pool (writes raw). */
    db: Pool;
    /** The reader role's pool (marts), null when the analytics API is not configured. */
    readDb: Pool | null;
    redis: Redis | null;
    limiter: RateLimiter;
    committer: GroupCommitter;
    pipeline: IngestPipeline;
    /** Set by the analytics module when it runs (tests reset its data version). */
    analytics?: AnalyticsService;
  }
}
