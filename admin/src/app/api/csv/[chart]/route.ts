import type { NextRequest } from 'next/server';
import { ApiError, describeApiError } from '@/lib/api';
import { appliedFilters, chartDefinition, chartTable } from '@/lib/charts/load';
import { requireApi } from '@/lib/server/session';
import { toCsv } from '@/lib/shape/csv';
import { parseView, type ViewParams } from '@/lib/view';

export const dynamic = 'force-dynamic';

/**
 * GET /api/csv/<chart>?window|from&to&segment&compare&<filters> — the chart's table as CSV,
 * rebuilt on the server from a fresh API call with the same parameters the page used (never
 * from data the browser sends back): the same period, bucket and the filters its metric takes.
 * A URL the page would show a problem for (an invalid date or filter value) is refused here
 * (400): a download must not silently be of another period or slice than asked. The chart's own
 * role rule applies.
 */
export async function GET(req: NextRequest, ctx: { params: Promise<{ chart: string }> }) {
  const { chart } = await ctx.params;
  const def = chartDefinition(chart);
  if (!def) return Response.json({ error: { code: 'unknown_chart', message: `Unknown chart "${chart}"` } }, { status: 404 });
  const session = await requireApi(req, def.minRole);
  if (session instanceof Response) return session;
  const view = parseView(req.nextUrl.searchParams, def.source === 'metric' ? def.metric : undefined);
  if (view.problems.length) return Response.json({ error: { code: 'invalid_parameter', message: view.problems.join(' ') } }, { status: 400 });
  try {
    const csv = toCsv(await chartTable(def, view));
    const name = def.source === 'metric' ? `cbc-${def.id}-${csvName(view, def.trend, appliedFilters(def.metric, view))}.csv` : `cbc-${def.id}.csv`;
    return new Response(csv, {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
    });
  } catch (err) {
    if (err instanceof ApiError) return Response.json({ error: { code: err.code, message: describeApiError(err) } }, { status: 503 });
    throw err;
  }
}

/** `90d`, `2026-03-07_2026-03-09-channel`, `30d-query`: what the file holds, in its name. */
function csvName(view: ViewParams, trend: boolean, filters: object): string {
  const period = view.range ? `${view.range.from}_${view.range.to}` : view.window;
  const segment = trend && view.segment !== 'none' ? `-${view.segment}` : '';
  const filtered = Object.keys(filters).length ? `-filtered-by-${Object.keys(filters).join('-')}` : '';
  return `${period}${segment}${filtered}`;
}
