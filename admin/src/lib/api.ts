import 'server-only';
import { env } from './server/env';
import type {
  AnalyticsMetric,
  AuditEntry,
  BucketParam,
  ErasureReceipt,
  ErrorCode,
  ErrorEnvelope,
  ExportBundle,
  MetricFilters,
  MetricResponse,
  MetricType,
  OperationsSnapshot,
  Segment,
  WindowName,
} from '@cbc/contract';
import { STAFF_ID_HEADER } from '@cbc/contract';

/**
 * The one way the dashboard talks to the Ingest API (server side only: the keys never leave
 * this process). Read calls use the read key; privacy calls the privacy key, a separate scope.
 */

/** The API's own codes, and the dashboard's for failures that never reached it. */
export type ApiErrorCode = ErrorCode | 'api_unreachable' | 'api_error' | 'privacy_not_configured';

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

async function call<T>(path: string, key: string, init: { method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${env().apiUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${key}`,
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      // Metrics change with every dbt build and privacy answers must never be reused.
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(503, 'api_unreachable', 'The analytics API cannot be reached right now.');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as Partial<ErrorEnvelope> | null;
    throw new ApiError(res.status, body?.error?.code ?? 'api_error', body?.error?.message ?? `The analytics API answered ${res.status}.`);
  }
  return (await res.json()) as T;
}

export interface MetricQuery {
  window?: WindowName;
  segment?: Segment;
  /** An explicit range instead of a window: RFC 3339 instants or the club's days (`to` exclusive). */
  from?: string;
  to?: string;
  bucket?: BucketParam;
  filters?: MetricFilters;
}

export function getMetric<T extends MetricType>(type: T, q: MetricQuery = {}): Promise<MetricResponse<T>> {
  const params = new URLSearchParams();
  if (q.from || q.to) {
    if (q.from) params.set('from', q.from);
    if (q.to) params.set('to', q.to);
  } else if (q.window) params.set('window', q.window);
  if (q.segment && q.segment !== 'none') params.set('segment', q.segment);
  if (q.bucket) params.set('bucket', q.bucket);
  for (const [name, value] of Object.entries(q.filters ?? {})) if (value !== undefined) params.set(name, value);
  const qs = params.toString();
  return call<MetricResponse<T>>(`/metrics/${type}${qs ? `?${qs}` : ''}`, env().readKey);
}

/**
 * The same span immediately before a response's window, with the same bucket width (so the two
 * align point by point, whatever `auto` chose) and the same filters (the same slice).
 */
export function getPreviousPeriod<T extends AnalyticsMetric>(type: T, current: MetricResponse<T>): Promise<MetricResponse<T>> {
  const from = new Date(current.window.from).getTime();
  const to = new Date(current.window.to).getTime();
  return getMetric(type, {
    from: new Date(from - (to - from)).toISOString(),
    to: current.window.from,
    segment: current.segment,
    bucket: current.window.bucket as BucketParam,
    filters: current.filters ?? {},
  });
}

export function getOperations(): Promise<OperationsSnapshot> {
  return call<OperationsSnapshot>('/metrics/operations', env().readKey);
}

function privacyKey(): string {
  const key = env().privacyKey;
  if (!key) throw new ApiError(503, 'privacy_not_configured', 'This dashboard has no privacy key (PRIVACY_API_KEYS is empty).');
  return key;
}

// The signed-in staff member rides along on every privacy request, so the API's audit log can
// name them beside this dashboard's key (the API accepts the header from this key only).
const asStaff = (staffId: string) => ({ [STAFF_ID_HEADER]: staffId });

export function privacyExport(guestId: string, staffId: string): Promise<ExportBundle> {
  return call<ExportBundle>('/privacy/export', privacyKey(), { method: 'POST', body: { guest_id: guestId }, headers: asStaff(staffId) });
}

export function privacyDelete(guestId: string, staffId: string): Promise<ErasureReceipt> {
  return call<ErasureReceipt>('/privacy/delete', privacyKey(), { method: 'POST', body: { guest_id: guestId }, headers: asStaff(staffId) });
}

/** What the audit log can be narrowed to; the guest id is hashed by the API, never kept here. */
export interface AuditQuery {
  guestId?: string;
  /** ISO instants: [from, to). */
  from?: string;
  to?: string;
  limit: number;
}

export async function privacyAudit(q: AuditQuery): Promise<AuditEntry[]> {
  const body = { limit: q.limit, ...(q.guestId ? { guest_id: q.guestId } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  return (await call<{ entries: AuditEntry[] }>('/privacy/audit/search', privacyKey(), { method: 'POST', body })).entries;
}

export function privacyAuditEntry(auditId: number): Promise<AuditEntry> {
  return call<AuditEntry>(`/privacy/audit/${auditId}`, privacyKey());
}

export function privacyConfigured(): boolean {
  return env().privacyKey !== null;
}

/** A message fit for staff: what went wrong and what to do, never internals. */
export function describeApiError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'models_not_built') return 'The analytics models have not been built yet (run dbt). Try again after the next build.';
    if (err.status === 401 || err.status === 403) return 'The dashboard’s API key was refused. Check READ_API_KEYS / PRIVACY_API_KEYS.';
    return err.message;
  }
  return 'Something went wrong while loading this page.';
}
