import { Type } from 'typebox';
import type { Guard } from '../plugins/auth';
import type { FastifyInstance } from 'fastify';
import { OpaqueId, type AuditEntry } from '@cbc/contract';
import { isUnavailable } from '../ingest/group-commit';
import { UnavailableError } from '../errors';
import { auditLog } from '@cbc/db';
import type { PrivacyService } from './service';
import type { Pool } from 'pg';
import { body, errorResponses } from '../openapi';

const Subject = Type.Object({ guest_id: OpaqueId("The agent's guest id") }, { additionalProperties: false });
const errors = errorResponses(400, 401, 403, 415, 429, 503);

/** A storage outage is a 503 with Retry-After, like everywhere else; never driver text. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnavailable(err)) throw new UnavailableError();
    throw err;
  }
}

export function privacyRoutes(app: FastifyInstance, privacy: PrivacyService, pool: Pool, guards: Guard[]) {
  app.post('/privacy/export', {
    schema: {
      operationId: 'exportSubject',
      summary: 'Export everything held about one guest (GDPR Art. 15 and 20)',
      description: 'Raw events (as stored: redacted), consent history and guest-level mart rows, with a manifest. An unknown guest gets an empty bundle.',
      tags: ['privacy'],
      security: [{ privacyKey: [] }],
      body: Subject,
      response: { 200: body('ExportBundle', 'The bundle (empty for an unknown guest); the request is in the audit log'), ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(() => privacy.export((req.body as { guest_id: string }).guest_id, req.apiKeyId ?? 'unknown')),
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
      body: Subject,
      response: { 200: body('ErasureReceipt', 'Erased (or nothing left to erase); the receipt is in the audit log'), ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(() => privacy.erase((req.body as { guest_id: string }).guest_id, req.apiKeyId ?? 'unknown')),
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
    handler: async (req) => guarded(async () => ({ entries: (await auditLog(pool, (req.query as { limit?: number }).limit ?? 100)) as AuditEntry[] })),
  });
}
