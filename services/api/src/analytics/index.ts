import fp from 'fastify-plugin';
import { requireScope } from '../plugins/auth';
import { registerOpsGauges } from '../telemetry/ops-gauges';
import { metricsRoutes } from './routes';
import { AnalyticsService } from './service';

/**
 * `GET /metrics/*` (the analytics API) and the operations snapshot, on the reader role's pool.
 * Not encapsulated: it decorates `analytics`, whose data version the tests reset.
 */
export const analyticsModule = fp(
  async (app) => {
    const pool = app.readDb;
    if (!pool) return;
    const analytics = new AnalyticsService(pool, app.redis, {
      minGroupSize: app.config.MIN_GROUP_SIZE,
      cacheTtlSeconds: app.config.METRICS_CACHE_TTL_SECONDS,
      redisPrefix: app.config.REDIS_KEY_PREFIX,
      timeZone: app.config.REPORTING_TIME_ZONE,
    });
    app.decorate('analytics', analytics);
    metricsRoutes(app, analytics, pool, app.metrics, [requireScope('read', app.config.keys), app.limiter.hook()]);
    registerOpsGauges(app.metrics, pool);
  },
  { name: 'cbc-analytics', decorators: { fastify: ['config', 'readDb', 'redis', 'limiter', 'metrics'] } },
);
