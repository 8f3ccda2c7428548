import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ClusterStatus } from '@cbc/jobs/k8s';
import { ClusterCard } from '@/app/(dashboard)/operations/cluster-card';

const status: ClusterStatus = {
  source: 'in-cluster',
  namespace: 'cbc',
  selector: 'app.kubernetes.io/instance=cbc,app.kubernetes.io/name=cbc-analytics',
  cronJobs: {
    state: 'ok',
    value: [
      {
        name: 'cbc-dbt-build',
        component: 'dbt-build',
        schedule: '15 * * * *',
        suspended: false,
        lastScheduleTime: '2026-12-07T03:15:00.000Z',
        lastSuccessfulTime: '2026-12-07T02:16:40.000Z',
        activeJobs: [],
        failedJobs: [{ name: 'cbc-dbt-build-29000135', reason: 'BackoffLimitExceeded', finishedAt: '2026-12-07T02:20:00.000Z', terminations: ['cbc-dbt-build-29000135-abcde: OOMKilled (exit 137)'] }],
      },
      { name: 'cbc-prune-service', component: 'prune-service', schedule: '25 2 * * *', suspended: true, activeJobs: [], failedJobs: [] },
      { name: 'cbc-dbt-docs', component: 'dbt-docs', schedule: '45 3 * * *', suspended: false, activeJobs: [], failedJobs: [] },
      { name: 'cbc-dbt-full-test', component: 'dbt-full-test', schedule: '30 3 * * *', suspended: false, activeJobs: [], failedJobs: [] },
    ],
  },
  deployment: { state: 'ok', value: { name: 'cbc-ingest', desired: 4, ready: 3, updated: 4, available: 3 } },
  hpa: {
    state: 'ok',
    value: {
      name: 'cbc-ingest',
      minReplicas: 2,
      maxReplicas: 10,
      currentReplicas: 3,
      desiredReplicas: 4,
      metrics: [{ name: 'cpu', current: '91%', target: '70%' }],
      events: [{ at: '2026-12-07T03:30:00.000Z', reason: 'SuccessfulRescale', message: 'New size: 4; reason: cpu resource utilization above target' }],
    },
  },
};

const html = (view: Parameters<typeof ClusterCard>[0]['view'], csrf: string | null = 'token-123') => renderToStaticMarkup(<ClusterCard view={view} csrf={csrf} />);

describe('ClusterCard', () => {
  it('shows CronJobs with why runs failed, the Deployment and the HPA with its scaling', () => {
    const out = html({ inCluster: true, status });
    expect(out).toContain('cbc-dbt-build-29000135-abcde: OOMKilled (exit 137)');
    expect(out).toContain('BackoffLimitExceeded');
    expect(out).toContain('3/4 ready');
    expect(out).toContain('cpu: 91% / target 70%');
    expect(out).toContain('SuccessfulRescale: New size: 4');
    expect(out).toContain('suspended');
  });

  it('offers Run now for the dbt build, the full test pass and pruning only, carrying the CSRF token', () => {
    const out = html({ inCluster: true, status });
    expect(out.match(/Run now/g)).toHaveLength(3);
    expect(out).toContain('aria-label="Run cbc-dbt-build now"');
    expect(out).toContain('aria-label="Run cbc-dbt-full-test now"');
    expect(out).toMatch(/name="job" value="dbt-full-test"/);
    expect(out).toContain('aria-label="Run cbc-prune-service now"');
    expect(out).toMatch(/name="class" value="service"/);
    expect(out).toMatch(/name="csrf" value="token-123"/);
    expect(out).not.toContain('Run cbc-dbt-docs now');
  });

  it('shows no Run now without a token (a role that may not run jobs)', () => {
    expect(html({ inCluster: true, status }, null)).not.toContain('Run now');
  });

  it('says "not allowed" where the Role denies a part, and shows the rest', () => {
    const out = html({
      inCluster: true,
      status: { ...status, cronJobs: { state: 'forbidden', message: 'not allowed to list cronjobs, jobs and pods in namespace cbc (check the service account\'s Role)' } },
    });
    expect(out).toContain('data-testid="cluster-forbidden"');
    expect(out).toContain('not allowed to list cronjobs');
    expect(out).not.toContain('Run now');
    expect(out).toContain('3/4 ready');
  });

  it('says when the admin is not in a cluster', () => {
    const out = html({ inCluster: false, reason: 'not in a cluster: neither KUBERNETES_SERVICE_HOST nor KUBECONFIG is set' });
    expect(out).toContain('Not running in a cluster: neither KUBERNETES_SERVICE_HOST nor KUBECONFIG is set.');
  });
});
