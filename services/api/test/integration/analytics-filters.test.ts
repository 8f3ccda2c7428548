import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_FILTERS, type FilterName } from '@cbc/contract';
import { METRIC_TYPES } from '../../src/analytics/catalogue';
import { READ_KEY, startApp, type TestApp } from '../support/app';

// Filters and bucket parameters the API must refuse, each with a 4xx in the one error envelope
// that names the parameter, before any query runs (so these hold with no marts built): a filter
// silently ignored would be read as the slice asked for, and a 5xx would hide the caller's mistake.
const reader = { authorization: `Bearer ${READ_KEY}` };
let t: TestApp;
beforeAll(async () => {
  t = await startApp({ METRICS_CACHE_TTL_SECONDS: '0' });
});
afterAll(async () => t?.close());

const ask = async (metric: string, query: string) => {
  const res = await t.app.inject({ url: `/metrics/${metric}?${query}`, headers: reader });
  return { status: res.statusCode, body: res.json() as { error?: { code: string; message: string; details?: Record<string, unknown> } } };
};

const refused = async (metric: string, query: string, parameter?: string) => {
  const r = await ask(metric, query);
  expect(r.status, `${metric}?${query}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
  expect(r.status).toBeLessThan(500);
  expect(r.body.error?.code, JSON.stringify(r.body)).toEqual(expect.any(String));
  expect(r.body.error?.message).toEqual(expect.any(String));
  if (parameter) expect(r.body.error?.details?.parameter, JSON.stringify(r.body)).toBe(parameter);
  return r.body.error!;
};

const VALID: Record<FilterName, string> = {
  guest_type: 'member', channel: 'web', language: 'en', page: '/spa', query: 'spa hours', faq_id: 'faq-pool', service_type: 'spa',
};

describe('a filter a metric cannot honour is a 400 naming what it accepts', () => {
  const cases = METRIC_TYPES.flatMap((m) => (Object.keys(VALID) as FilterName[])
    .filter((f) => !(METRIC_FILTERS[m] as readonly string[]).includes(f)).map((f) => [m, f] as const));
  it.each(cases)('%s ?%s', async (metric, filter) => {
    const error = await refused(metric, `${filter}=${encodeURIComponent(VALID[filter])}`, filter);
    expect(error.code).toBe('invalid_parameter');
    expect(error.message).toContain(filter);
    expect(error.details?.allowed).toEqual([...METRIC_FILTERS[metric]]);
  });
});

describe('a value outside a filter’s vocabulary is a 400', () => {
  const bad: Array<[string, FilterName, string]> = [
    ['unknown guest type', 'guest_type', 'robot'],
    ['guest type, wrong case', 'guest_type', 'Member'],
    ['unknown channel', 'channel', 'fax'],
    ['SQL in a closed list', 'channel', "web' OR '1'='1"],
    ['unknown service type', 'service_type', 'laundry'],
    ['language not a BCP 47 tag', 'language', 'en_US'],
    ['language with a quote', 'language', "en'--"],
    ['page not a path', 'page', 'spa'],
    ['page with SQL', 'page', "/spa'; DROP TABLE raw.events;--"],
    ['page with a query string', 'page', '/spa?x=1'],
    ['page with a space', 'page', '/spa hours'],
    ['page overlong', 'page', `/${'a'.repeat(200)}`],
    ['page far overlong', 'page', `/${'a'.repeat(5000)}`],
    ['query with SQL', 'query', "spa'); DELETE FROM raw.events; --"],
    ['query with a NUL', 'query', 'spa\u0000hours'],
    ['query with a newline', 'query', 'spa\nhours'],
    ['query with a tab', 'query', 'spa\thours'],
    ['query with a bidi override', 'query', 'spa\u202ehours'],
    ['query with two spaces', 'query', 'spa  hours'],
    ['query with a leading space', 'query', ' spa'],
    ['query overlong', 'query', 'a'.repeat(101)],
    ['query empty', 'query', ''],
    ['faq id in capitals', 'faq_id', 'FAQ-POOL'],
    ['faq id with a slash', 'faq_id', 'faq/../pool'],
    ['faq id overlong', 'faq_id', `f${'a'.repeat(64)}`],
  ];
  it.each(bad)('%s', async (_what, filter, value) => {
    const metric = METRIC_TYPES.find((m) => (METRIC_FILTERS[m] as readonly string[]).includes(filter))!;
    const error = await refused(metric, `${filter}=${encodeURIComponent(value)}`);
    if (error.code === 'invalid_parameter') expect(error.details?.parameter).toBe(filter);
  });

  it('a filter given twice is refused, not half-applied', async () => {
    await refused('overview', 'guest_type=member&guest_type=prospect');
  });
});

describe('bucket', () => {
  it('an unknown width is a 400 with the allowed list', async () => {
    const error = await refused('overview', 'bucket=minute', 'bucket');
    expect(error.details?.allowed).toEqual(['auto', 'hour', 'day', 'week', 'month']);
  });

  it('realtime takes no bucket: refused, not ignored', async () => {
    await refused('realtime', 'bucket=auto', 'bucket');
  });

  it('an explicit width that would give more than 1000 points is a 400', async () => {
    const error = await refused('overview', 'window=90d&bucket=hour', 'bucket');
    expect(error.message).toContain('2160');
  });
});
