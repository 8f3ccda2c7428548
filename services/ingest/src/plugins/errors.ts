import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors';
import { dbErrorFields } from '../logging';

// Fastify's own client errors, mapped to our stable codes.
const FASTIFY_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json', 'The body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_json', 'The body is empty'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The body is larger than allowed'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'Content-Length does not match the body'],
};

/** One error path, one error shape: `{ "error": { "code", "message", "details?" } }`. */
export default fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      const body = { error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } };
      return reply.status(err.statusCode).send(body);
    }
    if (err.validation) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath ?? ''}` || '/',
        message: v.message ?? 'is invalid',
      }));
      return reply.status(400).send({ error: { code: 'invalid_request', message: 'The request does not match its schema', details } });
    }
    const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
    if (known) {
      const [status, code, message] = known;
      return reply.status(status).send({ error: { code, message } });
    }
    if (err.statusCode === 429) return reply.status(429).send({ error: { code: 'rate_limited', message: 'Too many requests' } });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: 'bad_request', message: 'The request could not be processed' } });
    }
    // Log the cause for us (a driver error without the values it quotes); tell the caller
    // nothing about it (no stack, SQL or driver text).
    req.log.error({ err: dbErrorFields(err) }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'Internal server error' } });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}` } });
  });
});
