import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, METRIC_TYPES, RESPONSE_SCHEMAS, SEGMENTS, WINDOWS, exampleEvent } from '@cbc/contract';
import { contractSchemas, responseViolations, type OpenApiDocument } from '../support/contract';
import { auth, PRIVACY_KEY, READ_KEY, startApp, type TestApp } from '../support/app';

// The API's published contract: every response a named schema of @cbc/contract, the OpenAPI
// document describing every route with it, and the browsable reference at /docs. Every response
// of every integration test is also checked against the contract by test/support/contract.ts.
const reader = { authorization: `Bearer ${READ_KEY}` };
const officer = { authorization: `Bearer ${PRIVACY_KEY}` };
let t: TestApp;
let doc: OpenApiDocument;

beforeAll(async () => {
  t = await startApp();
  doc = (await t.app.inject({ url: '/docs/json' })).json();
});
afterAll(async () => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })));

describe('the OpenAPI document', () => {
  it('has a unique operationId for every route', () => {
    const ops = operations();
    expect(ops.map((o) => o.at).sort()).toEqual(
      [
        'POST /ingest/event', 'POST /ingest/events', 'POST /webhook/cbc-agent/{webhook_type}', 'GET /metrics', 'GET /metrics/operations',
        'GET /metrics/{metric_type}', 'POST /privacy/export', 'POST /privacy/delete', 'GET /privacy/audit', 'POST /privacy/audit/search',
        'GET /privacy/audit/{audit_id}', 'GET /health', 'GET /ready',
      ].sort(),
    );
    expect(ops.filter((o) => !o.op.operationId).map((o) => o.at)).toEqual([]);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
  });

  it('describes every response (no "Default Response") with a named schema of the contract', () => {
    const bad: string[] = [];
    for (const { at, op } of operations()) {
      for (const [status, r] of Object.entries(op.responses)) {
        if (!r.description || /default response/i.test(r.description)) bad.push(`${at} ${status}: description "${r.description}"`);
        const schema = r.content?.['application/json']?.schema;
        const named = schema ? contractSchemas(schema) : 'has no JSON schema';
        if (typeof named === 'string') bad.push(`${at} ${status}: ${named}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('lists every contract schema under components.schemas', () => {
    expect(Object.keys(doc.components.schemas).sort()).toEqual(Object.keys(RESPONSE_SCHEMAS).sort());
    const codes = (doc.components.schemas.ErrorEnvelope as { properties: { error: { properties: { code: { enum: string[] } } } } }).properties.error.properties.code.enum;
    expect(codes).toEqual(Object.keys(ERROR_CODES));
  });

  it('gives windows, segments and metric types as enums', () => {
    const params = doc.paths['/metrics/{metric_type}']!.get!.parameters ?? [];
    const enumOf = (name: string) => params.find((p) => p.name === name)?.schema.enum;
    expect(enumOf('window')).toEqual([...WINDOWS]);
    expect(enumOf('segment')).toEqual([...SEGMENTS]);
    expect(enumOf('metric_type')).toEqual([...METRIC_TYPES]);
  });

  it('declares the webhook signature headers, the servers and a security scheme per API key scope', () => {
    const op = doc.paths['/webhook/cbc-agent/{webhook_type}']!.post!;
    expect((op.parameters ?? []).filter((p) => p.in === 'header' && p.required).map((p) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    expect((doc as unknown as { servers: unknown[] }).servers.length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.securitySchemes ?? {}).sort()).toEqual(['ingestKey', 'privacyKey', 'readKey']);
    const secured = operations().filter((o) => !['GET /health', 'GET /ready', 'POST /webhook/cbc-agent/{webhook_type}'].includes(o.at));
    expect(secured.filter((o) => !o.op.security?.length).map((o) => o.at)).toEqual([]);
  });
});

describe('responses match the contract', () => {
  it('a real answer of every kind passes, and the check fails on one with a field missing', async () => {
    const event = exampleEvent('search');
    const answers = [
      await t.app.inject({ method: 'POST', url: '/ingest/event', headers: auth, payload: event }),
      await t.app.inject({ method: 'POST', url: '/ingest/events', headers: auth, payload: { events: [exampleEvent('page_view'), { type: 'nope' }] } }),
      await t.app.inject({ url: '/metrics', headers: reader }),
      await t.app.inject({ url: '/metrics/operations', headers: reader }),
      await t.app.inject({ url: '/metrics/realtime', headers: reader }),
      await t.app.inject({ method: 'POST', url: '/privacy/export', headers: officer, payload: { guest_id: event.guest_id } }),
      await t.app.inject({ method: 'POST', url: '/privacy/delete', headers: officer, payload: { guest_id: event.guest_id } }),
      await t.app.inject({ url: '/privacy/audit', headers: officer }),
      await t.app.inject({ url: '/health' }),
      await t.app.inject({ url: '/ready' }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([202, 202, 200, 200, 200, 200, 200, 200, 200, 200]);
    expect(t.contractViolations).toEqual([]);

    const realtime = answers[4]!.json() as Record<string, unknown>;
    const { totals: _dropped, ...withoutTotals } = realtime;
    expect(responseViolations(doc, 'GET', '/metrics/realtime', 200, withoutTotals)).toEqual([expect.stringMatching(/does not match the contract/)]);
    const receipt = answers[6]!.json() as { deleted: Record<string, unknown> };
    const wrong = { ...receipt, deleted: { ...receipt.deleted, raw_events: 'none' } };
    expect(responseViolations(doc, 'POST', '/privacy/delete', 200, wrong)).toEqual([expect.stringMatching(/raw_events/)]);
  });

  it('marts not built yet → 503 models_not_built, not the outage code', async () => {
    const res = await t.app.inject({ url: '/metrics/overview', headers: reader });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: { code: 'models_not_built' } });
    expect(res.headers['retry-after']).toBe('30');
  });

  it('an error whose code belongs to another status is caught', () => {
    expect(responseViolations(doc, 'GET', '/metrics/overview', 503, { error: { code: 'invalid_parameter', message: 'x' } })).toEqual([
      expect.stringMatching(/invalid_parameter belongs to status 400/),
    ]);
  });
});

describe('the reference page at /docs', () => {
  it('loads, with its assets from this server only', async () => {
    const page = await t.app.inject({ url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('<div id="swagger-ui">');
    expect(String(page.headers['content-security-policy'])).toMatch(/default-src 'self'/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(3);
    // Same origin, under /docs: nothing from a CDN.
    expect(assets.filter((a) => !a.startsWith('/docs/'))).toEqual([]);
    for (const a of assets) expect((await t.app.inject({ url: a })).statusCode, a).toBe(200);
    const init = (await t.app.inject({ url: '/docs/static/swagger-initializer.js' })).body;
    // It reads this server's document, and sends it to no online validator.
    expect(init).toContain("resolveUrl('./json')");
    expect(init).toMatch(/validatorUrl: null/);
  });

  it('is not served when DOCS_UI=false; the document still is', async () => {
    const off = await startApp({ DOCS_UI: 'false' });
    try {
      expect((await off.app.inject({ url: '/docs' })).statusCode).toBe(404);
      const json = await off.app.inject({ url: '/docs/json' });
      expect(json.statusCode).toBe(200);
      expect(Object.keys(json.json().paths)).toContain('/metrics/{metric_type}');
    } finally {
      await off.close();
    }
  });
});
