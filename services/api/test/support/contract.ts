import type { FastifyInstance, InjectOptions } from 'fastify';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ERROR_CODES, ErrorEnvelope, RESPONSE_SCHEMAS, type ErrorCode } from '@cbc/contract';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  parameters?: { in: string; name: string; required?: boolean; schema: { enum?: string[] } }[];
  security?: unknown[];
  responses: Record<string, { description: string; content?: { 'application/json'?: { schema: Json } } }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes?: Record<string, Json> };
}

const COMPONENT = '#/components/schemas/';

/**
 * The contract schemas a published response schema stands for: a reference names one, a oneOf
 * several. Anything else is a response shape that did not come from the contract.
 */
export function contractSchemas(schema: Json): TSchema[] | string {
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(COMPONENT)) {
    const name = schema.$ref.slice(COMPONENT.length);
    const s = (RESPONSE_SCHEMAS as Record<string, TSchema>)[name];
    return s ? [s] : `refers to ${name}, which is not a contract schema`;
  }
  if (Array.isArray(schema.oneOf)) {
    const all: TSchema[] = [];
    for (const alt of schema.oneOf as Json[]) {
      const r = contractSchemas(alt);
      if (typeof r === 'string') return r;
      all.push(...r);
    }
    return all;
  }
  return 'is an inline schema, not one of the contract';
}

function firstErrors(schema: TSchema, body: unknown): string {
  return [...Value.Errors(schema, body)].slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

/**
 * Checks one real response against what the OpenAPI document promises for its route and status,
 * with the contract's own TypeBox schemas (fastify's serializer drops unknown fields but does not
 * fail on missing or mistyped ones). Returns what is wrong, empty when nothing is.
 */
export function responseViolations(doc: OpenApiDocument, method: string, url: string, status: number, body: unknown): string[] {
  const out: string[] = [];
  const at = `${method} ${url} → ${status}`;
  const isEnvelope = typeof body === 'object' && body !== null && 'error' in body;
  if (isEnvelope) {
    if (!Value.Check(ErrorEnvelope, body)) out.push(`${at}: not the error envelope (${firstErrors(ErrorEnvelope, body)})`);
    else {
      const code = (body as ErrorEnvelope).error.code as ErrorCode;
      if (ERROR_CODES[code] !== status) out.push(`${at}: code ${code} belongs to status ${ERROR_CODES[code]}`);
    }
  }
  const path = url.split('?')[0]!;
  const route = Object.entries(doc.paths).find(
    ([template, ops]) => ops[method.toLowerCase()] && new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  if (!route) return out;
  const response = route[1][method.toLowerCase()]!.responses[String(status)];
  if (!response) {
    if (status < 400) out.push(`${at}: status not declared in the OpenAPI document`);
    return out;
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return [...out, `${at}: declared without a JSON schema`];
  const alternatives = contractSchemas(schema);
  if (typeof alternatives === 'string') return [...out, `${at}: the response ${alternatives}`];
  if (!alternatives.some((s) => Value.Check(s, body))) {
    out.push(`${at}: does not match the contract (${alternatives.map((s) => firstErrors(s, body)).join(' | ')})`);
  }
  return out;
}

/**
 * Makes every `inject()` of this app check its response against the contract, collecting what
 * is wrong (the test file fails on close if anything was).
 */
export function checkEveryResponse(app: FastifyInstance): string[] {
  const violations: string[] = [];
  let doc: OpenApiDocument | undefined;
  const inject = app.inject.bind(app) as (opts: InjectOptions | string) => Promise<Awaited<ReturnType<FastifyInstance['inject']>>>;
  const checked = async (opts: InjectOptions | string) => {
    const res = await inject(opts);
    const o = typeof opts === 'string' ? { url: opts, method: 'GET' } : opts;
    const url = typeof o.url === 'string' ? o.url : String(o.path ?? '');
    if (!/json/.test(String(res.headers['content-type'] ?? ''))) return res;
    let body: unknown;
    try {
      body = res.json();
    } catch {
      return res;
    }
    doc ??= app.swagger() as unknown as OpenApiDocument;
    violations.push(...responseViolations(doc, (o.method ?? 'GET').toUpperCase(), url, res.statusCode, body));
    return res;
  };
  (app as unknown as { inject: typeof checked }).inject = checked;
  return violations;
}
