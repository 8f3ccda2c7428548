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

export const metadata: Metadata = { title: 'FAQ' };

export default async function FaqPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage('viewer');
  const view = parseView(await searchParams, 'faq');
  const data = await settle(metricInput('faq', view));
  return (
    <>
      <PageHeader title="FAQ" description="Which answers guests read, and whether reading was enough: a view is deflected when no handoff or service request followed within 30 minutes.">
        <ViewControls view={view} segments={METRIC_SEGMENTS.faq} />
      </PageHeader>
      <FilterChips view={view} metric="faq" />
      {data.ok ? (
        <>
          <MetricKpis
            response={data.value.current}
            specs={[
              { key: 'faq_views', label: 'FAQ views', kind: 'count' },
              { key: 'deflected', label: 'Deflected views', kind: 'count' },
              { key: 'deflection_rate', label: 'Deflection rate', kind: 'rate' },
            ]}
          />
          <div className="grid gap-4 xl:grid-cols-2">
            <ChartCard def={CHARTS['faq-views']} table={CHARTS['faq-views'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['faq-deflection']} table={CHARTS['faq-deflection'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['faq-top']} table={CHARTS['faq-top'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['faq-deflection-by-faq']} table={CHARTS['faq-deflection-by-faq'].build(data.value)} view={view} />
          </div>
        </>
      ) : (
        <PageError message={data.message} />
      )}
    </>
  );
}
