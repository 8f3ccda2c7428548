import type { NextRequest } from 'next/server';
import { ApiError, describeApiError } from '@/lib/api';
import { chartDefinition, chartTable } from '@/lib/charts/load';
import { requireApi } from '@/lib/server/session';
import { toCsv } from '@/lib/shape/csv';
import { parseView } from '@/lib/view';

export const dynamic = 'force-dynamic';

/**
 * GET /api/csv/<chart>?window&segment&compare — the chart's table as CSV, rebuilt on the
 * server from a fresh API call with the same parameters the page used (never from data the
 * browser sends back). The chart's own role rule applies.
 */
export async function GET(req: NextRequest, ctx: { params: Promise<{ chart: string }> }) {
  const { chart } = await ctx.params;
  const def = chartDefinition(chart);
  if (!def) return Response.json({ error: { code: 'unknown_chart', message: `Unknown chart "${chart}"` } }, { status: 404 });
  const session = await requireApi(req, def.minRole);
  if (session instanceof Response) return session;
  const view = parseView(req.nextUrl.searchParams, def.source === 'metric' ? def.metric : undefined);
  try {
    const csv = toCsv(await chartTable(def, view));
    const name = def.source === 'metric' ? `cbc-${def.id}-${view.window}${def.trend && view.segment !== 'none' ? `-${view.segment}` : ''}.csv` : `cbc-${def.id}.csv`;
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    });
  } catch (err) {
    if (err instanceof ApiError) return Response.json({ error: { code: err.code, message: describeApiError(err) } }, { status: 503 });
    throw err;
  }
}
