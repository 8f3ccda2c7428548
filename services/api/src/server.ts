import http from 'node:http';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

/**
 * The process: configuration, listening, metrics port, and graceful shutdown. On SIGTERM the
 * readiness probe turns false, in-flight requests finish, the group-commit queue is flushed,
 * and only then does the process exit (docs/operations.md).
 */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const app = await buildApp(config, { startWorkers: true });
  const metricsServer = http.createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.setHeader('content-type', app.metrics.registry.contentType);
      res.end(await app.metrics.registry.metrics());
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  if (config.METRICS_PORT > 0) metricsServer.listen(config.METRICS_PORT, config.METRICS_HOST);
  await app.listen({ port: config.PORT, host: config.HOST });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'draining');
    app.health.draining = true;
    const force = setTimeout(() => {
      app.log.error('drain took too long; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await app.close(); // stops accepting, waits for in-flight requests, then onClose flushes
      metricsServer.close();
      app.log.info('drained; bye');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

void main();
