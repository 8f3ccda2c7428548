import type { Metadata } from 'next';
import { ChartCard } from '@/components/dashboard/chart-card';
import { FilterChips } from '@/components/dashboard/filter-chips';
import { countOf, MetricKpis } from '@/components/dashboard/kpi-card';
import { PageError } from '@/components/dashboard/page-error';
import { PageHeader } from '@/components/dashboard/page-header';
import { ViewControls } from '@/components/dashboard/view-controls';
import { CHARTS } from '@/lib/charts/definitions';
import { metricInput } from '@/lib/charts/load';
import { METRIC_SEGMENTS } from '@cbc/contract/metric-vocabulary';
import { requirePage } from '@/lib/server/session';
import { settle } from '@/lib/settle';
import { parseView, type SearchParams } from '@/lib/view';

export const metadata: Metadata = { title: 'Services' };

export default async function ServicesPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage('viewer');
  const view = parseView(await searchParams, 'service_requests');
  const data = await settle(metricInput('service_requests', view));
  return (
    <>
      <PageHeader title="Services" description="Service requests by type and status, how fast staff acknowledge and complete them, and how often a target is missed.">
        <ViewControls view={view} segments={METRIC_SEGMENTS.service_requests} />
      </PageHeader>
      <FilterChips view={view} metric="service_requests" />
      {data.ok ? (
        <>
          <MetricKpis
            response={data.value.current}
            specs={[
              { key: 'requests', label: 'Requests', kind: 'count' },
              { key: 'sla_breach_rate', label: 'SLA breach rate', kind: 'rate', lowerIsBetter: true, detail: countOf('breached', 'requests', 'requests breached') },
              { key: 'ack_p50_minutes', label: 'Acknowledge p50', kind: 'minutes', lowerIsBetter: true },
              { key: 'ack_p90_minutes', label: 'Acknowledge p90', kind: 'minutes', lowerIsBetter: true },
              { key: 'complete_p50_minutes', label: 'Complete p50', kind: 'minutes', lowerIsBetter: true },
              { key: 'complete_p90_minutes', label: 'Complete p90', kind: 'minutes', lowerIsBetter: true },
            ]}
          />
          <div className="grid gap-4 xl:grid-cols-2">
            <ChartCard def={CHARTS['services-requests']} table={CHARTS['services-requests'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['services-by-type-status']} table={CHARTS['services-by-type-status'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['services-times']} table={CHARTS['services-times'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['services-sla']} table={CHARTS['services-sla'].build(data.value)} view={view} />
          </div>
        </>
      ) : (
        <PageError message={data.message} />
      )}
    </>
  );
}
