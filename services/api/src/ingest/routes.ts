import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Guard } from '../plugins/auth';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { EventSchema, MAX_BATCH_EVENTS } from '@cbc/contract';
import { AppError } from '../errors';
import { body, errorResponses } from '../openapi';
import type { IngestPipeline } from './pipeline';

const errors = errorResponses(400, 401, 403, 413, 415, 422, 429, 503);

// The published body schemas are the full event union (OpenAPI, clients), but the union's errors
// are unreadable, and a batch must report per event. So these routes check only the outer shape
// here and validate each event with the contract's own validator, which names the failing field.
const passThrough: FastifySchemaCompiler<unknown> = () => (value) => ({ value });
const batchShape = Compile(
  Type.Object({ events: Type.Array(Type.Unknown(), { minItems: 1, maxItems: MAX_BATCH_EVENTS }) }, { additionalProperties: false }),
);
const batchValidator: FastifySchemaCompiler<unknown> = () => (value) =>
  batchShape.Check(value)
    ? { value }
    : { error: [...batchShape.Errors(value)].map((e) => ({ ...e, message: e.message })) as never };

export function ingestRoutes(app: FastifyInstance, pipeline: IngestPipeline, guards: Guard[]) {
  app.post('/ingest/event', {
    schema: {
      operationId: 'ingestEvent',
      summary: 'Ingest one event',
      description: 'Answers 202 only after the event is durably stored (or found to be a duplicate).',
      tags: ['ingest'],
      security: [{ ingestKey: [] }],
      body: EventSchema,
      response: { 202: body('EventResult', 'Stored, or found to be a duplicate, or dropped (no consent, expired, erased): durable either way'), ...errors },
    },
    validatorCompiler: passThrough,
    onRequest: guards,
    handler: async (req, reply) => {
      const [result] = await pipeline.ingest([req.body], 'api');
      if (!result || result.status === 'invalid') {
        throw new AppError(422, 'invalid_event', 'The event does not match the contract', result?.errors);
      }
      return reply.status(202).send(result);
    },
  });

  app.post('/ingest/events', {
    schema: {
      operationId: 'ingestEvents',
      summary: `Ingest up to ${MAX_BATCH_EVENTS} events`,
      description:
        'Each event gets its own status. 202 when at least one event was valid (valid events are stored even if others are invalid); 422 when none was.',
      tags: ['ingest'],
      security: [{ ingestKey: [] }],
      body: Type.Object({ events: Type.Array(EventSchema, { minItems: 1, maxItems: MAX_BATCH_EVENTS }) }),
      response: { 202: body('BatchResult', 'At least one event was valid; each has its status, in the order sent'), ...errors },
    },
    validatorCompiler: batchValidator,
    onRequest: guards,
    handler: async (req, reply) => {
      const { events } = req.body as { events: unknown[] };
      const results = await pipeline.ingest(events, 'api');
      const counts = { accepted: 0, duplicate: 0, dropped: 0, invalid: 0 };
      for (const r of results) counts[r.status] += 1;
      if (counts.invalid === results.length) {
        throw new AppError(422, 'invalid_events', 'No event in the batch matches the contract', { results });
      }
      return reply.status(202).send({ results, counts });
    },
  });
}
