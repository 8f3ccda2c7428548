import { Type, type Static } from 'typebox';
import type { Guard } from '../plugins/auth';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OpaqueId, STAFF_ID_HEADER, type AuditEntry } from '@cbc/contract';
import { isUnavailable } from '../ingest/group-commit';
import { AppError, UnavailableError } from '../errors';
import { auditEntry, auditLog, subjectHash } from '@cbc/db';
import type { PrivacyService, Requester } from './service';
import type { Pool } from 'pg';
import { body, errorResponses } from '../openapi';

const Subject = Type.Object({ guest_id: OpaqueId("The agent's guest id") }, { additionalProperties: false });
const errors = errorResponses(400, 401, 403, 415, 429, 503);

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
// Other headers pass untouched: the schema only checks the one the audit log stores.
const StaffHeader = Type.Object({
  [STAFF_ID_HEADER]: Type.Optional(
    Type.String({ pattern: UUID, description: "The signed-in staff member's id; accepted only from the keys in PRIVACY_STAFF_KEY_IDS (others get 403)" }),
  ),
});

const Instant = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });
const AuditSearch = Type.Object(
  {
    guest_id: Type.Optional(OpaqueId('Only entries about this guest (matched by its keyed hash; the id itself is neither stored nor logged)')),
    from: Type.Optional(Instant('Entries at or after this instant')),
    to: Type.Optional(Instant('Entries before this instant')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

/**
 * Refuses the staff header from any key but the dashboard's: a staff id in the audit log must
 * be the word of the one system that knows who is signed in. Refused rather than ignored, so a
 * misconfigured caller learns at once that its staff ids are not being recorded.
 */
function staffHeaderGuard(staffKeyIds: ReadonlySet<string>): Guard {
  return async (req) => {
    if (req.headers[STAFF_ID_HEADER] !== undefined && !staffKeyIds.has(req.apiKeyId ?? '')) {
      throw new AppError(403, 'forbidden', `This key may not name a staff member (${STAFF_ID_HEADER})`);
    }
  };
}

function requester(req: FastifyRequest): Requester {
  const staffId = req.headers[STAFF_ID_HEADER];
  return { actor: req.apiKeyId ?? 'unknown', staffId: typeof staffId === 'string' ? staffId.toLowerCase() : null };
}

/** A storage outage is a 503 with Retry-After, like everywhere else; never driver text. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnavailable(err)) throw new UnavailableError();
    throw err;
  }
}

export interface PrivacyRouteOptions {
  guards: Guard[];
  staffKeyIds: ReadonlySet<string>;
  ledgerKey: string;
}

export function privacyRoutes(app: FastifyInstance, privacy: PrivacyService, pool: Pool, opts: PrivacyRouteOptions) {
  const guards = [...opts.guards, staffHeaderGuard(opts.staffKeyIds)];
  app.post('/privacy/export', {
    schema: {
      operationId: 'exportSubject',
      summary: 'Export everything held about one guest (GDPR Art. 15 and 20)',
      description: 'Raw events (as stored: redacted), consent history and guest-level mart rows, with a manifest. An unknown guest gets an empty bundle.',
      tags: ['privacy'],
      security: [{ privacyKey: [] }],
      headers: StaffHeader,
      body: Subject,
      response: { 200: body('ExportBundle', 'The bundle (empty for an unknown guest); the request is in the audit log'), ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(() => privacy.export((req.body as { guest_id: string }).guest_id, requester(req))),
  });

  app.post('/privacy/delete', {
    schema: {
      operationId: 'eraseSubject',
      summary: 'Erase one guest from raw events, marts and caches (GDPR Art. 17)',
      description:
        'Raw events with and without consent (the latter through their keyed link), their mart rows and cached answers. ' +
        'Idempotent: a second call returns a receipt with zero deletions. Consent records are retained as evidence; the receipt says so. ' +
        'Later deliveries of events that occurred before the erasure are refused (reason `erased`).',
      tags: ['privacy'],
      security: [{ privacyKey: [] }],
      headers: StaffHeader,
      body: Subject,
      response: { 200: body('ErasureReceipt', 'Erased (or nothing left to erase); the receipt is in the audit log'), ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(() => privacy.erase((req.body as { guest_id: string }).guest_id, requester(req))),
  });

  app.get('/privacy/audit', {
    schema: {
      operationId: 'listAuditEntries',
      summary: 'The latest entries of the append-only privacy audit log',
      tags: ['privacy'],
      security: [{ privacyKey: [] }],
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false }),
      response: { 200: body('AuditLog', 'Newest first'), ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(async () => ({ entries: (await auditLog(pool, { limit: (req.query as { limit?: number }).limit ?? 100 })) as AuditEntry[] })),
  });

  // A POST, not a GET: the guest id travels in the body, which no access log records.
  app.post('/privacy/audit/search', {
    schema: {
      operationId: 'searchAuditEntries',
      summary: 'Entries of the audit log about one guest and/or within a time range',
      description: 'The guest id is hashed with the ledger key, as the log stores it; it is not stored, logged or echoed.',
      tags: ['privacy'],
      security: [{ privacyKey: [] }],
      body: AuditSearch,
      response: { 200: body('AuditLog', 'Newest first'), ...errors },
    },
    onRequest: guards,
    handler: async (req) => {
      const q = req.body as Static<typeof AuditSearch>;
      const subject = q.guest_id === undefined ? undefined : subjectHash(opts.ledgerKey, q.guest_id);
      return guarded(async () => ({ entries: (await auditLog(pool, { limit: q.limit ?? 100, subjectHash: subject, from: q.from, to: q.to })) as AuditEntry[] }));
    },
  });

  app.get('/privacy/audit/:audit_id', {
    schema: {
      operationId: 'getAuditEntry',
      summary: 'One audit entry (the receipt of an export or an erasure)',
      tags: ['privacy'],
      security: [{ privacyKey: [] }],
      params: Type.Object({ audit_id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) }),
      response: { 200: body('AuditEntry', 'The entry'), ...errorResponses(400, 401, 403, 404, 429, 503) },
    },
    onRequest: guards,
    handler: async (req) => {
      const entry = await guarded(() => auditEntry(pool, (req.params as { audit_id: number }).audit_id));
      if (!entry) throw new AppError(404, 'not_found', 'No audit entry with this id');
      return entry as AuditEntry;
    },
  });
}
