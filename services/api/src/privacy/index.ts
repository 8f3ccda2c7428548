import fp from 'fastify-plugin';
import pg from 'pg';
import { requireScope } from '../plugins/auth';
import { privacyRoutes } from './routes';
import { PrivacyService } from './service';

/**
 * `/privacy/*` (GDPR export and erasure) on its own pool under the privacy role, which only this
 * module holds. Off unless a privacy database URL and a privacy key are configured.
 */
export const privacyModule = fp(
  async (app) => {
    const { config } = app;
    if (!config.DATABASE_PRIVACY_URL || config.keys.privacy.length === 0) return;
    const pool = new pg.Pool({
      connectionString: config.DATABASE_PRIVACY_URL,
      max: 2,
      connectionTimeoutMillis: config.DB_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      application_name: 'cbc-privacy',
    });
    pool.on('error', (err) => app.log.warn({ err: err.message }, 'idle postgres privacy client lost'));
    const privacy = new PrivacyService(pool, app.redis, app.metrics, { ledgerKey: config.PRIVACY_LEDGER_KEY, redisPrefix: config.REDIS_KEY_PREFIX });
    privacyRoutes(app, privacy, pool, {
      guards: [requireScope('privacy', config.keys), app.limiter.hook()],
      staffKeyIds: config.staffKeyIds,
      ledgerKey: config.PRIVACY_LEDGER_KEY,
    });
    app.addHook('onClose', async () => pool.end());
  },
  { name: 'cbc-privacy', encapsulate: true, decorators: { fastify: ['config', 'redis', 'limiter', 'metrics'] } },
);
