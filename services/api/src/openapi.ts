import { Type, type Static, type TSchema } from 'typebox';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { RESPONSE_SCHEMAS, errorCodesFor, type ResponseSchemaName } from '@cbc/contract';

/**
 * Registers every response schema of the contract under its name, so routes refer to it
 * (`$ref`), the serializer and the OpenAPI document share one definition, and the document
 * lists it once under components.schemas.
 */
export function registerResponseSchemas(app: FastifyInstance) {
  for (const [name, schema] of Object.entries(RESPONSE_SCHEMAS)) app.addSchema({ ...schema, $id: name });
}

/** A response of one of the contract's named schemas; typed as the schema, published as a reference. */
export const body = <N extends ResponseSchemaName>(name: N, description: string) =>
  Type.Unsafe<Static<(typeof RESPONSE_SCHEMAS)[N]>>({ $ref: `${name}#`, description });

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is malformed or a parameter is not allowed',
  401: 'Missing or invalid API key (or webhook signature)',
  403: 'This key may not use this endpoint',
  404: 'No such thing',
  413: 'The body is larger than allowed',
  415: 'The body is not application/json',
  422: 'The body is JSON but does not match the contract',
  429: 'Too many requests; see Retry-After',
  503: 'Temporarily unavailable; see Retry-After',
};

/** The error responses a route can give, each described with the codes it may carry. */
export function errorResponses<const S extends readonly (keyof typeof STATUS_TEXT)[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((s) => [s, body('ErrorEnvelope', `${STATUS_TEXT[s]}. error.code: ${errorCodesFor(s).join(', ')}`)]),
  ) as { [K in S[number]]: ReturnType<typeof body<'ErrorEnvelope'>> };
}

/**
 * Validates the given request parts against looser schemas than the published ones. Routes whose
 * parameters come from a closed list publish that list (OpenAPI enums) but check it in the handler,
 * whose error names the parameter and what it allows.
 */
export function looseValidator(loose: Partial<Record<'params' | 'querystring', TSchema>>): FastifySchemaCompiler<TSchema> {
  return (route) => {
    const schema = route.httpPart === 'params' || route.httpPart === 'querystring' ? loose[route.httpPart] : undefined;
    return TypeBoxValidatorCompiler(schema ? { ...route, schema } : route);
  };
}

const bearer = (scope: string, variable: string) => ({
  type: 'http' as const,
  scheme: 'bearer',
  description: `An API key with the ${scope} scope: \`Authorization: Bearer <key>\`, one of the keys in ${variable}.`,
});

/** The document's fixed parts; paths and components.schemas come from the routes and the contract. */
export const OPENAPI = {
  openapi: '3.0.3',
  info: {
    title: 'CBC Analytics API',
    version: '0.1.0',
    description:
      'Ingest (events and signed webhooks), analytics (metrics over the marts, with small-group suppression) and GDPR ' +
      'requests. Every error is `{ "error": { "code", "message", "details?" } }`; each code has one HTTP status.',
  },
  servers: [
    { url: '/', description: 'The host serving this document' },
    { url: 'http://127.0.0.1:8001', description: 'The local stack (make up)' },
  ],
  tags: [
    { name: 'ingest', description: 'Events from the concierge agent' },
    { name: 'webhooks', description: 'Signed webhooks (Standard Webhooks v1)' },
    { name: 'metrics', description: 'Analytics over the dbt marts' },
    { name: 'privacy', description: 'GDPR access and erasure' },
    { name: 'operations', description: 'Probes' },
  ],
  components: {
    securitySchemes: {
      ingestKey: bearer('ingest', 'INGEST_API_KEYS'),
      readKey: bearer('read', 'READ_API_KEYS'),
      privacyKey: bearer('privacy', 'PRIVACY_API_KEYS'),
    },
  },
};
