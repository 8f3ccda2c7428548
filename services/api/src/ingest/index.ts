import fp from 'fastify-plugin';
import { requireScope } from '../plugins/auth';
import { ingestRoutes } from './routes';

/** `POST /ingest/*`: events from the agent, through the pipeline app.ts builds. */
export const ingestModule = fp(
  async (app) => ingestRoutes(app, app.pipeline, [requireScope('ingest', app.config.keys), app.limiter.hook()]),
  { name: 'cbc-ingest', encapsulate: true, decorators: { fastify: ['config', 'pipeline', 'limiter'] } },
);
