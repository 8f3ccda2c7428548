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
import { JOB_ALERTS } from '@/lib/ops/alerts';
import { liveAlerts, type LiveAlerts } from '@/lib/server/alerts';
import { clusterView } from '@/lib/server/k8s';
import { requirePage } from '@/lib/server/session';
import { formatDateTime, formatDuration, formatValue, humanize } from '@/lib/shape/format';
import { jobFailure } from '@/lib/shape/job-failure';
import { settle } from '@/lib/settle';
import { AlertLink, AlertsCard } from './alert-links';
import { ClusterCard } from './cluster-card';
import { PiiQuarantineCard } from './pii-quarantine-card';

export const metadata: Metadata = { title: 'Operations' };

/** The jobs the pipeline depends on, in the order an operator checks them. */
const JOBS = [
  { job: 'dbt_build', label: 'dbt build' },
  { job: 'dbt_full_test', label: 'dbt full test (nightly)' },
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

/** A failed run's reason and the dbt models and tests that failed (and what they held back). */
function FailureDetails({ run }: { run: JobRun | undefined }) {
  const f = jobFailure(run);
  if (!f) return null;
  return (
    <div className="mt-2 space-y-1 text-xs" data-testid="job-failure">
      <p className="text-destructive" data-testid="job-failure-reason">
        {f.reason}
      </p>
      {f.failing.length > 0 && (
        <div>
          <span className="font-medium">Failing:</span>
          <ul className="ml-4 list-disc">
            {f.failing.map((n) => (
              <li key={n} className="font-mono break-all" data-testid="job-failing-check">
                {n}
              </li>
            ))}
          </ul>
        </div>
      )}
      {f.skipped.length > 0 && (
        <p className="text-muted-foreground">
          Not run because of it: <span className="font-mono break-all">{f.skipped.join(', ')}</span>
        </p>
      )}
    </div>
  );
}

/** The alerts a failed or late run of this job leads to, each linking its runbook. */
function JobAlerts({ job, live }: { job: string; live: LiveAlerts }) {
  const names = JOB_ALERTS[job] ?? [];
  if (names.length === 0) return null;
  return (
    <p className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground" data-testid="job-alerts">
      Alerts:
      {names.map((n) => (
        <AlertLink key={n} name={n} live={live} />
      ))}
    </p>
  );
}

export default async function OperationsPage() {
  const session = await requirePage('operator');
  const [data, view, live] = await Promise.all([settle(operations()), clusterView(), liveAlerts()]);
  // "Run now" starts real work: only for the roles the action itself accepts.
  const cluster = <ClusterCard view={view} csrf={hasRole(session.role, 'operator') ? session.csrf : null} />;
  if (!data.ok) {
    return (
      <>
        <PageHeader title="Operations" description="Pipeline health: ingest, transformations, retention and backups." />
        <PageError message={data.message} />
        <AlertsCard live={live} />
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
                  <FailureDetails run={last} />
                  <JobAlerts job={j.job} live={live} />
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
      <AlertsCard live={live} />
      {cluster}
    </>
  );
}
