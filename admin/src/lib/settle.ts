import 'server-only';
import { ApiError, describeApiError } from './api';

export type Settled<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Expected API failures (down, models not built, key refused) become a message the page shows
 * in place; anything else is a bug and goes on to the segment's error.tsx.
 */
export async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, message: describeApiError(err) };
    throw err;
  }
}
