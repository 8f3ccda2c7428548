import { afterEach, describe, expect, it } from 'vitest';

// Each test starts real worker threads, which load the privacy package from TypeScript
// sources through tsx: seconds on a busy machine.
const BOOT = { timeout: 120_000 };
import { exampleEvent, validateEvent, type AnalyticsEvent } from '@cbc/contract';
import { prepareEvent, type PreparedRow, type PrivacyOptions } from '@cbc/privacy';
import { OverloadedError, RedactionFailedError } from '../../src/errors';
import { RedactionPool, type RedactionPoolOptions } from '../../src/ingest/redaction-pool';

const privacy: PrivacyOptions = { collectPii: false, ipSalt: 'test-salt-0123456789abcdef', ipHashRotation: 'daily' };
const REAL = new URL('../../src/redaction-worker.ts', import.meta.url);
const FAULTY = new URL('../support/faulty-redaction-worker.ts', import.meta.url);

function chat(text: string): AnalyticsEvent {
  const v = validateEvent(exampleEvent('chat_message', { properties: { text } }), Date.now());
  if (!v.ok) throw new Error('example event is invalid');
  return v.event;
}

const pools: RedactionPool[] = [];
function pool(opts: Partial<RedactionPoolOptions> = {}) {
  const p = new RedactionPool({ size: 1, maxQueued: 100, workerUrl: REAL, privacy, ...opts });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const text = (r: { row: PreparedRow }) => (JSON.parse(r.row.props) as { text: string }).text;

describe('the redaction pool', () => {
  it('prepares events exactly as the event loop would, in order', BOOT, async () => {
    const events = [chat('write to anna.berg@example.com please'), chat('call me on +44 20 7946 0958'), chat('nothing personal here')];
    const got = await pool().prepare(events, 'api');
    expect(got).toEqual(events.map((e) => prepareEvent(e, 'api', privacy)));
    expect(text(got[0]!)).toContain('[EMAIL]');
  });

  it('refuses a whole request with 503 overloaded when the queue would overflow, and serves the rest', BOOT, async () => {
    const p = pool({ maxQueued: 2 });
    const first = p.prepare([chat('one'), chat('two'), chat('three')], 'api'); // an empty queue always admits
    const refused = p.prepare([chat('four')], 'api');
    await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    await expect(refused).rejects.toMatchObject({ statusCode: 503, code: 'overloaded', headers: { 'retry-after': '1' } });
    expect((await first).map(text)).toEqual(['one', 'two', 'three']);
    expect(p.queued).toBe(0);
  });

  it('fails only the request whose job a dying worker held; queued requests go to a new worker', BOOT, async () => {
    const p = pool({ workerUrl: FAULTY });
    const crashed = p.prepare([chat('CRASH now')], 'api');
    const after = p.prepare([chat('mail anna.berg@example.com')], 'api');
    await expect(crashed).rejects.toBeInstanceOf(RedactionFailedError);
    await expect(crashed).rejects.toMatchObject({ statusCode: 503, code: 'redaction_failed' });
    expect(text((await after)[0]!)).toBe('mail [EMAIL]');
  });

  it('ends a hung worker after the job timeout, failing its request only', BOOT, async () => {
    const p = pool({ workerUrl: FAULTY, jobTimeoutMs: 300 });
    const hung = p.prepare([chat('HANG here')], 'api');
    const after = p.prepare([chat('fine')], 'api');
    await expect(hung).rejects.toBeInstanceOf(RedactionFailedError);
    expect((await after).map(text)).toEqual(['fine']);
  });

  it('fails waiting requests instead of restarting a worker that cannot load', BOOT, async () => {
    const p = pool({ workerUrl: new URL('./does-not-exist.js', import.meta.url) });
    await expect(p.prepare([chat('x')], 'api')).rejects.toBeInstanceOf(RedactionFailedError);
  });
});
