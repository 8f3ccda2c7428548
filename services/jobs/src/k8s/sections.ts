import { ApiException } from '@kubernetes/client-node';

/**
 * One part of the cluster view. Each part is read on its own, so a Role that lacks one verb
 * hides that part with a sentence instead of failing the whole page (or answering 500).
 */
export type Section<T> =
  | { state: 'ok'; value: T }
  /** The API server answered 401/403: the service account may not do this. */
  | { state: 'forbidden'; message: string }
  /** Anything else: the server is unreachable or failed. */
  | { state: 'unavailable'; message: string };

/** What the caller was trying to do, for the messages: "list cronjobs". */
type Action = string;

/** The HTTP status of a failed API call, or undefined for a network failure. */
export function apiStatus(err: unknown): number | undefined {
  return err instanceof ApiException ? err.code : undefined;
}

/**
 * How long one read or create may take. The client has no deadline of its own, and an API
 * server behind a dropping firewall would otherwise hold the Operations page until the TCP
 * timeout, minutes later.
 */
export const API_TIMEOUT_MS = 5000;

class ApiTimeout extends Error {
  constructor(public readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** The call's result, or an ApiTimeout after `ms` (the request itself is left to finish or fail). */
export async function withTimeout<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ApiTimeout(ms)), ms);
  });
  try {
    return await Promise.race([call, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function describeFailure(err: unknown, action: Action, namespace: string): Exclude<Section<never>, { state: 'ok' }> {
  if (err instanceof ApiTimeout) return { state: 'unavailable', message: `the API server did not answer within ${err.ms / 1000} s to ${action}` };
  const code = apiStatus(err);
  if (code === 401 || code === 403) {
    return { state: 'forbidden', message: `not allowed to ${action} in namespace ${namespace} (check the service account's Role)` };
  }
  // The body of an API error can echo object contents; only the status code is shown.
  if (code !== undefined) return { state: 'unavailable', message: `the API server answered ${code} to ${action}` };
  return { state: 'unavailable', message: `the API server could not be reached to ${action}: ${(err as Error).message}` };
}

export async function section<T>(action: Action, namespace: string, read: () => Promise<T>, timeoutMs: number): Promise<Section<T>> {
  try {
    return { state: 'ok', value: await withTimeout(read(), timeoutMs) };
  } catch (err) {
    return describeFailure(err, action, namespace);
  }
}

/** A timestamp as ISO text (the client deserialises them to Date), or undefined. */
export function iso(d: Date | string | undefined | null): string | undefined {
  if (d === undefined || d === null) return undefined;
  const t = d instanceof Date ? d : new Date(d);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}
