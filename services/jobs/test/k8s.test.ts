import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { k8sCommand } from '../src/commands/k8s';
import { clusterStatus, loadClusterConfig, MANUAL_ANNOTATION, parseRunTarget, runNow, type ClusterTarget } from '../src/k8s/index';
import { startFakeKubeApi, type FakeKubeApi } from './fake-kube-api';

const NS = 'cbc';
const SELECTOR = 'app.kubernetes.io/instance=cbc,app.kubernetes.io/name=cbc-analytics';
const labels = (component: string, instance = 'cbc') => ({ 'app.kubernetes.io/name': 'cbc-analytics', 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/component': component });
const meta = (name: string, component: string, extra: Record<string, unknown> = {}, instance = 'cbc') => ({ name, namespace: NS, labels: labels(component, instance), ...extra });

function cronJob(name: string, component: string, uid: string, instance = 'cbc') {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(name, component, { uid }, instance),
    spec: {
      schedule: '15 * * * *',
      suspend: false,
      jobTemplate: {
        metadata: { labels: labels(component, instance), annotations: { 'checksum/config': 'abc' } },
        spec: { backoffLimit: 1, activeDeadlineSeconds: 2700, template: { metadata: { labels: labels(component, instance) }, spec: { restartPolicy: 'Never', containers: [{ name: component, image: `cbc-${component}:1` }] } } },
      },
    },
    status: { lastScheduleTime: '2026-12-07T03:15:00Z', lastSuccessfulTime: '2026-12-07T02:16:40Z', active: [{ kind: 'Job', name: `${name}-29000195` }] },
  };
}

const owner = (name: string, uid: string) => ({ ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid, controller: true }] });

function seed(fake: FakeKubeApi) {
  fake.objects = {
    cronjobs: [cronJob('cbc-dbt-build', 'dbt-build', 'uid-dbt'), cronJob('cbc-prune-browsing', 'prune-browsing', 'uid-pb'), cronJob('other-dbt-build', 'dbt-build', 'uid-other', 'other')],
    jobs: [
      {
        metadata: meta('cbc-dbt-build-29000135', 'dbt-build', owner('cbc-dbt-build', 'uid-dbt')),
        status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: '2026-12-07T02:20:00Z' }] },
      },
      { metadata: meta('cbc-dbt-build-29000075', 'dbt-build', owner('cbc-dbt-build', 'uid-dbt')), status: { conditions: [{ type: 'Complete', status: 'True' }] } },
      {
        metadata: meta('cbc-prune-browsing-29000010', 'prune-browsing', owner('cbc-prune-browsing', 'uid-pb')),
        status: { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', lastTransitionTime: '2026-12-06T02:40:00Z' }] },
      },
    ],
    pods: [
      {
        metadata: { ...meta('cbc-dbt-build-29000135-abcde', 'dbt-build'), labels: { ...labels('dbt-build'), 'batch.kubernetes.io/job-name': 'cbc-dbt-build-29000135' } },
        status: { phase: 'Failed', containerStatuses: [{ name: 'dbt-build', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 2 } } }] },
      },
      {
        metadata: { ...meta('cbc-dbt-build-29000135-fghij', 'dbt-build'), labels: { ...labels('dbt-build'), 'job-name': 'cbc-dbt-build-29000135' } },
        status: { phase: 'Failed', containerStatuses: [{ name: 'dbt-build', image: 'x', imageID: '', ready: false, restartCount: 0, state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] },
      },
      { metadata: { ...meta('cbc-prune-browsing-29000010-zzzzz', 'prune-browsing'), labels: { ...labels('prune-browsing'), 'job-name': 'cbc-prune-browsing-29000010' } }, status: { phase: 'Failed', reason: 'DeadlineExceeded' } },
    ],
    deployments: [
      { metadata: meta('cbc-ingest', 'ingest'), spec: { replicas: 4, selector: {}, template: {} }, status: { readyReplicas: 3, updatedReplicas: 4, availableReplicas: 3 } },
      { metadata: meta('cbc-admin', 'admin'), spec: { replicas: 2, selector: {}, template: {} }, status: { readyReplicas: 2 } },
    ],
    horizontalpodautoscalers: [
      {
        metadata: meta('cbc-ingest', 'ingest'),
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'cbc-ingest' },
          minReplicas: 2,
          maxReplicas: 10,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
            { type: 'Pods', pods: { metric: { name: 'ingest_http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '50' } } },
          ],
        },
        status: {
          currentReplicas: 3,
          desiredReplicas: 4,
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 91, averageValue: '228m' } } },
            { type: 'Pods', pods: { metric: { name: 'ingest_http_requests_per_second' }, current: { averageValue: '61' } } },
          ],
        },
      },
    ],
    events: [
      { metadata: { name: 'e1', namespace: NS }, involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'cbc-ingest' }, reason: 'SuccessfulRescale', message: 'New size: 3; reason: cpu resource utilization above target', lastTimestamp: '2026-12-07T03:00:00Z' },
      { metadata: { name: 'e2', namespace: NS }, involvedObject: { kind: 'HorizontalPodAutoscaler', name: 'cbc-ingest' }, reason: 'SuccessfulRescale', message: 'New size: 4; reason: pods metric ingest_http_requests_per_second above target', lastTimestamp: '2026-12-07T03:30:00Z' },
      { metadata: { name: 'e3', namespace: NS }, involvedObject: { kind: 'Deployment', name: 'cbc-ingest' }, reason: 'ScalingReplicaSet', message: 'not an HPA event', lastTimestamp: '2026-12-07T03:31:00Z' },
    ],
  };
}

let fake: FakeKubeApi;
let target: ClusterTarget;
beforeAll(async () => {
  fake = await startFakeKubeApi();
});
afterAll(() => fake.close());
beforeEach(() => {
  seed(fake);
  fake.deny.clear();
  fake.broken.clear();
  fake.hang.clear();
  fake.requests.length = 0;
  fake.created.length = 0;
  target = { kubeConfig: fake.kubeConfig(), source: 'test', namespace: NS, selector: SELECTOR };
});

describe('clusterStatus', () => {
  it("lists the release's CronJobs with last runs, active Jobs and why failed Jobs failed", async () => {
    const s = await clusterStatus(target);
    expect(s.cronJobs.state).toBe('ok');
    if (s.cronJobs.state !== 'ok') return;
    // The other release's CronJob is not shown.
    expect(s.cronJobs.value.map((c) => c.name)).toEqual(['cbc-dbt-build', 'cbc-prune-browsing']);
    const dbt = s.cronJobs.value[0]!;
    expect(dbt).toMatchObject({
      component: 'dbt-build',
      schedule: '15 * * * *',
      suspended: false,
      lastScheduleTime: '2026-12-07T03:15:00.000Z',
      lastSuccessfulTime: '2026-12-07T02:16:40.000Z',
      activeJobs: ['cbc-dbt-build-29000195'],
    });
    // The completed Job is not a failure; the failed one carries each pod's termination.
    expect(dbt.failedJobs).toEqual([
      {
        name: 'cbc-dbt-build-29000135',
        reason: 'BackoffLimitExceeded',
        finishedAt: '2026-12-07T02:20:00.000Z',
        terminations: ['cbc-dbt-build-29000135-abcde: Error (exit 2)', 'cbc-dbt-build-29000135-fghij: OOMKilled (exit 137)'],
      },
    ]);
    // A pod without container states (killed at the deadline) reports the pod's own reason.
    expect(s.cronJobs.value[1]!.failedJobs[0]!.terminations).toEqual(['cbc-prune-browsing-29000010-zzzzz: DeadlineExceeded']);
  });

  it('shows the ingest Deployment and its HPA: replicas, each metric against its target, recent scaling events newest first', async () => {
    const s = await clusterStatus(target);
    expect(s.deployment).toEqual({ state: 'ok', value: { name: 'cbc-ingest', desired: 4, ready: 3, updated: 4, available: 3 } });
    expect(s.hpa).toEqual({
      state: 'ok',
      value: {
        name: 'cbc-ingest',
        minReplicas: 2,
        maxReplicas: 10,
        currentReplicas: 3,
        desiredReplicas: 4,
        metrics: [
          { name: 'cpu', current: '91%', target: '70%' },
          { name: 'ingest_http_requests_per_second', current: '61', target: '50' },
        ],
        events: [
          { at: '2026-12-07T03:30:00.000Z', reason: 'SuccessfulRescale', message: 'New size: 4; reason: pods metric ingest_http_requests_per_second above target' },
          { at: '2026-12-07T03:00:00.000Z', reason: 'SuccessfulRescale', message: 'New size: 3; reason: cpu resource utilization above target' },
        ],
      },
    });
  });

  it('turns a 403 into a "not allowed" section and still shows what is allowed', async () => {
    fake.deny.add('list cronjobs');
    fake.deny.add('list horizontalpodautoscalers');
    const s = await clusterStatus(target);
    expect(s.cronJobs).toEqual({ state: 'forbidden', message: expect.stringMatching(/^not allowed to list cronjobs.* in namespace cbc/) });
    expect(s.hpa).toEqual({ state: 'forbidden', message: expect.stringMatching(/^not allowed to list horizontalpodautoscalers/) });
    expect(s.deployment.state).toBe('ok');
  });

  it('denied pods (needed for termination reasons) hide the CronJob section rather than half of it', async () => {
    fake.deny.add('list pods');
    expect((await clusterStatus(target)).cronJobs.state).toBe('forbidden');
  });

  it('a server error is "unavailable" with the status code only, never the body', async () => {
    fake.broken.add('deployments');
    const s = await clusterStatus(target);
    expect(s.deployment).toEqual({ state: 'unavailable', message: 'the API server answered 500 to list deployments' });
    expect(JSON.stringify(s)).not.toContain('etcd');
  });

  it('a server that never answers is "unavailable" at the deadline, and the other parts still show', async () => {
    fake.hang.add('horizontalpodautoscalers');
    fake.hang.add('cronjobs');
    const s = await clusterStatus({ ...target, timeoutMs: 1500 });
    expect(s.hpa).toEqual({ state: 'unavailable', message: 'the API server did not answer within 1.5 s to list horizontalpodautoscalers and events' });
    expect(s.deployment.state).toBe('ok');
    expect(await runNow({ ...target, timeoutMs: 1500 }, { job: 'dbt-build' })).toEqual({ state: 'unavailable', message: expect.stringMatching(/did not answer within 1.5 s to list cronjobs/) });
  });

  it('an unreachable server is "unavailable", not a throw', async () => {
    const down = await startFakeKubeApi();
    const kubeConfig = down.kubeConfig();
    await down.close();
    const s = await clusterStatus({ ...target, kubeConfig });
    for (const part of [s.cronJobs, s.deployment, s.hpa]) expect(part.state).toBe('unavailable');
  });
});

describe('runNow', () => {
  it('creates a Job from the CronJob as kubectl create job --from does', async () => {
    const r = await runNow(target, { job: 'dbt-build' });
    expect(r).toMatchObject({ state: 'created', cronJob: 'cbc-dbt-build', job: expect.stringMatching(/^cbc-dbt-build-manual-/) });
    expect(fake.created).toHaveLength(1);
    const job = fake.created[0]! as unknown as V1Job;
    const cj = fake.objects.cronjobs![0]! as unknown as V1CronJob;
    expect(job.metadata?.generateName).toBe('cbc-dbt-build-manual-');
    expect(job.metadata?.annotations).toEqual({ 'checksum/config': 'abc', [MANUAL_ANNOTATION]: 'manual' });
    expect(job.metadata?.labels).toEqual(labels('dbt-build'));
    expect(job.metadata?.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cbc-dbt-build', uid: 'uid-dbt', controller: true, blockOwnerDeletion: true }]);
    expect(job.spec).toEqual(cj.spec?.jobTemplate.spec);
    expect(fake.requests.at(-1)).toBe(`POST /apis/batch/v1/namespaces/${NS}/jobs`);
  });

  it("picks the class's own pruning CronJob", async () => {
    const r = await runNow(target, { job: 'prune', class: 'browsing' });
    expect(r).toMatchObject({ state: 'created', cronJob: 'cbc-prune-browsing' });
    expect((fake.created[0] as unknown as V1Job).metadata?.ownerReferences?.[0]?.uid).toBe('uid-pb');
  });

  it('says which CronJob is missing (a class whose CronJob is not rendered)', async () => {
    const r = await runNow(target, { job: 'prune', class: 'consent' });
    expect(r).toEqual({ state: 'not-found', message: expect.stringContaining('app.kubernetes.io/component=prune-consent') });
    expect(fake.created).toHaveLength(0);
  });

  it('a Role without create on jobs gives "not allowed" and creates nothing', async () => {
    fake.deny.add('create jobs');
    const r = await runNow(target, { job: 'dbt-build' });
    expect(r).toEqual({ state: 'forbidden', message: expect.stringMatching(/^not allowed to create jobs in namespace cbc/) });
    expect(fake.created).toHaveLength(0);
  });

  it('parses the targets the CLI and the admin accept, and nothing else', () => {
    expect(parseRunTarget('dbt-build', undefined)).toEqual({ job: 'dbt-build' });
    expect(parseRunTarget('dbt-full-test', undefined)).toEqual({ job: 'dbt-full-test' });
    expect(() => parseRunTarget('dbt-full-test', 'browsing')).toThrow(/dbt-full-test takes no --class/);
    expect(() => parseRunTarget('dbt-docs', undefined)).toThrow(/unknown job "dbt-docs": dbt-build, dbt-full-test or prune/);
    expect(parseRunTarget('prune', 'service')).toEqual({ job: 'prune', class: 'service' });
    expect(() => parseRunTarget('prune', undefined)).toThrow(/--class browsing\|service\|consent/);
    expect(() => parseRunTarget('prune', 'everything')).toThrow(/--class/);
    expect(() => parseRunTarget('migrate', undefined)).toThrow(/unknown job/);
    expect(() => parseRunTarget('dbt-build', 'browsing')).toThrow(/no --class/);
  });
});

describe('loadClusterConfig', () => {
  it('is "not in a cluster" without KUBERNETES_SERVICE_HOST or KUBECONFIG (never guesses ~/.kube/config)', () => {
    expect(loadClusterConfig({ HOME: '/root' })).toEqual({ inCluster: false, reason: expect.stringMatching(/^not in a cluster/) });
  });

  it('reads KUBECONFIG (any kubeconfig): server, credentials and the context namespace', async () => {
    const file = writeKubeconfig(fake.url, 'from-context');
    const c = loadClusterConfig({ KUBECONFIG: `${file}:/nonexistent` });
    expect(c.inCluster).toBe(true);
    if (!c.inCluster) return;
    expect(c.target).toMatchObject({ source: file, namespace: 'from-context', selector: 'app.kubernetes.io/name=cbc-analytics' });
    const explicit = loadClusterConfig({ KUBECONFIG: file, K8S_NAMESPACE: NS, K8S_RELEASE_SELECTOR: SELECTOR });
    if (!explicit.inCluster) throw new Error('expected a target');
    expect((await clusterStatus(explicit.target)).cronJobs.state).toBe('ok');
  });

  it('names a KUBECONFIG that cannot be read', () => {
    expect(loadClusterConfig({ KUBECONFIG: '/nonexistent/kubeconfig' })).toEqual({ inCluster: false, reason: expect.stringContaining('/nonexistent/kubeconfig could not be read') });
  });
});

function writeKubeconfig(server: string, namespace: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cbc-kube-')), 'config');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      // client-node refuses plain http unless TLS verification is off, as it is for this local fake.
      clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'op', user: { token: 't' } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'op', namespace } }],
      'current-context': 'fake',
    }),
  );
  return file;
}

async function cli(args: string[], env: Record<string, string | undefined>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c) => out.push(String(c)));
  stderr.on('data', (c) => err.push(String(c)));
  const code = await k8sCommand.run(args, { stdin: new PassThrough(), stdout, stderr, env });
  return { code, out: out.join(''), err: err.join('') };
}

describe('cli k8s', () => {
  it('prints its help', async () => {
    const r = await cli(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/run prune --class browsing\|service\|consent/);
  });

  it('exits 1 with a clear message outside a cluster', async () => {
    const r = await cli(['status'], {});
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/^k8s: not in a cluster/) });
  });

  it('status prints the view; run creates the Job; a denied run exits 1 saying so', async () => {
    const env = { KUBECONFIG: writeKubeconfig(fake.url, NS) };
    const s = await cli(['status', '--selector', SELECTOR], env);
    expect(s.code).toBe(0);
    expect(s.out).toContain('cbc-dbt-build-29000135-fghij: OOMKilled (exit 137)');
    expect(s.out).toContain('ingest_http_requests_per_second: 61 / target 50');
    const r = await cli(['run', 'prune', '--class', 'browsing', '--selector', SELECTOR], env);
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^created Job cbc-prune-browsing-manual-\S+ from CronJob cbc-prune-browsing in namespace cbc/) });
    fake.deny.add('create jobs');
    const denied = await cli(['run', 'dbt-build', '--selector', SELECTOR], env);
    expect(denied).toMatchObject({ code: 1, err: expect.stringMatching(/^k8s run: not allowed: /) });
  });
});
