/**
 * When to try again and how long to wait. Only answers that mean "not now" are retried: the
 * server is overloaded (429, 503) or a proxy in front of it is (502, 504). Any other 4xx is
 * a mistake in the request that a retry would only repeat.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export interface BackoffOptions {
  baseBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, base·2^attempt)]. The jitter
 * matters more than the exponent: without it, every agent replica that was refused in the same
 * second comes back in the same second.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxBackoffMs, opts.baseBackoffMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds: delay-seconds (`120`) or an HTTP date. Undefined when absent
 * or unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Every HTTP date format names the month; Date.parse alone would read "-3" as a year.
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
