import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FREE_TEXT_FIELDS, PROPERTY_SCHEMAS, WEBHOOK_TYPES } from '@cbc/contract';
import { runDbt } from '@cbc/devstack';
import { METRIC_TYPES } from '../../src/analytics/catalogue';
import {
  CANARY_KINDS,
  canaryCases,
  canaryIndexOf,
  eraseGuests,
  groupFindings,
  readEveryMetric,
  scanLines,
  scanPostgres,
  scanRedis,
  sendCanaryCases,
  stringTargets,
  targetName,
  type CanaryCase,
  type CanaryIndex,
} from '../support/adversary';
import { startAdversaryApp } from '../support/adversary/test-app';
import type { TestApp } from '../support/app';

// Promise: no PII gets through any field. A canary of every kind goes into every string path of
// every event and webhook type, for a consenting and a non-consenting guest; the data then takes
// the real dbt build, the metrics cache is filled, every guest is erased, and PostgreSQL (every
// text column of every table), Redis (every key) and the log must hold none of them. The API may
// refuse an event (422): a refusal is fine, storage is not.
const stack = inject('stack');
let t: TestApp;
let cases: CanaryCase[];
let index: CanaryIndex;
let dbt: { code: number; output: string };
let metricFailures: string[];
let eraseFailures: string[];
let beforeErasure: string[];
let redis: Redis;

beforeAll(async () => {
  let client;
  ({ t, client } = await startAdversaryApp());
  redis = new Redis(stack.redisUrl);
  cases = canaryCases();
  index = canaryIndexOf(cases);
  await sendCanaryCases(client, cases);
  // One build for the whole walk: the marts must not keep what erasure removes from raw.
  dbt = await runDbt(stack, t.db.name, ['build']);
  t.app.analytics?.resetVersion();
  metricFailures = await readEveryMetric(client, METRIC_TYPES);
  beforeErasure = groupFindings(await scanPostgres(t.admin, index), cases);
  eraseFailures = await eraseGuests(client, cases);
}, 240_000);
afterAll(async () => {
  redis?.disconnect();
  await t?.close();
});

/** Asserts an empty list of leaks, printing them one per line (not as a diff) when there are some. */
function expectNone(lines: string[]) {
  expect(lines.length, `${lines.length} leak(s):\n${lines.join('\n')}`).toBe(0);
}

describe('the walk covers the contract', () => {
  it('finds every string field of every event and webhook type, free text included', () => {
    const names = stringTargets().map(targetName);
    for (const [type, fields] of Object.entries(FREE_TEXT_FIELDS)) {
      for (const f of fields) expect(names).toContain(`${type}:/properties/${f}`);
    }
    for (const [type, schema] of Object.entries(PROPERTY_SCHEMAS)) {
      for (const [field, s] of Object.entries(schema.properties)) {
        if ((s as { type?: string }).type === 'string') expect(names).toContain(`${type}:/properties/${field}`);
      }
    }
    for (const w of WEBHOOK_TYPES) expect(names).toContain(`webhook ${w}:/data/guest_id`);
    expect(names).toContain('chat_message:/context/user_agent');
    expect(cases).toHaveLength(stringTargets().length * CANARY_KINDS.length * 2);
  });
});

describe('canaries in every string path', () => {
  it('never answers with a 5xx', () => {
    const failed = cases.filter((c) => c.outcome?.startsWith('http ')).map((c) => `${targetName(c.target)} ${c.canary.kind}: ${c.outcome}`);
    expectNone(failed);
  });

  it('dbt build stays green on the data', () => {
    const failures = dbt.output.split('\n').filter((l) => /FAIL|ERROR|Failure|Got \d+ result/.test(l));
    expect(dbt.code, failures.join('\n') || dbt.output.slice(-3000)).toBe(0);
    expect(metricFailures).toEqual([]);
  });

  it('erases every guest that had an event stored', () => {
    expect(eraseFailures).toEqual([]);
  });

  it('stores no canary even before erasure: free text redacted, PII-like labels and ids refused', () => {
    expectNone(beforeErasure);
  });

  it('leaves no canary in any table of PostgreSQL after every guest is erased', async () => {
    expectNone(groupFindings(await scanPostgres(t.admin, index), cases));
  });

  it('leaves no canary in any Redis key or value', async () => {
    expectNone(groupFindings(await scanRedis(redis, index), cases));
  });

  it('writes no canary to the log', () => {
    expectNone(groupFindings(scanLines(t.logs.join('').split('\n'), index), cases));
  });
});
