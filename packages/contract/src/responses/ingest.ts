import { Type, type Static } from 'typebox';
import { Enum } from '../classes';

export const EVENT_STATUSES = ['accepted', 'duplicate', 'dropped', 'invalid'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/**
 * Why an event was dropped (counted by reason in `ingest_events_dropped_total`). `erased`: the
 * guest was erased after the event occurred, so a late delivery of it is not stored.
 */
export const DROP_REASONS = ['no_consent', 'retention_expired', 'erased'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

const FieldError = Type.Object({ path: Type.String({ description: 'JSON pointer of the failing field' }), message: Type.String() });

/** What became of one event (one element of a batch, one webhook delivery). */
export const EventResult = Type.Object({
  event_id: Type.Union([Type.String(), Type.Null()], { description: 'Null for a webhook redelivery answered from the dedupe cache' }),
  status: Enum(EVENT_STATUSES),
  reason: Type.Optional(Enum(DROP_REASONS, 'Why a dropped event was not stored')),
  minimized: Type.Optional(Type.Boolean({ description: 'Stored without identifiers, text or IP (no consent)' })),
  errors: Type.Optional(Type.Array(FieldError, { description: 'Why an invalid event was refused, per field' })),
});
export type EventResult = Static<typeof EventResult>;

export const BatchResult = Type.Object({
  results: Type.Array(EventResult, { description: 'One per event, in the order sent' }),
  counts: Type.Object({
    accepted: Type.Integer(),
    duplicate: Type.Integer(),
    dropped: Type.Integer(),
    invalid: Type.Integer(),
  }),
});
export type BatchResult = Static<typeof BatchResult>;
