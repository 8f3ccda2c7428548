import { afterEach, describe, expect, it } from 'vitest';
import { exampleEvent } from '@cbc/contract';
import type { PreparedRow, PrivacyOptions } from '@cbc/privacy';
import { OverloadedError, RedactionFailedError } from '../../src/errors';
import { createMetrics } from '../../src/telemetry/registry';
import type { GroupCommitter } from '../../src/ingest/group-commit';
import { IngestPipeline } from '../../src/ingest/pipeline';
import { RedactionPool } from '../../src/ingest/redaction-pool';

// The pipeline with redaction workers, against a committer that records what it is given:
// a request the workers fail or refuse must hand nothing to storage, and others must.
const privacy: PrivacyOptions = { collectPii: false, ipSalt: 'test-salt-0123456789abcdef', ipHashRotation: 'daily' };
const FAULTY = new URL('../support/faulty-redaction-worker.ts', import.meta.url);
const BOOT = { timeout: 120_000 };
const LONG = 'a long enough message '.repeat(5);

const pools: RedactionPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function setup(maxQueued = 100) {
  const stored: PreparedRow[] = [];
  const committer = {
    submit: async (rows: PreparedRow[]) => {
      stored.push(...rows);
      return new Map(rows.map((r) => [r.event_id, { inserted: true, consented: true, dropped: false, erased: false }]));
    },
  } as unknown as GroupCommitter;
  const pool = new RedactionPool({ size: 1, maxQueued, workerUrl: FAULTY, privacy });
  pools.push(pool);
  const metrics = createMetrics();
  const pipeline = new IngestPipeline(committer, { privacy, redactionPool: pool, offloadChars: 100, retentionMonths: async () => ({ browsing: 12, service: 24, consent: 84 }) }, metrics);
  return { pipeline, stored, metrics };
}

const chat = (text: string) => exampleEvent('chat_message', { properties: { text } });
const ids = (rows: PreparedRow[]) => rows.map((r) => r.event_id).sort();

describe('ingest with redaction workers', () => {
  it('fails the request whose event a worker died on, storing none of it, and stores the others', BOOT, async () => {
    const { pipeline, stored, metrics } = setup();
    const short = chat('hi'); // redacted on the loop, yet part of the failed request
    const doomed = chat(`CRASH ${LONG}`);
    const other = chat(`write to anna.berg@example.com ${LONG}`);
    const [a, b] = await Promise.allSettled([pipeline.ingest([short, doomed], 'api'), pipeline.ingest([other], 'api')]);
    expect(a.status === 'rejected' && a.reason).toBeInstanceOf(RedactionFailedError);
    expect(b.status === 'fulfilled' && b.value).toEqual([{ event_id: other.event_id, status: 'accepted' }]);
    expect(ids(stored)).toEqual([other.event_id.toLowerCase()]);
    expect(stored[0]!.props).toContain('[EMAIL]');
    expect((await metrics.registry.getSingleMetricAsString('ingest_redaction_refused_total'))).toContain('reason="redaction_failed"} 1');
  });

  it('refuses a request that would overflow the queue whole (503 overloaded), storing none of it', BOOT, async () => {
    const { pipeline, stored } = setup(1);
    const first = [chat(`one ${LONG}`), chat(`two ${LONG}`), chat(`three ${LONG}`)];
    const refused = [chat('short'), chat(`four ${LONG}`)];
    const [a, b] = await Promise.allSettled([pipeline.ingest(first, 'api'), pipeline.ingest(refused, 'api')]);
    expect(a.status).toBe('fulfilled');
    expect(b.status === 'rejected' && b.reason).toBeInstanceOf(OverloadedError);
    expect(ids(stored)).toEqual(ids(first.map((e) => ({ event_id: e.event_id.toLowerCase() }) as PreparedRow)));
  });
});
