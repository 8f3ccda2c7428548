import type { ErrorCode, ErrorStatus } from '@cbc/contract';

/**
 * The one error type routes throw. Anything else reaching the error handler is a bug and is
 * answered with a generic 500 that names nothing internal. The status must be the one the
 * contract gives the code (checked at compile time), so a code never means two things.
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    public readonly statusCode: ErrorStatus<C>,
    public readonly code: C,
    message: string,
    public readonly details?: unknown,
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Storage is unreachable or saturated: the sender should retry after a pause. */
export class UnavailableError extends AppError<'unavailable'> {
  constructor(message = 'Storage is temporarily unavailable; retry later', retryAfterSeconds = 2) {
    super(503, 'unavailable', message, undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}

/**
 * The marts do not exist until the first dbt build: not an outage (retrying soon will not help),
 * so it has its own code and the dashboard says "run dbt" instead of "try again".
 */
export class ModelsNotBuiltError extends AppError<'models_not_built'> {
  constructor(retryAfterSeconds = 30) {
    super(503, 'models_not_built', 'Analytics models have not been built yet; run dbt', undefined, { 'retry-after': String(retryAfterSeconds) });
  }
}

export const unauthorized = () => new AppError(401, 'unauthorized', 'Missing or invalid credentials');
export const forbidden = () => new AppError(403, 'forbidden', 'This key may not use this endpoint');

/** Too much redaction work is already waiting: the sender should retry after a pause. */
export class OverloadedError extends AppError<'overloaded'> {
  constructor() {
    super(503, 'overloaded', 'The server is busy; nothing was stored; retry later', undefined, { 'retry-after': '1' });
  }
}

/** A redaction worker died or hung on this request: nothing of it was stored. */
export class RedactionFailedError extends AppError<'redaction_failed'> {
  constructor() {
    super(503, 'redaction_failed', 'The events could not be processed; nothing was stored; retry later', undefined, { 'retry-after': '1' });
  }
}
