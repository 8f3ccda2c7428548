import { Type, type Static } from 'typebox';

const Row = Type.Record(Type.String(), Type.Unknown());
const Rows = (description: string) => Type.Array(Row, { description });

/** `POST /privacy/export`: everything held about one guest (GDPR Art. 15 and 20). */
export const ExportBundle = Type.Object({
  export_id: Type.String({ format: 'uuid' }),
  generated_at: Type.String({ format: 'date-time' }),
  subject: Type.Object({ guest_id: Type.String() }),
  manifest: Type.Array(Type.Object({ source: Type.String({ description: 'Table the rows come from' }), count: Type.Integer({ minimum: 0 }) })),
  data: Type.Object({
    raw_events: Rows('Events as stored (free text already redacted)'),
    consent_records: Rows('Consent history'),
    marts: Type.Record(Type.String(), Rows('Rows of one guest-level mart'), { description: 'Per mart' }),
    pii_quarantine: Rows('Mart rows quarantined for holding PII'),
  }),
  notes: Type.Array(Type.String(), { description: 'What the export does and does not contain, for the guest' }),
});
export type ExportBundle = Static<typeof ExportBundle>;

/** `POST /privacy/delete`: what was erased and what was kept, and why. */
export const ErasureReceipt = Type.Object({
  receipt_id: Type.String({ format: 'uuid' }),
  erased_at: Type.String({ format: 'date-time' }),
  subject_hash: Type.String({ description: 'Keyed hash of the guest id: what the ledger and the audit log hold' }),
  deleted: Type.Object({
    raw_events: Type.Integer({ minimum: 0 }),
    minimized_events: Type.Integer({ minimum: 0, description: 'Of raw_events, those stored without a guest id, reached through their keyed link' }),
    marts: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'Rows deleted per mart' }),
    pii_quarantine: Type.Integer({ minimum: 0 }),
    redis_keys: Type.Integer({ minimum: 0, description: 'Cached metric answers dropped' }),
  }),
  retained: Type.Array(Type.Object({ store: Type.String(), rows: Type.Integer({ minimum: 0 }), reason: Type.String() })),
  ledger: Type.Union([Type.Literal('recorded'), Type.Literal('already recorded')], { description: 'Whether this request added the deletion-ledger entry' }),
});
export type ErasureReceipt = Static<typeof ErasureReceipt>;

/**
 * The header with which the dashboard names the signed-in staff member on a privacy request. The
 * API accepts it only from the keys listed in its PRIVACY_STAFF_KEY_IDS and stores it beside the
 * key name in the audit log.
 */
export const STAFF_ID_HEADER = 'x-cbc-staff-id';

export const AuditEntry = Type.Object({
  audit_id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String({ description: 'Name of the API key that made the request' }),
  actor_staff_id: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: `The staff member who made the request through the dashboard (sent as ${STAFF_ID_HEADER} with the dashboard's key); null for other keys and jobs`,
  }),
  action: Type.String({ description: 'export or delete' }),
  subject_hash: Type.Union([Type.String(), Type.Null()]),
  result: Type.String({ description: 'success or failure' }),
  details: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;

/** `GET /privacy/audit` and `POST /privacy/audit/search`: entries, newest first. */
export const AuditLog = Type.Object({ entries: Type.Array(AuditEntry) });
export type AuditLog = Static<typeof AuditLog>;
