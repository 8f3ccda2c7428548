import { Type, type Static } from 'typebox';
import { Enum } from '../classes';

const instant = (description: string) => Type.String({ format: 'date-time', description });
const nullableInstant = (description: string) => Type.Union([instant(description), Type.Null()]);
const tally = (description: string) => Type.Record(Type.String(), Type.Number(), { description });

export const JobRun = Type.Object({
  run_id: Type.String(),
  started_at: instant('When the run started'),
  finished_at: nullableInstant('Null while running (or if the run died)'),
  duration_s: Type.Union([Type.Number(), Type.Null()]),
  status: Type.String({ description: 'running, success or failure' }),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'What the job reported (counts, model results)' }),
});
export type JobRun = Static<typeof JobRun>;

/** Mart rows dbt moved out because they held PII: counts and kinds only, never values. */
export const PiiQuarantine = Type.Object({
  rows: Type.Integer({ minimum: 0 }),
  since: nullableInstant('Oldest unreviewed finding'),
  latest_found_at: nullableInstant('Newest finding'),
  by_model: Type.Array(Type.Object({ model: Type.String(), rows: Type.Integer({ minimum: 0 }), kinds: Type.Array(Type.String()), since: instant('Oldest finding in this model') })),
  summary: Type.Union([Type.String(), Type.Null()], { description: 'One line for the Operations page; null when nothing is quarantined' }),
});
export type PiiQuarantine = Static<typeof PiiQuarantine>;

/** `GET /metrics/operations`: recent job runs, data freshness, the PII quarantine and this replica's counters. */
export const OperationsSnapshot = Type.Object({
  jobs: Type.Record(Type.String(), Type.Array(JobRun), { description: 'Latest runs per job (dbt_build, prune_retention, backup…), newest first' }),
  pii_quarantine: PiiQuarantine,
  freshness: Type.Object({
    latest_event_received_at: nullableInstant('Newest stored event'),
    lag_seconds: Type.Union([Type.Integer(), Type.Null()]),
  }),
  ingest: Type.Object({
    since: instant('When this replica started counting'),
    events_by_outcome: tally('Events by outcome (accepted, duplicate, dropped, invalid)'),
    events_by_type: tally('Events by event type'),
    dropped_by_reason: tally('Dropped events by reason'),
    minimized_by_reason: tally('Events stored minimized, by reason'),
    redactions_by_entity: tally('PII redactions by entity kind'),
    webhooks_by_outcome: tally('Webhook deliveries by outcome'),
  }, { description: "This replica's counters since it started (another replica counts its own)" }),
});
export type OperationsSnapshot = Static<typeof OperationsSnapshot>;

const DependencyState = Enum(['up', 'down', 'disabled'] as const);

/** `GET /health` and `GET /ready`. */
export const HealthStatus = Type.Object({
  status: Enum(['ok', 'ready', 'not_ready'] as const, 'ok (liveness), ready or not_ready (readiness)'),
  postgres: DependencyState,
  redis: DependencyState,
  draining: Type.Boolean({ description: 'Shutting down: finishing in-flight requests, refusing new ones' }),
});
export type HealthStatus = Static<typeof HealthStatus>;
