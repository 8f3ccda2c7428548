import type { Metadata } from 'next';
import { ChartCard } from '@/components/dashboard/chart-card';
import { FilterChips } from '@/components/dashboard/filter-chips';
import { MetricKpis } from '@/components/dashboard/kpi-card';
import { PageError } from '@/components/dashboard/page-error';
import { PageHeader } from '@/components/dashboard/page-header';
import { ViewControls } from '@/components/dashboard/view-controls';
import { CHARTS } from '@/lib/charts/definitions';
import { metricInput } from '@/lib/charts/load';
import { METRIC_SEGMENTS } from '@cbc/contract/metric-vocabulary';
import { requirePage } from '@/lib/server/session';
import { settle } from '@/lib/settle';
import { parseView, type SearchParams } from '@/lib/view';

export const metadata: Metadata = { title: 'Engagement' };

export default async function EngagementPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage('viewer');
  const view = parseView(await searchParams, 'page_views');
  const data = await settle(metricInput('page_views', view));
  return (
    <>
      <PageHeader title="Engagement" description="Which pages guests open, and how often.">
        <ViewControls view={view} segments={METRIC_SEGMENTS.page_views} />
      </PageHeader>
      <FilterChips view={view} metric="page_views" />
      {data.ok ? (
        <>
          <MetricKpis
            response={data.value.current}
            specs={[
              { key: 'page_views', label: 'Page views', kind: 'count' },
              { key: 'guests', label: 'Guests', kind: 'count' },
            ]}
          />
          <div className="grid gap-4 xl:grid-cols-2">
            <ChartCard def={CHARTS['engagement-page-views']} table={CHARTS['engagement-page-views'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['engagement-top-pages']} table={CHARTS['engagement-top-pages'].build(data.value)} view={view} />
          </div>
        </>
      ) : (
        <PageError message={data.message} />
      )}
    </>
  );
}
