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

export const metadata: Metadata = { title: 'Search' };

export default async function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage('viewer');
  const view = parseView(await searchParams, 'searches');
  const data = await settle(metricInput('searches', view));
  return (
    <>
      <PageHeader title="Search" description="What guests search for, and what they do not find. Query text is shown as stored: redacted before it was saved.">
        <ViewControls view={view} segments={METRIC_SEGMENTS.searches} />
      </PageHeader>
      <FilterChips view={view} metric="searches" />
      {data.ok ? (
        <>
          <MetricKpis
            response={data.value.current}
            specs={[
              { key: 'searches', label: 'Searches', kind: 'count' },
              { key: 'zero_result_searches', label: 'Zero-result searches', kind: 'count', lowerIsBetter: true },
              { key: 'zero_result_rate', label: 'Zero-result rate', kind: 'rate', lowerIsBetter: true },
            ]}
          />
          <div className="grid gap-4 xl:grid-cols-2">
            <ChartCard def={CHARTS['search-volume']} table={CHARTS['search-volume'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['search-zero-rate']} table={CHARTS['search-zero-rate'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['search-top-queries']} table={CHARTS['search-top-queries'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['search-top-zero']} table={CHARTS['search-top-zero'].build(data.value)} view={view} />
          </div>
        </>
      ) : (
        <PageError message={data.message} />
      )}
    </>
  );
}
