import type { ErrorEnvelope } from '@cbc/contract';

/**
 * The API answered with an error that retrying will not fix (a 4xx other than 429), or a
 * retryable one (429, 502–504) after every retry was spent. `error` is the API's envelope
 * `{ code, message, details? }` when the body carried one.
 */
export class CbcApiError extends Error {
  override readonly name = 'CbcApiError';

  constructor(
    readonly status: number,
    readonly error: ErrorEnvelope['error'] | undefined,
    /** How many requests were made, retries included. */
    readonly attempts: number,
    /** The response body as parsed (JSON when it was JSON). */
    readonly body?: unknown,
  ) {
    super(error ? `CBC API ${status} ${error.code}: ${error.message}` : `CBC API answered ${status}`);
  }

  get code(): string | undefined {
    return this.error?.code;
  }
}

/** The API could not be reached (connection refused or reset, timeout) after every retry. */
export class CbcNetworkError extends Error {
  override readonly name = 'CbcNetworkError';

  constructor(
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof e?.code === 'string' && typeof e.message === 'string';
}
