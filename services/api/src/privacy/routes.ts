import { Type } from 'typebox';
import type { Guard } from '../plugins/auth';
import type { FastifyInstance } from 'fastify';
import { ErrorEnvelope, OpaqueId } from '@cbc/contract';
import { isUnavailable } from '../ingest/group-commit';
import { UnavailableError } from '../errors';
import { auditLog } from '@cbc/db';
import type { PrivacyService } from './service';
import type { Pool } from 'pg';

const Subject = Type.Object({ guest_id: OpaqueId("The agent's guest id") }, { additionalProperties: false });
const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 415: ErrorEnvelope, 429: ErrorEnvelope, 503: ErrorEnvelope };
const Anything = Type.Record(Type.String(), Type.Unknown());

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
      summary: 'Export everything held about one guest (GDPR Art. 15 and 20)',
      description: 'Raw events (as stored: redacted), consent history and guest-level mart rows, with a manifest. An unknown guest gets an empty bundle.',
      tags: ['privacy'],
      security: [{ bearer: [] }],
      body: Subject,
      response: { 200: Anything, ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(() => privacy.export((req.body as { guest_id: string }).guest_id, req.apiKeyId ?? 'unknown')),
  });

  app.post('/privacy/delete', {
    schema: {
      summary: 'Erase one guest from raw events, marts and caches (GDPR Art. 17)',
      description:
        'Raw events with and without consent (the latter through their keyed link), their mart rows and cached answers. ' +
        'Idempotent: a second call returns a receipt with zero deletions. Consent records are retained as evidence; the receipt says so. ' +
        'Later deliveries of events that occurred before the erasure are refused (reason `erased`).',
      tags: ['privacy'],
      security: [{ bearer: [] }],
      body: Subject,
      response: { 200: Anything, ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(() => privacy.erase((req.body as { guest_id: string }).guest_id, req.apiKeyId ?? 'unknown')),
  });

  app.get('/privacy/audit', {
    schema: {
      summary: 'The latest entries of the append-only privacy audit log',
      tags: ['privacy'],
      security: [{ bearer: [] }],
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, { additionalProperties: false }),
      response: { 200: Type.Object({ entries: Type.Array(Anything) }), ...errors },
    },
    onRequest: guards,
    handler: async (req) => guarded(async () => ({ entries: await auditLog(pool, (req.query as { limit?: number }).limit ?? 100) })),
  });
}
