import type { FastifyInstance } from 'fastify';
import type { Health } from './health';
import { body } from '../openapi';

export function healthRoutes(app: FastifyInstance, health: Health) {
  // Liveness must stay cheap and never depend on Postgres or Redis, or an outage of either would
  // make Kubernetes restart every replica: it reports their last known state, nothing more.
  app.get('/health', {
    schema: {
      operationId: 'getHealth',
      summary: 'Liveness',
      description: 'Always 200 while the process serves requests; Postgres and Redis are reported as last seen, never probed.',
      tags: ['operations'],
      response: { 200: body('HealthStatus', 'The process is alive') },
    },
    logLevel: 'warn',
    handler: async () => ({ status: 'ok' as const, ...health.snapshot() }),
  });

  app.get('/ready', {
    schema: {
      operationId: 'getReady',
      summary: 'Readiness: false while draining or when Postgres is unreachable',
      tags: ['operations'],
      response: {
        200: body('HealthStatus', 'Ready to take traffic'),
        503: body('HealthStatus', 'Not ready (draining, or Postgres unreachable): take this replica out of the Service'),
      },
    },
    logLevel: 'warn',
    handler: async (_req, reply) => {
      const ready = await health.ready();
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', ...health.snapshot() });
    },
  });
}
