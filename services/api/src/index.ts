// What other workspaces use of the API service: the app (tests and benches start it in-process)
// and its configuration loader (the chart's env contract checks it).
export { buildApp, type BuildOptions } from './app';
export { loadConfig, ConfigError, type Config } from './config';
export * from './analytics/public';
