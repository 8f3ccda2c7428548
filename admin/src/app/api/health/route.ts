import { env } from '@/lib/server/env';

export const dynamic = 'force-dynamic';

/**
 * Liveness/readiness probe. Cheap on purpose: configuration loaded and the process serving.
 * It does not call the API, Redis or Postgres — a probe that fails when a dependency does
 * would restart healthy pods during someone else's outage.
 */
export function GET() {
  env();
  return Response.json({ status: 'ok', service: 'cbc-admin' }, { headers: { 'cache-control': 'no-store' } });
}
