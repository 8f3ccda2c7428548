import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export interface Reply {
  status: number;
  body: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

/** Sends one request: through `inject()` in tests, over HTTP for the live stack. */
export type Transport = (req: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string }) => Promise<Reply>;

const parse = (body: string) => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
};

export const injectTransport =
  (app: FastifyInstance): Transport =>
  async ({ method, url, headers, body }) => {
    const res = await app.inject({ method, url, headers, ...(body !== undefined ? { payload: body } : {}) });
    return { status: res.statusCode, body: res.body, json: parse(res.body) };
  };

export const httpTransport =
  (baseUrl: string): Transport =>
  async ({ method, url, headers, body }) => {
    const res = await fetch(new URL(url, baseUrl), { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return { status: res.status, body: text, json: parse(text) };
  };

export interface Credentials {
  ingestKey: string;
  readKey: string;
  privacyKey: string;
  /** `whsec_…`: the HMAC key is the base64 after the prefix (Standard Webhooks). */
  webhookSecret: string;
}

const json = { 'content-type': 'application/json' };

/** The API as an agent, a dashboard and a privacy officer use it. */
export class AdversaryClient {
  constructor(
    readonly send: Transport,
    private readonly creds: Credentials,
  ) {}

  private bearer(key: string) {
    return { ...json, authorization: `Bearer ${key}` };
  }

  postEvents(events: unknown[]): Promise<Reply> {
    return this.send({ method: 'POST', url: '/ingest/events', headers: this.bearer(this.creds.ingestKey), body: JSON.stringify({ events }) });
  }

  postEvent(event: unknown): Promise<Reply> {
    return this.send({ method: 'POST', url: '/ingest/event', headers: this.bearer(this.creds.ingestKey), body: JSON.stringify(event) });
  }

  /** A correctly signed Standard Webhooks delivery; returns the webhook id it was sent under. */
  async postWebhook(webhookType: string, payload: unknown): Promise<Reply & { webhookId: string }> {
    const id = `msg_${randomBytes(12).toString('hex')}`;
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify(payload);
    const key = Buffer.from(this.creds.webhookSecret.slice('whsec_'.length), 'base64');
    const signature = `v1,${createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64')}`;
    const reply = await this.send({
      method: 'POST',
      url: `/webhook/cbc-agent/${encodeURIComponent(webhookType)}`,
      headers: { ...json, 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature },
      body,
    });
    return { ...reply, webhookId: id };
  }

  erase(guestId: string): Promise<Reply> {
    return this.send({ method: 'POST', url: '/privacy/delete', headers: this.bearer(this.creds.privacyKey), body: JSON.stringify({ guest_id: guestId }) });
  }

  metric(type: string, query: Record<string, string>): Promise<Reply> {
    return this.send({ method: 'GET', url: `/metrics/${type}?${new URLSearchParams(query)}`, headers: { authorization: `Bearer ${this.creds.readKey}` } });
  }

  health(): Promise<Reply> {
    return this.send({ method: 'GET', url: '/health', headers: {} });
  }
}

/** Runs `fn` over `items` with at most `limit` in flight, results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
