import { Type } from 'typebox';
import type { Guard } from '../plugins/auth';
import type { FastifyInstance } from 'fastify';
import { Enum, FILTERS, MetricQuery, metricSchemaName, type MetricResponse, type OperationsSnapshot } from '@cbc/contract';
import { AppError, ModelsNotBuiltError, UnavailableError } from '../errors';
import { METRICS, METRIC_TYPES, type MetricType } from './catalogue';
import type { AnalyticsService } from './service';
import { operationsSnapshot } from './queries';
import type { Metrics } from '../telemetry/registry';
import type { Pool } from 'pg';
import { WINDOWS } from './window';
import { isUnavailable } from '../ingest/group-commit';
import { body, errorResponses, looseValidator } from '../openapi';

const Params = Type.Object({ metric_type: Enum(METRIC_TYPES) });
// Published with the closed lists and patterns (the contract's MetricQuery: OpenAPI enums,
// generated clients), but checked here for shape only: the handler's 400/404 names the parameter
// and what it allows, and which filters a metric honours depends on the metric.
const metricValidator = looseValidator({
  params: Type.Object({ metric_type: Type.String({ maxLength: 32 }) }),
  querystring: Type.Object(
    {
      window: Type.Optional(Type.String({ maxLength: 16 })), segment: Type.Optional(Type.String({ maxLength: 16 })),
      from: Type.Optional(Type.String({ maxLength: 40 })), to: Type.Optional(Type.String({ maxLength: 40 })),
      bucket: Type.Optional(Type.String({ maxLength: 8 })),
      ...Object.fromEntries(FILTERS.map((f) => [f, Type.Optional(Type.String({ maxLength: 512 }))])),
    },
    { additionalProperties: false },
  ),
});

const errors = errorResponses(400, 401, 403, 404, 429, 503);

/** One response per metric type, chosen by the path parameter (OpenAPI `oneOf` with a discriminator). */
const MetricResponseSchema = Type.Unsafe<MetricResponse>({
  description: 'The metric over the window; its `metric` field says which shape it has',
  oneOf: METRIC_TYPES.map((t) => ({ $ref: `${metricSchemaName(t)}#` })),
});

/** Totals of this replica's ingest counters since it started (the Operations page's live figures). */
async function ingestCounters(metrics: Metrics) {
  const sum = async (name: string, label: string) => {
    const m = await metrics.registry.getSingleMetric(name)?.get();
    const out: Record<string, number> = {};
    for (const v of m?.values ?? []) {
      const k = String((v.labels as Record<string, unknown>)[label] ?? 'total');
      out[k] = (out[k] ?? 0) + v.value;
    }
    return out;
  };
  return {
    since: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    events_by_outcome: await sum('ingest_events_total', 'outcome'),
    events_by_type: await sum('ingest_events_total', 'type'),
    dropped_by_reason: await sum('ingest_events_dropped_total', 'reason'),
    minimized_by_reason: await sum('ingest_events_minimized_total', 'reason'),
    redactions_by_entity: await sum('ingest_pii_redactions_total', 'entity'),
    webhooks_by_outcome: await sum('webhook_deliveries_total', 'outcome'),
  };
}

export function metricsRoutes(app: FastifyInstance, analytics: AnalyticsService, pool: Pool, metrics: Metrics, guards: Guard[]) {
  app.get('/metrics', {
    schema: {
      operationId: 'listMetrics',
      summary: 'The metric catalogue',
      description: 'Every metric type with the segments, filters and windows it accepts.',
      tags: ['metrics'],
      security: [{ readKey: [] }],
      response: { 200: body('MetricCatalogue', 'The catalogue'), ...errors },
    },
    onRequest: guards,
    handler: async () => ({
      metrics: METRIC_TYPES.map((t) => ({
        type: t, description: METRICS[t].description, segments: [...METRICS[t].segments], filters: [...METRICS[t].filters], windows: [...WINDOWS],
      })),
    }),
  });

  app.get('/metrics/operations', {
    schema: {
      operationId: 'getOperations',
      summary: 'Pipeline health: recent job runs (dbt, pruning, backup, restore, ledger replay), data freshness, and this replica’s ingest counters',
      tags: ['metrics'],
      security: [{ readKey: [] }],
      response: { 200: body('OperationsSnapshot', 'The snapshot'), ...errors },
    },
    onRequest: guards,
    handler: async () => {
      try {
        return { ...(await operationsSnapshot(pool)), ingest: await ingestCounters(metrics) } as OperationsSnapshot;
      } catch (err) {
        if (isUnavailable(err)) throw new UnavailableError('Analytics storage is temporarily unavailable; retry later');
        throw err;
      }
    },
  });

  app.get('/metrics/:metric_type', {
    schema: {
      operationId: 'getMetric',
      summary: 'One metric over a window, optionally by segment and filtered, with small-group suppression',
      description:
        'Cells that fewer than min_group_size distinct guests stand behind are withheld (values null, `suppressed: true`). ' +
        'Filters narrow every number to their slice before suppression counts guests; a filter the metric cannot honour is a 400. ' +
        '503 `models_not_built` until the first dbt build has created the marts.',
      tags: ['metrics'],
      security: [{ readKey: [] }],
      params: Params,
      querystring: MetricQuery,
      response: { 200: MetricResponseSchema, ...errors },
    },
    validatorCompiler: metricValidator,
    onRequest: guards,
    handler: async (req) => {
      const { metric_type } = req.params as { metric_type: string };
      if (!(METRIC_TYPES as readonly string[]).includes(metric_type)) {
        throw new AppError(404, 'unknown_metric', `Unknown metric "${metric_type}"`, { allowed: METRIC_TYPES });
      }
      try {
        return (await analytics.get(metric_type as MetricType, req.query as Record<string, string>)) as MetricResponse;
      } catch (err) {
        if (isUnavailable(err)) throw new UnavailableError('Analytics storage is temporarily unavailable; retry later');
        // undefined_table: the marts do not exist until the first dbt build.
        if ((err as { code?: string }).code === '42P01') throw new ModelsNotBuiltError();
        throw err;
      }
    },
  });
}
