import { Type } from 'typebox';
import type { Guard } from '../plugins/auth';
import type { FastifyInstance } from 'fastify';
import { ErrorEnvelope } from '@cbc/contract';
import { AppError, UnavailableError } from '../errors';
import { METRICS, METRIC_TYPES, type MetricType } from './catalogue';
import type { AnalyticsService } from './service';
import { operationsSnapshot } from './queries';
import type { Metrics } from '../telemetry/registry';
import type { Pool } from 'pg';
import { SEGMENTS, WINDOWS } from './window';
import { isUnavailable } from '../ingest/group-commit';

const Query = Type.Object(
  {
    window: Type.Optional(Type.String({ maxLength: 8, description: `One of ${WINDOWS.join(', ')} (default 7d)` })),
    segment: Type.Optional(Type.String({ maxLength: 16, description: `One of ${SEGMENTS.join(', ')} (default none)` })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339; instead of window' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'RFC 3339; defaults to now' })),
  },
  { additionalProperties: false },
);

const MetricResponse = Type.Object(
  {
    metric: Type.String(),
    window: Type.Object({ from: Type.String(), to: Type.String(), bucket: Type.String() }),
    segment: Type.String(),
    min_group_size: Type.Integer(),
    series: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    totals: Type.Record(Type.String(), Type.Unknown()),
    previous_totals: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    suppressed: Type.Integer({ description: 'Cells withheld because fewer than min_group_size guests stand behind them' }),
    extras: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    data_version: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope, 429: ErrorEnvelope, 503: ErrorEnvelope };

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
      summary: 'The metric catalogue',
      tags: ['metrics'],
      security: [{ bearer: [] }],
      response: {
        200: Type.Object({
          metrics: Type.Array(Type.Object({ type: Type.String(), description: Type.String(), segments: Type.Array(Type.String()), windows: Type.Array(Type.String()) })),
        }),
        ...errors,
      },
    },
    onRequest: guards,
    handler: async () => ({
      metrics: METRIC_TYPES.map((t) => ({ type: t, description: METRICS[t].description, segments: [...METRICS[t].segments], windows: [...WINDOWS] })),
    }),
  });

  app.get('/metrics/operations', {
    schema: {
      summary: 'Pipeline health: recent job runs (dbt, pruning, backup, restore, ledger replay), data freshness, and this replica’s ingest counters',
      tags: ['metrics'],
      security: [{ bearer: [] }],
      response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errors },
    },
    onRequest: guards,
    handler: async () => {
      try {
        return { ...(await operationsSnapshot(pool)), ingest: await ingestCounters(metrics) };
      } catch (err) {
        if (isUnavailable(err)) throw new UnavailableError('Analytics storage is temporarily unavailable; retry later');
        throw err;
      }
    },
  });

  app.get('/metrics/:metric_type', {
    schema: {
      summary: 'One metric over a window, optionally by segment, with small-group suppression',
      tags: ['metrics'],
      security: [{ bearer: [] }],
      params: Type.Object({ metric_type: Type.String({ maxLength: 32 }) }),
      querystring: Query,
      response: { 200: MetricResponse, ...errors },
    },
    onRequest: guards,
    handler: async (req) => {
      const { metric_type } = req.params as { metric_type: string };
      if (!(METRIC_TYPES as readonly string[]).includes(metric_type)) {
        throw new AppError(404, 'unknown_metric', `Unknown metric "${metric_type}"`, { allowed: METRIC_TYPES });
      }
      try {
        return await analytics.get(metric_type as MetricType, req.query as Record<string, string>);
      } catch (err) {
        if (isUnavailable(err)) throw new UnavailableError('Analytics storage is temporarily unavailable; retry later');
        // undefined_table: the marts do not exist until the first dbt build.
        if ((err as { code?: string }).code === '42P01') throw new UnavailableError('Analytics models have not been built yet; run dbt', 30);
        throw err;
      }
    },
  });
}
