import { randomUUID } from 'node:crypto';
import {
  assertWebhookId,
  MAX_BATCH_EVENTS,
  newWebhookId,
  parseWebhookSecret,
  webhookHeaders,
  type AnalyticsEvent,
  type BatchResult,
  type EventOf,
  type EventResult,
  type EventType,
  type WebhookData,
  type WebhookType,
} from '@cbc/contract';
import { CbcApiError } from './errors';
import { post, type TransportOptions } from './transport';

export interface CbcClientOptions {
  /** Where the Ingest API listens, e.g. `https://analytics.coralbeachclub.example`. */
  baseUrl: string;
  /** An ingest-scope API key (the secret part). */
  apiKey: string;
  /** `whsec_…` secrets; every delivery is signed with each (one `v1,` entry per secret). */
  webhookSecrets?: string[];
  /** Events per request, at most 500 (the API's limit). */
  batchSize?: number;
  /** How long a tracked event may wait for company before it is sent anyway. */
  flushIntervalMs?: number;
  /** Retries after the first attempt, for network errors, 429, 502, 503 and 504. */
  maxRetries?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Upper bound on a server's `Retry-After`, so a bad header cannot park the agent for hours. */
  maxRetryAfterMs?: number;
  /** Per attempt, response body included. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Called when a send fails for good, with the events that were not delivered (the failing
   * chunk and the ones after it). Background flushes have no caller to throw to; this is their
   * only way to report, so store or log the events here if they must not be lost.
   */
  onError?: (error: unknown, events: AnalyticsEvent[]) => void;
}

/** What `event()` needs: the event's own fields; the id and the time are filled in when absent. */
export type EventFields<T extends EventType> = Omit<EventOf<T>, 'event_id' | 'type' | 'occurred_at'> & {
  event_id?: string;
  occurred_at?: string | Date;
};

export interface WebhookDelivery {
  /** The `webhook-id` sent (reuse it to redeliver the same message). */
  id: string;
  /** 202 when stored, 200 when the API had it already. */
  status: number;
  result: EventResult;
}

const DEFAULTS = {
  batchSize: 100,
  flushIntervalMs: 1000,
  maxRetries: 5,
  baseBackoffMs: 200,
  maxBackoffMs: 10_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 10_000,
};

/**
 * The typed client for the CBC Analytics Ingest API: builds contract events, buffers and batches
 * them, signs webhooks, and retries what is safe to retry.
 */
export class CbcClient {
  private readonly transport: TransportOptions;
  private readonly apiKey: string;
  private readonly webhookKeys: Buffer[];
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly onError: (error: unknown, events: AnalyticsEvent[]) => void;
  private buffer: AnalyticsEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  // Flushes run one after another, so events reach the API in the order they were tracked.
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: CbcClientOptions) {
    const o = { ...DEFAULTS, ...stripUndefined(options) };
    if (!o.baseUrl) throw new TypeError('baseUrl is required');
    if (!o.apiKey) throw new TypeError('apiKey is required');
    if (!Number.isInteger(o.batchSize) || o.batchSize < 1 || o.batchSize > MAX_BATCH_EVENTS) {
      throw new RangeError(`batchSize must be an integer from 1 to ${MAX_BATCH_EVENTS}`);
    }
    for (const k of ['flushIntervalMs', 'maxRetries', 'baseBackoffMs', 'maxBackoffMs', 'maxRetryAfterMs', 'timeoutMs'] as const) {
      if (!(o[k] >= 0)) throw new RangeError(`${k} must be a non-negative number`);
    }
    this.transport = {
      baseUrl: o.baseUrl,
      fetch: o.fetch ?? globalThis.fetch,
      timeoutMs: o.timeoutMs,
      maxRetries: o.maxRetries,
      baseBackoffMs: o.baseBackoffMs,
      maxBackoffMs: o.maxBackoffMs,
      maxRetryAfterMs: o.maxRetryAfterMs,
    };
    this.apiKey = o.apiKey;
    this.webhookKeys = (o.webhookSecrets ?? []).map(parseWebhookSecret);
    this.batchSize = o.batchSize;
    this.flushIntervalMs = o.flushIntervalMs;
    this.onError = o.onError ?? ((error, events) => process.emitWarning(`CBC analytics: ${events.length} event(s) not delivered: ${(error as Error).message}`));
  }

  /** A contract event of `type` with a fresh UUID and the current time, unless given. */
  event<T extends EventType>(type: T, fields: EventFields<T>): EventOf<T> {
    const { event_id, occurred_at, ...rest } = fields;
    return {
      event_id: event_id ?? randomUUID(),
      type,
      occurred_at: occurred_at instanceof Date ? occurred_at.toISOString() : (occurred_at ?? new Date().toISOString()),
      ...rest,
    } as unknown as EventOf<T>;
  }

  /** Events waiting in the buffer. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Buffers the event; it is sent when the buffer reaches `batchSize` or after `flushIntervalMs`. */
  track(event: AnalyticsEvent): void {
    if (this.closed) throw new Error('CbcClient is closed');
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize) {
      this.background();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.background(), this.flushIntervalMs);
      // A pending flush must not keep the process alive; close() flushes on the way out.
      this.timer.unref();
    }
  }

  /** Sends everything buffered; resolves with one result per event, in order. */
  flush(): Promise<EventResult[]> {
    this.clearTimer();
    const events = this.buffer.splice(0);
    const run = this.chain.then(() => this.deliver(events));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Sends `events` now (not through the buffer), in requests of at most `batchSize`. */
  sendBatch(events: readonly AnalyticsEvent[]): Promise<EventResult[]> {
    return this.deliver(events);
  }

  /** Sends one event (`POST /ingest/event`). */
  async send(event: AnalyticsEvent): Promise<EventResult> {
    const body = JSON.stringify(event);
    const res = await post(this.transport, 'ingest/event', () => ({ headers: this.auth(), body }));
    return res.body as EventResult;
  }

  /**
   * Signs and posts a webhook to `/webhook/cbc-agent/{type}`. Pass `id` to redeliver a message:
   * the API stores a webhook id once and answers later deliveries as duplicates.
   */
  async webhook<T extends WebhookType>(type: T, data: WebhookData<T>, options: { id?: string } = {}): Promise<WebhookDelivery> {
    if (this.webhookKeys.length === 0) throw new Error('webhookSecrets is required to send webhooks');
    const id = options.id ?? newWebhookId();
    assertWebhookId(id);
    // Serialised once: the signature covers these exact bytes, and every retry resends them.
    const body = JSON.stringify({ type, data });
    const res = await post(this.transport, `webhook/cbc-agent/${encodeURIComponent(type)}`, () => ({
      headers: webhookHeaders(this.webhookKeys, id, body),
      body,
    }));
    return { id, status: res.status, result: res.body as EventResult };
  }

  /** Flushes what is buffered and refuses further `track()` calls. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async deliver(events: readonly AnalyticsEvent[]): Promise<EventResult[]> {
    const results: EventResult[] = [];
    for (let i = 0; i < events.length; i += this.batchSize) {
      const chunk = events.slice(i, i + this.batchSize);
      try {
        results.push(...(await this.postBatch(chunk)));
      } catch (err) {
        this.onError(err, events.slice(i));
        throw err;
      }
    }
    return results;
  }

  private async postBatch(events: readonly AnalyticsEvent[]): Promise<EventResult[]> {
    const body = JSON.stringify({ events });
    try {
      const res = await post(this.transport, 'ingest/events', () => ({ headers: this.auth(), body }));
      return (res.body as BatchResult).results;
    } catch (err) {
      // A batch in which no event is valid is refused with 422, but its envelope still carries the
      // per-event results: return them, so a batch's outcome has one shape whatever it holds.
      const results = (err instanceof CbcApiError && err.status === 422 && (err.error?.details as { results?: unknown })?.results) || null;
      if (Array.isArray(results) && results.length === events.length) return results as EventResult[];
      throw err;
    }
  }

  private background() {
    // Failures are reported through onError (called in deliver); nothing is left to reject to.
    this.flush().catch(() => undefined);
  }

  private clearTimer() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private auth() {
    return { authorization: `Bearer ${this.apiKey}` };
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
