import type { ReactNode } from 'react';
import type { CronJobView, Section } from '@cbc/jobs/k8s';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { ClusterView } from '@/lib/server/k8s';
import { formatDateTime } from '@/lib/shape/format';
import { RunNowButton, type RunJob } from './run-now-button';

/** The CronJobs that have a "Run now": the dbt build, the nightly full test pass and each class's pruning. */
function runTarget(c: CronJobView): { job: RunJob; cls?: string } | null {
  if (c.component === 'dbt-build' || c.component === 'dbt-full-test') return { job: c.component };
  const m = /^prune-([a-z]+)$/.exec(c.component ?? '');
  return m ? { job: 'prune', cls: m[1] } : null;
}

/** A part the service account may not read, or could not: a sentence in place of the part. */
function Part<T>({ s, title, children }: { s: Section<T>; title: string; children: (v: T) => ReactNode }) {
  if (s.state === 'ok') return <>{children(s.value)}</>;
  return (
    <div className="rounded-lg border p-3 text-sm" data-testid={`cluster-${s.state}`}>
      <span className="font-medium">{title}: </span>
      <Badge variant={s.state === 'forbidden' ? 'warning' : 'destructive'}>{s.state === 'forbidden' ? 'not allowed' : 'unavailable'}</Badge>
      <p className="mt-1 text-xs text-muted-foreground">{s.message}</p>
    </div>
  );
}

/**
 * The Cluster section of the Operations page: the release's CronJobs (with why recent runs
 * failed), the ingest Deployment and its HPA, and "Run now" for those who may (`csrf` given).
 * Rendered from what the server read; nothing here calls the Kubernetes API.
 */
export function ClusterCard({ view, csrf }: { view: ClusterView; csrf: string | null }) {
  return (
    <Card data-testid="ops-cluster">
      <CardHeader>
        <div className="space-y-1">
          <CardTitle>Cluster</CardTitle>
          <CardDescription>
            {view.inCluster ? `Namespace ${view.status.namespace}, objects labelled ${view.status.selector}.` : 'The Kubernetes view of the scheduled jobs and the API replicas.'}
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="space-y-4">
        {!view.inCluster ? (
          <p className="text-sm text-muted-foreground" data-testid="cluster-not-in-cluster">
            Not running in a cluster: {view.reason.replace(/^not in a cluster: /, '')}.
          </p>
        ) : (
          <>
            <Part s={view.status.cronJobs} title="CronJobs">
              {(cjs) =>
                cjs.length === 0 ? (
                  <p className="text-sm text-muted-foreground">No CronJob matches the release's labels.</p>
                ) : (
                  <ul className="grid gap-3 lg:grid-cols-2">
                    {cjs.map((c) => {
                      const run = runTarget(c);
                      return (
                        <li key={c.name} className="space-y-1 rounded-lg border p-3" data-testid={`cronjob-${c.name}`}>
                          <div className="flex items-center justify-between gap-2">
                            <span className="font-medium">{c.name}</span>
                            <span className="flex gap-1">
                              {c.suspended && <Badge variant="outline">suspended</Badge>}
                              {c.activeJobs.length > 0 && <Badge variant="secondary">running</Badge>}
                              {c.failedJobs.length > 0 && <Badge variant="destructive">{c.failedJobs.length} failed</Badge>}
                            </span>
                          </div>
                          <p className="text-xs text-muted-foreground">
                            <code>{c.schedule}</code> · last scheduled {formatDateTime(c.lastScheduleTime)} · last success {formatDateTime(c.lastSuccessfulTime)}
                          </p>
                          {c.failedJobs.map((f) => (
                            <div key={f.name} className="text-xs">
                              <p>
                                Failed: {f.name} ({f.reason ?? 'no reason'}, {formatDateTime(f.finishedAt)})
                              </p>
                              <ul className="text-muted-foreground">
                                {f.terminations.map((t) => (
                                  <li key={t}>{t}</li>
                                ))}
                              </ul>
                            </div>
                          ))}
                          {run && csrf && <RunNowButton csrf={csrf} job={run.job} cls={run.cls} label={c.name} />}
                        </li>
                      );
                    })}
                  </ul>
                )
              }
            </Part>
            <div className="grid gap-3 lg:grid-cols-2">
              <Part s={view.status.deployment} title="Ingest Deployment">
                {(d) => (
                  <div className="rounded-lg border p-3 text-sm" data-testid="cluster-deployment">
                    <p className="font-medium">{d ? d.name : 'Ingest Deployment'}</p>
                    <p className="text-xs text-muted-foreground">{d ? `${d.ready}/${d.desired} ready · ${d.updated} updated · ${d.available} available` : 'not found'}</p>
                  </div>
                )}
              </Part>
              <Part s={view.status.hpa} title="Ingest autoscaler">
                {(h) => (
                  <div className="rounded-lg border p-3 text-sm" data-testid="cluster-hpa">
                    <p className="font-medium">{h ? `${h.name}: ${h.currentReplicas} → ${h.desiredReplicas} replicas (${h.minReplicas}–${h.maxReplicas})` : 'No autoscaler'}</p>
                    {h && (
                      <ul className="text-xs text-muted-foreground">
                        {h.metrics.map((m) => (
                          <li key={m.name}>
                            {m.name}: {m.current ?? 'unknown'} / target {m.target}
                          </li>
                        ))}
                        {h.events.map((e) => (
                          <li key={`${e.at}-${e.message}`}>
                            {formatDateTime(e.at)} {e.reason}: {e.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                )}
              </Part>
            </div>
          </>
        )}
      </CardContent>
    </Card>
  );
}
