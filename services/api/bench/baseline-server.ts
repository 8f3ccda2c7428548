// Baseline A of the HTTP metrics: bare fastify 5, one route that parses the same JSON body the
// API gets (fastify's default JSON parser) and replies 202 {status:'accepted'}. No logger, no
// auth, no validation, no database: the cost of HTTP + JSON in Node, which the API cannot beat.
// ingest.ts compiles this file with esbuild to bench/dist/baseline-server.js and runs it with plain
// `node`, exactly like the API's dist/server.js, so neither process carries a TypeScript loader.
import Fastify from 'fastify';

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

const app = Fastify({ bodyLimit: 1_048_576 });

app.post('/ingest/event', async (req, reply) => {
  if (typeof req.body !== 'object' || req.body === null) return reply.status(400).send({ status: 'invalid' });
  return reply.status(202).send({ status: 'accepted' });
});

await app.listen({ port, host });

const stop = () => {
  void app.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
