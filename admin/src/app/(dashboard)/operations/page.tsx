import type { Metadata } from 'next';
import { ChartCard } from '@/components/dashboard/chart-card';
import { PageError } from '@/components/dashboard/page-error';
import { PageHeader } from '@/components/dashboard/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { CHARTS } from '@/lib/charts/definitions';
import { operations } from '@/lib/charts/load';
import type { JobRun, OperationsSnapshot } from '@cbc/contract';
import { hasRole } from '@/lib/auth/roles';
import { clusterView } from '@/lib/server/k8s';
import { requirePage } from '@/lib/server/session';
import { formatDateTime, formatDuration, formatValue, humanize } from '@/lib/shape/format';
import { settle } from '@/lib/settle';
import { ClusterCard } from './cluster-card';
import { PiiQuarantineCard } from './pii-quarantine-card';

export const metadata: Metadata = { title: 'Operations' };

/** The jobs the pipeline depends on, in the order an operator checks them. */
const JOBS = [
  { job: 'dbt_build', label: 'dbt build' },
  { job: 'prune_retention', label: 'Retention pruning' },
  { job: 'backup', label: 'Backup' },
  { job: 'ledger_replay', label: 'Ledger replay' },
  { job: 'restore', label: 'Restore' },
];

function statusBadge(run: JobRun | undefined) {
  if (!run) return <Badge variant="outline">never run</Badge>;
  const v = run.status === 'success' ? 'success' : run.status === 'running' ? 'secondary' : 'destructive';
  return <Badge variant={v}>{run.status}</Badge>;
}

function freshness(o: OperationsSnapshot) {
  const lag = o.freshness.lag_seconds;
  if (lag === null) return { text: 'no events yet', variant: 'outline' as const };
  return { text: `${formatDuration(lag)} ago`, variant: lag > 6 * 3600 ? ('destructive' as const) : lag > 3600 ? ('warning' as const) : ('success' as const) };
}

export default async function OperationsPage() {
  const session = await requirePage('operator');
  const [data, view] = await Promise.all([settle(operations()), clusterView()]);
  // "Run now" starts real work: only for the roles the action itself accepts.
  const cluster = <ClusterCard view={view} csrf={hasRole(session.role, 'operator') ? session.csrf : null} />;
  if (!data.ok) {
    return (
      <>
        <PageHeader title="Operations" description="Pipeline health: ingest, transformations, retention and backups." />
        <PageError message={data.message} />
        {cluster}
      </>
    );
  }
  const o = data.value;
  const f = freshness(o);
  const accepted = Object.entries(o.ingest.events_by_outcome).reduce((a, [k, v]) => a + (k === 'accepted' ? v : 0), 0);
  const dropped = Object.values(o.ingest.dropped_by_reason).reduce((a, b) => a + b, 0);
  return (
    <>
      <PageHeader title="Operations" description="Pipeline health: ingest, transformations, the PII quarantine, retention and backups. Counters are this API replica’s since it started." />
      <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
        <Card className="gap-1 px-4 py-4" data-testid="ops-freshness">
          <p className="text-xs font-medium text-muted-foreground">Latest event received</p>
          <p className="text-lg font-semibold">{formatDateTime(o.freshness.latest_event_received_at)}</p>
          <Badge variant={f.variant}>{f.text}</Badge>
        </Card>
        <Card className="gap-1 px-4 py-4">
          <p className="text-xs font-medium text-muted-foreground">Events accepted</p>
          <p className="text-2xl font-semibold tabular-nums">{formatValue(accepted, 'count')}</p>
          <p className="text-xs text-muted-foreground">since {formatDateTime(o.ingest.since)}</p>
        </Card>
        <Card className="gap-1 px-4 py-4">
          <p className="text-xs font-medium text-muted-foreground">Events dropped</p>
          <p className="text-2xl font-semibold tabular-nums">{formatValue(dropped, 'count')}</p>
          <p className="text-xs text-muted-foreground">by reason below</p>
        </Card>
        <Card className="gap-1 px-4 py-4">
          <p className="text-xs font-medium text-muted-foreground">Last dbt build</p>
          <p className="text-lg font-semibold">{formatDateTime(o.jobs.dbt_build?.[0]?.finished_at ?? o.jobs.dbt_build?.[0]?.started_at)}</p>
          <div>{statusBadge(o.jobs.dbt_build?.[0])}</div>
        </Card>
      </div>
      <PiiQuarantineCard q={o.pii_quarantine} />
      <Card>
        <CardHeader>
          <div className="space-y-1">
            <CardTitle>Scheduled jobs</CardTitle>
            <CardDescription>The latest run of each job the data depends on.</CardDescription>
          </div>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
            {JOBS.map((j) => {
              const last = o.jobs[j.job]?.[0];
              return (
                <li key={j.job} className="rounded-lg border p-3" data-testid={`job-${j.job}`}>
                  <div className="flex items-center justify-between gap-2">
                    <span className="font-medium">{j.label}</span>
                    {statusBadge(last)}
                  </div>
                  <p className="mt-1 text-xs text-muted-foreground">
                    {last ? `${formatDateTime(last.started_at)} · ${formatDuration(last.duration_s)}` : 'no run recorded yet'}
                  </p>
                </li>
              );
            })}
          </ul>
          {Object.keys(o.jobs).filter((k) => !JOBS.some((j) => j.job === k)).length > 0 && (
            <p className="mt-3 text-xs text-muted-foreground">
              Also recorded:{' '}
              {Object.keys(o.jobs)
                .filter((k) => !JOBS.some((j) => j.job === k))
                .map(humanize)
                .join(', ')}
              .
            </p>
          )}
        </CardContent>
      </Card>
      <div className="grid gap-4 xl:grid-cols-2">
        <ChartCard def={CHARTS['ops-ingest']} table={CHARTS['ops-ingest'].build(o)} />
        <ChartCard def={CHARTS['ops-drops']} table={CHARTS['ops-drops'].build(o)} />
      </div>
      <ChartCard def={CHARTS['ops-jobs']} table={CHARTS['ops-jobs'].build(o)} />
      {cluster}
    </>
  );
}
