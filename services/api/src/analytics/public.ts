// What the ops CLI uses of the analytics API (explain-metric, the analytics bench): the catalogue,
// the windows and the query text and parameters. Nothing here reaches fastify, so the jobs bundle
// does not need the API's server dependencies.
export { metricParams, queryCells } from './cells';
export { FILTERS, parseFilters } from './filters';
export { METRICS, METRIC_TYPES, type MetricType } from './catalogue';
export { resolveWindow, WINDOWS, type Segment } from './window';
export { DEFAULT_REPORTING_TIME_ZONE, timeZoneProblem } from './zone';
