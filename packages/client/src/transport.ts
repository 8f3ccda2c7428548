import { CbcApiError, CbcNetworkError, isErrorEnvelope } from './errors';
import { RETRYABLE_STATUSES, backoffDelay, parseRetryAfter, sleep } from './retry';

export interface TransportOptions {
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
  maxRetries: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
}

export interface Attempt {
  headers: Record<string, string>;
  body: string;
}

/**
 * POSTs with retries. `attempt` builds each try's headers and body: the body (and so every event
 * id and webhook id in it) never changes between tries, which is what makes a retry safe: the
 * server stores an id once and answers `duplicate` after that. Only the webhook timestamp and
 * signature are renewed, because the receiver refuses stale timestamps.
 */
export async function post(opts: TransportOptions, path: string, attempt: () => Attempt): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
  for (let n = 0; ; n += 1) {
    const { headers, body } = attempt();
    let status: number;
    let parsed: unknown;
    let retryAfter: string | null;
    try {
      const res = await opts.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      // Reading the body can fail or time out too: that is a network error like any other.
      const text = await res.text();
      parsed = parseJson(text);
    } catch (err) {
      if (n >= opts.maxRetries) {
        throw new CbcNetworkError(`CBC API unreachable at ${url.origin}: ${(err as Error).message}`, n + 1, { cause: err });
      }
      await sleep(backoffDelay(n, opts));
      continue;
    }
    if (status >= 200 && status < 300) return { status, body: parsed };
    if (RETRYABLE_STATUSES.has(status) && n < opts.maxRetries) {
      const hinted = parseRetryAfter(retryAfter);
      await sleep(hinted === undefined ? backoffDelay(n, opts) : Math.min(hinted, opts.maxRetryAfterMs));
      continue;
    }
    throw new CbcApiError(status, isErrorEnvelope(parsed) ? parsed.error : undefined, n + 1, parsed);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
