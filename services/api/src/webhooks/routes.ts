import { Type } from 'typebox';
import type { Guard } from '../plugins/auth';
import type { FastifyInstance } from 'fastify';
import { Enum, WEBHOOK_DATA_SCHEMAS, WEBHOOK_TOLERANCE_SECONDS, WEBHOOK_TYPES, isWebhookType, validateWebhook, verifyWebhook } from '@cbc/contract';
import type { Redis } from 'ioredis';
import { AppError, unauthorized } from '../errors';
import { body, errorResponses } from '../openapi';
import type { Metrics } from '../telemetry/registry';
import type { IngestPipeline } from '../ingest/pipeline';
import { webhookToEvent } from './to-event';

export interface WebhookDeps {
  pipeline: IngestPipeline;
  keys: readonly Buffer[];
  redis: Redis | null;
  /** Redis key prefix (not `prefix`: that is fastify's route-prefix option). */
  redisPrefix: string;
  metrics: Metrics;
  /** Run before the body is read: the signature check is CPU work any caller can force. */
  guards: Guard[];
}

const SEEN_TTL_SECONDS = 7 * 24 * 3600;
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Standard Webhooks receiver. Registered as its own plugin so its raw-body JSON parser applies
 * to these routes only: the signature covers the bytes exactly as sent.
 */
export async function webhookRoutes(app: FastifyInstance, deps: WebhookDeps) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/webhook/cbc-agent/:webhook_type', {
    schema: {
      operationId: 'receiveWebhook',
      summary: 'Receive a signed webhook from the concierge agent',
      description: `Types: ${WEBHOOK_TYPES.join(', ')}. Signed with Standard Webhooks v1: the signature covers \`{webhook-id}.{webhook-timestamp}.{body}\` exactly as sent.`,
      tags: ['webhooks'],
      // No API key: the webhook-* headers below are the credential.
      security: [],
      params: Type.Object({ webhook_type: Enum(WEBHOOK_TYPES, "Must match the body's type") }),
      headers: Type.Object({
        'webhook-id': Type.String({ maxLength: 256, pattern: '^[A-Za-z0-9_-]+$', description: 'Unique per message; redeliveries repeat it (the dedupe key)' }),
        'webhook-timestamp': Type.String({ pattern: '^[0-9]{1,12}$', description: `Unix seconds; refused more than ${WEBHOOK_TOLERANCE_SECONDS} s from now` }),
        'webhook-signature': Type.String({ description: 'Space-separated `v1,<base64 HMAC-SHA256>` signatures (several during key rotation)' }),
      }),
      body: Type.Union(WEBHOOK_TYPES.map((t) => Type.Object({ type: Type.Literal(t), data: WEBHOOK_DATA_SCHEMAS[t] }))),
      response: {
        200: body('EventResult', 'Already received (a redelivery) or dropped; nothing new stored'),
        202: body('EventResult', 'Stored'),
        ...errorResponses(400, 401, 404, 413, 415, 422, 429, 503),
      },
    },
    // Everything is checked in the handler: the body is the raw Buffer until the signature holds
    // (then validated by the contract), and a missing signature header is a 401, not a schema error.
    validatorCompiler: () => (value) => ({ value }),
    onRequest: deps.guards,
    handler: async (req, reply) => {
      const { webhook_type } = req.params as { webhook_type: string };
      const label = isWebhookType(webhook_type) ? webhook_type : 'unknown';
      const outcome = (o: string) => deps.metrics.webhooks.inc({ webhook_type: label, outcome: o });
      const body = req.body as Buffer;
      const v = verifyWebhook(deps.keys, {
        id: header(req.headers['webhook-id']),
        timestamp: header(req.headers['webhook-timestamp']),
        signature: header(req.headers['webhook-signature']),
      }, Buffer.isBuffer(body) ? body : Buffer.alloc(0));
      if (!v.ok) {
        outcome('unauthorized');
        req.log.info({ reason: v.reason }, 'webhook rejected');
        throw unauthorized();
      }
      if (!isWebhookType(webhook_type)) {
        outcome('unknown_type');
        throw new AppError(404, 'unknown_webhook_type', `Unknown webhook type; expected one of: ${WEBHOOK_TYPES.join(', ')}`);
      }
      // Fast path for redeliveries; Postgres (the event id's unique key) stays the source of truth.
      const seenKey = `${deps.redisPrefix}wh:${v.id}`;
      if (deps.redis?.status === 'ready') {
        const seen = await deps.redis.exists(seenKey).catch(() => 0);
        if (seen) {
          outcome('duplicate');
          return reply.status(200).send({ event_id: null, status: 'duplicate' });
        }
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        outcome('invalid');
        throw new AppError(400, 'malformed_json', 'The body is not valid JSON');
      }
      const w = validateWebhook(webhook_type, parsed);
      if (!w.ok) {
        outcome('invalid');
        throw new AppError(422, 'invalid_webhook', 'The webhook payload does not match the contract', w.errors);
      }
      const [result] = await deps.pipeline.ingest([webhookToEvent(webhook_type, v.id, w.data)], 'webhook');
      if (!result || result.status === 'invalid') {
        outcome('invalid');
        throw new AppError(422, 'invalid_webhook', 'The webhook payload does not match the contract', result?.errors);
      }
      outcome(result.status);
      if (deps.redis?.status === 'ready') await deps.redis.set(seenKey, '1', 'EX', SEEN_TTL_SECONDS).catch(() => {});
      return reply.status(result.status === 'accepted' ? 202 : 200).send(result);
    },
  });
}
