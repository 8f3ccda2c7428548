import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import pg from 'pg';
import type { Redis } from 'ioredis';
import type { CountryCode } from '@cbc/privacy';
import type { Config } from './config';
import { Health } from './health/health';
import { createMetrics } from './telemetry/registry';
import errors, { clientErrorHandler, frameworkErrors } from './plugins/errors';
import httpMetrics from './telemetry/http-metrics';
import { RateLimiter } from './plugins/rate-limit';
import { analyticsModule } from './analytics';
import { healthModule } from './health';
import { ingestModule } from './ingest';
import { privacyModule } from './privacy';
import { webhooksModule } from './webhooks';
import './modules';
import { GroupCommitter } from './ingest/group-commit';
import { IngestPipeline } from './ingest/pipeline';
import { RedactionPool } from './ingest/redaction-pool';
import { retentionFromDatabase } from './ingest/retention';
import { createRedis } from './redis';
import { loggerOptions, requestLogging } from './logging';
import { OPENAPI, registerResponseSchemas } from './openapi';

export interface BuildOptions {
  /** Replace the logger destination (tests capture log lines to check what they contain). */
  logStream?: NodeJS.WritableStream;
  /** Start the redaction workers at boot rather than at the first long text (the server does). */
  startWorkers?: boolean;
}

/**
 * The redaction worker's entry point. This module is bundled into dist/server.js and the worker
 * into dist/redaction-worker.js, the same relative place as src/app.ts and
 * src/redaction-worker.ts, so one relative URL serves the bundle and the sources (tsx, vitest).
 */
function redactionWorkerUrl(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './redaction-worker.ts' : './redaction-worker.js', import.meta.url);
}

/**
 * Builds the API without listening: tests drive it through `inject()`, and
 * server.ts owns the port, signals and shutdown.
 */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL, opts.logStream),
    ...requestLogging(),
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    return503OnClosing: true,
    // Requests refused before routing (bad URL) or by node's parser (oversized headers,
    // contradictory framing) get the same envelope as every other error.
    frameworkErrors,
    clientErrorHandler,
    ajv: undefined,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // JSON only: fastify also parses text/plain by default, which would turn a wrong content type
  // into a confusing schema error instead of a 415.
  app.removeContentTypeParser('text/plain');

  const metrics = createMetrics();
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    connectionTimeoutMillis: config.DB_TIMEOUT_MS,
    query_timeout: config.DB_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: 'cbc-ingest',
  });
  // A backend killed under an idle pooled client emits 'error' on the pool: log it, never crash.
  pool.on('error', (err) => app.log.warn({ err: err.message }, 'idle postgres client lost'));
  // The metrics API reads marts as the reader role, through a replica when DATABASE_READ_URL
  // points at one, so dashboards never compete with ingest writes.
  const readPool = config.DATABASE_READ_URL
    ? new pg.Pool({
        connectionString: config.DATABASE_READ_URL,
        max: config.DATABASE_READ_POOL_MAX,
        connectionTimeoutMillis: config.DB_TIMEOUT_MS,
        idleTimeoutMillis: 30_000,
        application_name: 'cbc-metrics',
        options: '-c timezone=UTC',
      })
    : null;
  readPool?.on('error', (err) => app.log.warn({ err: err.message }, 'idle postgres reader client lost'));
  const redis: Redis | null = config.REDIS_URL ? createRedis(config.REDIS_URL, app.log) : null;
  if (!redis) app.log.warn('REDIS_URL is empty: rate limits and webhook fast-path dedupe run in-process only');

  const committer = new GroupCommitter(
    pool,
    {
      intervalMs: config.FLUSH_INTERVAL_MS,
      maxRows: config.FLUSH_MAX_ROWS,
      maxInflight: config.FLUSH_MAX_INFLIGHT,
      maxQueued: config.QUEUE_MAX_ROWS,
      policy: {
        defaultGranted: config.CONSENT_DEFAULT === 'granted',
        dropWithoutConsent: config.NO_CONSENT_ACTION === 'drop',
        ledgerKey: config.PRIVACY_LEDGER_KEY,
      },
    },
    metrics,
    app.log,
  );
  const retentionMonths = retentionFromDatabase(pool, {
    browsing: config.RETENTION_BROWSING_MONTHS,
    service: config.RETENTION_SERVICE_MONTHS,
    consent: config.RETENTION_CONSENT_MONTHS,
  });
  const privacyOptions = {
    collectPii: config.COLLECT_PII,
    ipSalt: config.IP_SALT,
    ipHashRotation: config.IP_HASH_ROTATION,
    phoneRegions: config.PHONE_REGIONS.split(',') as CountryCode[],
  };
  const redactionPool =
    config.redactionWorkers > 0
      ? new RedactionPool({
          size: config.redactionWorkers,
          maxQueued: config.REDACTION_QUEUE_MAX,
          workerUrl: redactionWorkerUrl(),
          privacy: privacyOptions,
          onDepth: (n) => metrics.redactionQueueDepth.set(n),
        })
      : undefined;
  if (opts.startWorkers) redactionPool?.start();
  const pipeline = new IngestPipeline(
    committer,
    {
      privacy: privacyOptions,
      redactionPool,
      offloadChars: config.REDACTION_OFFLOAD_CHARS,
      retentionMonths,
    },
    metrics,
  );
  const health = new Health(pool, redis, metrics);
  const limiter = new RateLimiter({ redis, prefix: config.REDIS_KEY_PREFIX, max: config.RATE_LIMIT_MAX, windowMs: config.RATE_LIMIT_WINDOW_MS, metrics });

  app.decorate('config', config);
  app.decorate('metrics', metrics);
  app.decorate('health', health);
  app.decorate('db', pool);
  app.decorate('readDb', readPool);
  app.decorate('redis', redis);
  app.decorate('limiter', limiter);
  app.decorate('committer', committer);
  app.decorate('pipeline', pipeline);

  await app.register(errors);
  await app.register(httpMetrics, { metrics });
  // Response schemas are registered by name so the document lists each once under
  // components.schemas and every route refers to it there.
  await app.register(swagger, { openapi: OPENAPI, refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) } });
  registerResponseSchemas(app);
  if (config.DOCS_UI) {
    // Swagger UI's assets ship in the package and are served from here: the page fetches nothing
    // from elsewhere (the CSP below says so to the browser too). It also serves /docs/json.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true },
      staticCSP: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
      logLevel: 'warn',
    });
  }

  // Each area is a module that owns its routes, service and SQL and declares the decorators it
  // needs; the order below is the order they appear in the OpenAPI document.
  await app.register(ingestModule);
  await app.register(webhooksModule);
  await app.register(analyticsModule);
  await app.register(privacyModule);
  await app.register(healthModule);
  if (!config.DOCS_UI) app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger());

  // While draining, answer in-flight requests with `Connection: close`, so keep-alive sockets end
  // with their last response instead of holding close() open until the grace period runs out.
  app.addHook('onSend', async (_req, reply) => {
    if (health.draining) reply.header('connection', 'close');
  });

  app.addHook('onClose', async () => {
    await committer.drain();
    await redactionPool?.close();
    await pool.end();
    await readPool?.end();
    if (redis) redis.disconnect();
  });
  // Read the retention policy now, so no request waits on it (a request parked on that read
  // would miss a graceful shutdown's queue drain). With the database away at boot, the first
  // ingest reads it instead.
  await retentionMonths().catch(() => undefined);
  await health.checkPostgres();
  return app;
}
