import { Type, type Static } from 'typebox';
import { Enum } from './classes';

/** The one error shape of every endpoint: `{ "error": { "code", "message", "details?" } }`. */
export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorEnvelope' },
);
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;

export const EVENT_STATUSES = ['accepted', 'duplicate', 'dropped', 'invalid'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * Why an event was dropped (counted by reason in `ingest_events_dropped_total`). `erased`: the
 * guest was erased after the event occurred, so a late delivery of it is not stored.
 */
export const DROP_REASONS = ['no_consent', 'retention_expired', 'erased'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const EventResult = Type.Object({
  event_id: Type.Union([Type.String(), Type.Null()]),
  status: Enum(EVENT_STATUSES),
  reason: Type.Optional(Enum(DROP_REASONS)),
  minimized: Type.Optional(Type.Boolean({ description: 'Stored without identifiers, text or IP (no consent)' })),
  errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
});
export type EventResult = Static<typeof EventResult>;

export const BatchResult = Type.Object({
  results: Type.Array(EventResult),
  counts: Type.Object({
    accepted: Type.Integer(),
    duplicate: Type.Integer(),
    dropped: Type.Integer(),
    invalid: Type.Integer(),
  }),
});
export type BatchResult = Static<typeof BatchResult>;
