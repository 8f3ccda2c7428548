import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's metrics on its own registry: two apps in one process (tests) never
 * share counters. Names are the contract with k8s/monitoring (alerts and dashboards).
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames: ['method', 'route', 'status_code'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration (0.3 s is the latency SLO threshold)',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    events: new Counter({
      name: 'ingest_events_total',
      help: 'Events by type and outcome (accepted, duplicate, dropped, invalid)',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    dropped: new Counter({
      name: 'ingest_events_dropped_total',
      help: 'Dropped events by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    minimized: new Counter({
      name: 'ingest_events_minimized_total',
      help: 'Events stored without identifiers, free text or IP data, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    redactions: new Counter({
      name: 'ingest_pii_redactions_total',
      help: 'PII spans redacted from free text, by entity',
      labelNames: ['entity'] as const,
      registers: [registry],
    }),
    ipInvalid: new Counter({
      name: 'ingest_ip_invalid_total',
      help: 'Events whose context.ip was not a valid address (field dropped, event kept)',
      registers: [registry],
    }),
    flushBatchSize: new Histogram({
      name: 'ingest_flush_batch_size',
      help: 'Rows per group-commit flush',
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers: [registry],
    }),
    flushDuration: new Histogram({
      name: 'ingest_flush_duration_seconds',
      help: 'Duration of one group-commit flush (one INSERT statement)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'ingest_queue_depth',
      help: 'Rows waiting for or in a group-commit flush',
      registers: [registry],
    }),
    redactionQueueDepth: new Gauge({
      name: 'ingest_redaction_queue_depth',
      help: 'Events waiting for a redaction worker',
      registers: [registry],
    }),
    redactionRefused: new Counter({
      name: 'ingest_redaction_refused_total',
      help: 'Requests refused with 503 by the redaction workers, by reason (overloaded, redaction_failed)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'ingest_rate_limited_total',
      help: 'Requests refused with 429',
      registers: [registry],
    }),
    webhooks: new Counter({
      name: 'webhook_deliveries_total',
      help: 'Webhook deliveries by type and outcome',
      labelNames: ['webhook_type', 'outcome'] as const,
      registers: [registry],
    }),
    privacyRequests: new Counter({
      name: 'privacy_requests_total',
      help: 'Data-subject requests by kind (export, delete) and outcome (success, failure, unavailable)',
      labelNames: ['kind', 'outcome'] as const,
      registers: [registry],
    }),
    dependencyUp: new Gauge({
      name: 'dependency_up',
      help: 'Whether a dependency answered its last check (1) or not (0)',
      labelNames: ['dependency'] as const,
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
