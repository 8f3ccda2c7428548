import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleEvent, validateWebhook, type WebhookData } from '@cbc/contract';
import { CbcClient, parseWebhookSecret, signWebhook, webhookHeaders } from '../src/index';
import { startScriptServer, type Script, type ScriptServer } from './support/script-server';

// The reference vector of docs/webhooks.md (Standard Webhooks v1).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const OTHER_SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

let server: ScriptServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function clientFor(script: Script, secrets = [VECTOR.secret]) {
  server = await startScriptServer(script);
  return new CbcClient({ baseUrl: server.url, apiKey: 'ingest-key-0123456789abcdef', webhookSecrets: secrets, baseBackoffMs: 5, maxBackoffMs: 20 });
}

/** The receiver's check, written independently of the client's signing code. */
function verifies(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .filter((p) => p.startsWith('v1,'))
    .some((p) => {
      const got = Buffer.from(p.slice(3), 'base64');
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}

function feedbackData(): WebhookData<'feedback.submitted'> {
  const { event_id: _id, type: _type, properties, ...common } = exampleEvent('feedback');
  return { ...common, ...properties };
}

describe('webhook signing', () => {
  it('matches the reference vector', () => {
    expect(signWebhook([parseWebhookSecret(VECTOR.secret)], VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    const h = webhookHeaders([parseWebhookSecret(VECTOR.secret)], VECTOR.id, VECTOR.body, VECTOR.timestamp * 1000 + 999);
    expect(h).toEqual({ 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature });
  });

  it('signs once per configured secret (rotation)', () => {
    const sig = signWebhook([parseWebhookSecret(VECTOR.secret), parseWebhookSecret(OTHER_SECRET)], VECTOR.id, VECTOR.timestamp, VECTOR.body);
    expect(sig.split(' ')).toHaveLength(2);
    expect(sig.startsWith(`${VECTOR.signature} v1,`)).toBe(true);
  });

  it('refuses secrets the API would refuse', () => {
    expect(() => parseWebhookSecret(' whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow(/whitespace/);
    expect(() => parseWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow(/whsec_/);
    expect(() => parseWebhookSecret('whsec_c2hvcnQ=')).toThrow(/24–64 bytes/);
  });
});

describe('client.webhook()', () => {
  it('posts a signed delivery to /webhook/cbc-agent/{type} that the receiver verifies', async () => {
    const client = await clientFor([{ status: 202, body: { event_id: 'e', status: 'accepted' } }], [VECTOR.secret, OTHER_SECRET]);
    const data = feedbackData();
    const delivery = await client.webhook('feedback.submitted', data);
    expect(delivery).toMatchObject({ status: 202, result: { status: 'accepted' } });
    const req = server!.requests[0]!;
    expect(req.url).toBe('/webhook/cbc-agent/feedback.submitted');
    expect(req.headers['webhook-id']).toBe(delivery.id);
    expect(delivery.id).toMatch(/^msg_[A-Za-z0-9_-]{24}$/);
    expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(verifies(VECTOR.secret, req.headers, req.body)).toBe(true);
    expect(verifies(OTHER_SECRET, req.headers, req.body)).toBe(true);
    const body = JSON.parse(req.body) as unknown;
    expect(body).toEqual({ type: 'feedback.submitted', data });
    expect(validateWebhook('feedback.submitted', body).ok).toBe(true);
  });

  it('retries with the same webhook-id and body, re-signed', async () => {
    const client = await clientFor([{ status: 503, headers: { 'retry-after': '0' } }, { status: 429 }, { status: 200, body: { event_id: null, status: 'duplicate' } }]);
    const delivery = await client.webhook('feedback.submitted', feedbackData(), { id: 'msg_fixed-id_1' });
    expect(delivery).toMatchObject({ id: 'msg_fixed-id_1', status: 200, result: { status: 'duplicate' } });
    const reqs = server!.requests;
    expect(reqs).toHaveLength(3);
    expect(new Set(reqs.map((r) => r.headers['webhook-id']))).toEqual(new Set(['msg_fixed-id_1']));
    expect(new Set(reqs.map((r) => r.body)).size).toBe(1);
    expect(reqs.every((r) => verifies(VECTOR.secret, r.headers, r.body))).toBe(true);
  });

  it('refuses an id the receiver would reject, and sending without a secret', async () => {
    const client = await clientFor([{ status: 202, body: {} }]);
    await expect(client.webhook('feedback.submitted', feedbackData(), { id: 'msg.with.dots' })).rejects.toThrow(/webhook id/);
    const unsigned = new CbcClient({ baseUrl: server!.url, apiKey: 'k' });
    await expect(unsigned.webhook('feedback.submitted', feedbackData())).rejects.toThrow(/webhookSecrets/);
    expect(server!.requests).toHaveLength(0);
  });
});
