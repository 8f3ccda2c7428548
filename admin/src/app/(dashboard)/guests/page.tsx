import type { Metadata } from 'next';
import { ChartCard } from '@/components/dashboard/chart-card';
import { FilterChips } from '@/components/dashboard/filter-chips';
import { KpiCard, KpiGrid } from '@/components/dashboard/kpi-card';
import { PageError } from '@/components/dashboard/page-error';
import { PageHeader } from '@/components/dashboard/page-header';
import { ViewControls } from '@/components/dashboard/view-controls';
import { CHARTS } from '@/lib/charts/definitions';
import { metricInput } from '@/lib/charts/load';
import { METRIC_SEGMENTS } from '@cbc/contract/metric-vocabulary';
import { requirePage } from '@/lib/server/session';
import { total } from '@/lib/shape/series';
import { settle } from '@/lib/settle';
import { parseView, type SearchParams } from '@/lib/view';

export const metadata: Metadata = { title: 'Guests' };

export default async function GuestsPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage('viewer');
  const view = parseView(await searchParams, 'guests');
  const data = await settle(metricInput('guests', view));
  return (
    <>
      <PageHeader title="Guests" description="Who uses the concierge: active and new guests, by guest type, channel and language. Groups smaller than the threshold are not listed.">
        <ViewControls view={view} segments={METRIC_SEGMENTS.guests} />
      </PageHeader>
      <FilterChips view={view} metric="guests" />
      {data.ok ? (
        <>
          <KpiGrid>
            <KpiCard
              spec={{ key: 'guests', label: 'Active guests', kind: 'count' }}
              value={total(data.value.current, 'guests')}
              previous={data.value.current.previous_totals?.guests}
              withheld={total(data.value.current, 'guests') === null}
              minGroupSize={data.value.current.min_group_size}
            />
            <KpiCard
              spec={{ key: 'new_guests', label: 'New guests', kind: 'count' }}
              value={data.value.current.extras?.new_guests ?? null}
              previous={null}
              withheld={data.value.current.extras?.new_guests === null}
              minGroupSize={data.value.current.min_group_size}
            />
            <KpiCard
              spec={{ key: 'guest_days', label: 'Guest-days', kind: 'count' }}
              value={total(data.value.current, 'guest_days')}
              previous={data.value.current.previous_totals?.guest_days}
              withheld={total(data.value.current, 'guests') === null}
              minGroupSize={data.value.current.min_group_size}
            />
          </KpiGrid>
          <div className="grid gap-4 xl:grid-cols-2">
            <ChartCard def={CHARTS['guests-activity']} table={CHARTS['guests-activity'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['guests-by-type']} table={CHARTS['guests-by-type'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['guests-by-channel']} table={CHARTS['guests-by-channel'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['guests-by-language']} table={CHARTS['guests-by-language'].build(data.value)} view={view} />
          </div>
        </>
      ) : (
        <PageError message={data.message} />
      )}
    </>
  );
}
