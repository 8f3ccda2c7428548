// What other workspaces use of the API service: the app (tests and benches start it in-process)
// and its configuration loader (the chart's env contract checks it).
export { buildApp, type BuildOptions } from './app';
export { loadConfig, ConfigError, type Config } from './config';
export { metricParams, queryCells } from './analytics/cells';
export { METRICS, METRIC_TYPES, type MetricType } from './analytics/catalogue';
export { resolveWindow, WINDOWS, type Segment } from './analytics/window';
