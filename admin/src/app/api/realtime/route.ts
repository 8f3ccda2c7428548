import type { NextRequest } from 'next/server';
import { ApiError, getMetric } from '@/lib/api';
import { liveSnapshot } from '@/lib/live';
import { requireApi } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

/** The live panel's poll: any signed-in staff member; counts per minute, no identifiers. */
export async function GET(req: NextRequest) {
  const session = await requireApi(req, 'viewer');
  if (session instanceof Response) return session;
  try {
    return Response.json(liveSnapshot(await getMetric('realtime')), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    if (err instanceof ApiError) return Response.json({ error: { code: err.code, message: err.message } }, { status: 503 });
    throw err;
  }
}
