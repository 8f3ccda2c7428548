import type { Metadata } from 'next';
import { ChartCard } from '@/components/dashboard/chart-card';
import { FilterChips } from '@/components/dashboard/filter-chips';
import { MetricKpis } from '@/components/dashboard/kpi-card';
import { LivePanel } from '@/components/dashboard/live-panel';
import { PageError } from '@/components/dashboard/page-error';
import { PageHeader } from '@/components/dashboard/page-header';
import { ViewControls } from '@/components/dashboard/view-controls';
import { CHARTS } from '@/lib/charts/definitions';
import { metricInput } from '@/lib/charts/load';
import { getMetric } from '@/lib/api';
import { liveSnapshot } from '@/lib/live';
import { METRIC_SEGMENTS } from '@cbc/contract/metric-vocabulary';
import { requirePage } from '@/lib/server/session';
import { settle } from '@/lib/settle';
import { parseView, type SearchParams } from '@/lib/view';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage('viewer');
  const view = parseView(await searchParams, 'overview');
  const [data, live] = await Promise.all([settle(metricInput('overview', view)), settle(getMetric('realtime'))]);
  return (
    <>
      <PageHeader title="Overview" description="How guests used the concierge in the chosen window, against the period before it.">
        <ViewControls view={view} segments={METRIC_SEGMENTS.overview} />
      </PageHeader>
      <FilterChips view={view} metric="overview" />
      {data.ok ? (
        <MetricKpis
          response={data.value.current}
          specs={[
            { key: 'guests', label: 'Guests', kind: 'count' },
            { key: 'sessions', label: 'Sessions', kind: 'count' },
            { key: 'chats', label: 'Chats', kind: 'count' },
            { key: 'service_requests', label: 'Service requests', kind: 'count' },
            { key: 'search_success_rate', label: 'Search success rate', kind: 'rate' },
            { key: 'faq_deflection_rate', label: 'FAQ deflection', kind: 'rate' },
          ]}
        />
      ) : (
        <PageError message={data.message} />
      )}
      <LivePanel initial={live.ok ? liveSnapshot(live.value) : undefined} />
      {data.ok && (
        <div className="grid gap-4 xl:grid-cols-2">
          <ChartCard def={CHARTS['overview-activity']} table={CHARTS['overview-activity'].build(data.value)} view={view} />
          <ChartCard def={CHARTS['overview-interactions']} table={CHARTS['overview-interactions'].build(data.value)} view={view} />
        </div>
      )}
    </>
  );
}
