import type { CbcClient } from '@cbc/client';
import type { AnalyticsEvent, EventResult, EventStatus, WebhookData, WebhookType } from '@cbc/contract';
import type { Delivery } from './deliveries';

export interface SendOptions {
  client: CbcClient;
  deliveries: readonly Delivery[];
  /** Events per request. */
  batchSize: number;
  /** Requests in flight at once. */
  concurrency: number;
  progress?: (done: number, total: number) => void;
}

export interface SendResult {
  results: Record<EventStatus, number>;
  /** Deliveries that failed for good (the client already retried what was retryable). */
  failed: number;
  errors: string[];
  requests: number;
}

/**
 * Sends the deliveries in their order through the real API: consecutive events in batches,
 * webhooks one by one, a few requests at a time. Ids come from the generator, so sending the
 * same seed again only produces duplicates.
 */
export async function sendDeliveries(o: SendOptions): Promise<SendResult> {
  const out: SendResult = { results: { accepted: 0, duplicate: 0, dropped: 0, invalid: 0 }, failed: 0, errors: [], requests: 0 };
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  let reported = 0;

  const record = (results: EventResult[], n: number) => {
    for (const r of results) {
      out.results[r.status] += 1;
      if (r.status === 'invalid' && out.errors.length < 10) out.errors.push(`${r.event_id}: ${JSON.stringify(r.errors)}`);
    }
    done += n;
    if (o.progress && (done - reported >= 500 || done === o.deliveries.length)) {
      reported = done;
      o.progress(done, o.deliveries.length);
    }
  };
  const fail = (err: unknown, n: number) => {
    out.failed += n;
    if (out.errors.length < 10) out.errors.push((err as Error).message);
    done += n;
  };
  const schedule = async (task: () => Promise<void>) => {
    while (inFlight.size >= o.concurrency) await Promise.race(inFlight);
    out.requests += 1;
    const p: Promise<void> = task().finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  let batch: AnalyticsEvent[] = [];
  const sendBatch = (events: AnalyticsEvent[]) =>
    schedule(() => o.client.sendBatch(events).then((r) => record(r, events.length), (e: unknown) => fail(e, events.length)));

  for (const d of o.deliveries) {
    if (d.kind === 'event') {
      batch.push(d.event);
      if (batch.length >= o.batchSize) {
        await sendBatch(batch);
        batch = [];
      }
      continue;
    }
    await schedule(() => o.client.webhook(d.type, d.data as WebhookData<WebhookType>, { id: d.id }).then((w) => record([w.result], 1), (e: unknown) => fail(e, 1)));
  }
  if (batch.length > 0) await sendBatch(batch);
  await Promise.all(inFlight);
  return out;
}
