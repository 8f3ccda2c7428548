import type { TSchema } from 'typebox';
import { ErrorEnvelope } from './errors';
import { BatchResult, EventResult } from './ingest';
import { METRIC_TYPES, type MetricType } from './metric-vocabulary';
import { MetricCatalogue, METRIC_RESPONSES } from './metrics';
import { HealthStatus, OperationsSnapshot } from './operations';
import { AuditEntry, AuditLog, ErasureReceipt, ExportBundle } from './privacy';

export * from './errors';
export * from './ingest';
export * from './metric-vocabulary';
export * from './metrics';
export * from './operations';
export * from './privacy';

type Pascal<S extends string> = S extends `${infer H}_${infer R}` ? `${Capitalize<H>}${Pascal<R>}` : Capitalize<S>;
export type MetricSchemaName<T extends MetricType = MetricType> = `${Pascal<T>}Metric`;
/** The component name of one metric's response: page_views → PageViewsMetric. */
export const metricSchemaName = <T extends MetricType>(t: T) =>
  `${t.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Metric` as MetricSchemaName<T>;

/**
 * Every response body of the API under the name it has in the OpenAPI document's
 * components.schemas. The schemas themselves carry no `$id`, so they nest and compose freely;
 * the API registers each under its name and its routes refer to that name.
 */
export const RESPONSE_SCHEMAS = {
  ErrorEnvelope,
  EventResult,
  BatchResult,
  MetricCatalogue,
  ...(Object.fromEntries(METRIC_TYPES.map((t) => [metricSchemaName(t), METRIC_RESPONSES[t]])) as {
    [T in MetricType as MetricSchemaName<T>]: (typeof METRIC_RESPONSES)[T];
  }),
  OperationsSnapshot,
  HealthStatus,
  ExportBundle,
  ErasureReceipt,
  AuditEntry,
  AuditLog,
} as const satisfies Record<string, TSchema>;
export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
