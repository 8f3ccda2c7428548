import fp from 'fastify-plugin';
import { healthRoutes } from './routes';

/** `/health` and `/ready`, from the dependency state app.ts keeps. */
export const healthModule = fp(async (app) => healthRoutes(app, app.health), {
  name: 'cbc-health',
  encapsulate: true,
  decorators: { fastify: ['health'] },
});
