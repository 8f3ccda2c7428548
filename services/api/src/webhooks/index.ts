import fp from 'fastify-plugin';
import { bySource } from '../plugins/rate-limit';
import { webhookRoutes } from './routes';

/** `POST /webhook/cbc-agent/*`: signed webhooks, stored through the same pipeline as events. */
export const webhooksModule = fp(
  async (app) =>
    webhookRoutes(app, {
      pipeline: app.pipeline,
      keys: app.config.webhookKeys,
      redis: app.redis,
      redisPrefix: app.config.REDIS_KEY_PREFIX,
      metrics: app.metrics,
      // Per source, before the signature is checked: verifying HMACs is CPU work any caller can force.
      guards: [app.limiter.hook(bySource(app.config.IP_SALT), 'this source')],
    }),
  { name: 'cbc-webhooks', encapsulate: true, decorators: { fastify: ['config', 'pipeline', 'limiter', 'metrics', 'redis'] } },
);
