import { join } from 'node:path';

/** Where the local stack keeps its state: everything under .local/ (git-ignored). */
export const ROOT = new URL('../..', import.meta.url).pathname;
export const LOCAL = join(ROOT, '.local');
export const PATHS = {
  pgData: join(LOCAL, 'pg'),
  redis: join(LOCAL, 'redis'),
  logs: join(LOCAL, 'logs'),
  run: join(LOCAL, 'run'),
  secrets: join(LOCAL, 'secrets.json'),
  stackEnv: join(LOCAL, 'stack.env'),
};
export const PORTS = {
  postgres: Number(process.env.LOCAL_PG_PORT ?? 55432),
  redis: Number(process.env.LOCAL_REDIS_PORT ?? 6390),
  api: Number(process.env.PORT ?? 8001),
  metrics: Number(process.env.METRICS_PORT ?? 9464),
};
export const DATABASE = 'cbc';
