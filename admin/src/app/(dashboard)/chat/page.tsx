import type { Metadata } from 'next';
import { ChartCard } from '@/components/dashboard/chart-card';
import { FilterChips } from '@/components/dashboard/filter-chips';
import { basedOn, MetricKpis } from '@/components/dashboard/kpi-card';
import { PageError } from '@/components/dashboard/page-error';
import { PageHeader } from '@/components/dashboard/page-header';
import { ViewControls } from '@/components/dashboard/view-controls';
import { CHARTS } from '@/lib/charts/definitions';
import { metricInput } from '@/lib/charts/load';
import { METRIC_SEGMENTS } from '@cbc/contract/metric-vocabulary';
import { requirePage } from '@/lib/server/session';
import { settle } from '@/lib/settle';
import { parseView, type SearchParams } from '@/lib/view';

export const metadata: Metadata = { title: 'Chat' };

export default async function ChatPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage('viewer');
  const view = parseView(await searchParams, 'chat');
  const data = await settle(metricInput('chat', view));
  return (
    <>
      <PageHeader title="Chat" description="Conversations with the concierge agent: how they end, how often staff take over, and how guests rate them.">
        <ViewControls view={view} segments={METRIC_SEGMENTS.chat} />
      </PageHeader>
      <FilterChips view={view} metric="chat" />
      {data.ok ? (
        <>
          <MetricKpis
            response={data.value.current}
            specs={[
              { key: 'chat_sessions', label: 'Chat sessions', kind: 'count' },
              { key: 'resolution_rate', label: 'Resolution rate', kind: 'rate' },
              { key: 'handoff_rate', label: 'Handoff rate', kind: 'rate', lowerIsBetter: true },
              { key: 'avg_csat', label: 'Average CSAT', kind: 'score', detail: basedOn('csat_responses', 'ratings') },
            ]}
          />
          <div className="grid gap-4 xl:grid-cols-2">
            <ChartCard def={CHARTS['chat-sessions']} table={CHARTS['chat-sessions'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['chat-funnel']} table={CHARTS['chat-funnel'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['chat-rates']} table={CHARTS['chat-rates'].build(data.value)} view={view} />
            <ChartCard def={CHARTS['chat-csat']} table={CHARTS['chat-csat'].build(data.value)} view={view} />
          </div>
        </>
      ) : (
        <PageError message={data.message} />
      )}
    </>
  );
}
