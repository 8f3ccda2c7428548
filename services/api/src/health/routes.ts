import { Type } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { Health } from './health';

const Status = Type.Object({
  status: Type.String(),
  postgres: Type.String(),
  redis: Type.String(),
  draining: Type.Boolean(),
});

export function healthRoutes(app: FastifyInstance, health: Health) {
  // Liveness must stay cheap and never depend on Postgres or Redis, or an outage of either would
  // make Kubernetes restart every replica: it reports their last known state, nothing more.
  app.get('/health', {
    schema: { summary: 'Liveness', tags: ['operations'], response: { 200: Status } },
    logLevel: 'warn',
    handler: async () => ({ status: 'ok', ...health.snapshot() }),
  });

  app.get('/ready', {
    schema: { summary: 'Readiness: false while draining or when Postgres is unreachable', tags: ['operations'], response: { 200: Status, 503: Status } },
    logLevel: 'warn',
    handler: async (_req, reply) => {
      const ready = await health.ready();
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', ...health.snapshot() });
    },
  });
}
