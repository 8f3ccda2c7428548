import {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  type CoreV1Event,
  type V1CronJob,
  type V1Job,
  type V1Pod,
  type V2HorizontalPodAutoscaler,
  type V2MetricSpec,
  type V2MetricStatus,
  type V2MetricTarget,
  type V2MetricValueStatus,
} from '@kubernetes/client-node';
import type { ClusterTarget } from './config';
import { API_TIMEOUT_MS, iso, section, type Section } from './sections';

/** The chart's component label: `dbt-build`, `prune-browsing`, `ingest`, …. */
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
/** Scaling events shown per HPA, newest first. */
const HPA_EVENTS = 5;

export interface FailedJob {
  name: string;
  /** The Job's Failed condition: BackoffLimitExceeded, DeadlineExceeded, …. */
  reason?: string;
  finishedAt?: string;
  /** Each pod's termination, e.g. `cbc-dbt-build-29-abcde: Error (exit 2)`. */
  terminations: string[];
}

export interface CronJobView {
  name: string;
  component?: string;
  schedule: string;
  suspended: boolean;
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
  activeJobs: string[];
  failedJobs: FailedJob[];
}

export interface DeploymentView {
  name: string;
  desired: number;
  ready: number;
  updated: number;
  available: number;
}

export interface HpaMetric {
  name: string;
  current?: string;
  target: string;
}

export interface ScalingEvent {
  at?: string;
  reason: string;
  message: string;
}

export interface HpaView {
  name: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
  metrics: HpaMetric[];
  events: ScalingEvent[];
}

export interface ClusterStatus {
  source: string;
  namespace: string;
  selector: string;
  cronJobs: Section<CronJobView[]>;
  deployment: Section<DeploymentView | null>;
  hpa: Section<HpaView | null>;
}

/** The ingest Deployment and its HPA, among the release's objects. */
const withComponent = (selector: string, component: string) => `${selector},${COMPONENT_LABEL}=${component}`;

/**
 * What an operator checks first: the CronJobs (with why their last Jobs failed), the ingest
 * Deployment and its HPA. Read-only: get/list on the kinds the chart's Role grants.
 */
export async function clusterStatus(target: ClusterTarget): Promise<ClusterStatus> {
  const { kubeConfig, namespace, selector } = target;
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const autoscaling = kubeConfig.makeApiClient(AutoscalingV2Api);
  const ingest = withComponent(selector, 'ingest');
  const timeoutMs = target.timeoutMs ?? API_TIMEOUT_MS;

  const [cronJobs, deployment, hpa] = await Promise.all([
    section('list cronjobs, jobs and pods', namespace, async () => {
      const [cjs, jobs, pods] = await Promise.all([
        batch.listNamespacedCronJob({ namespace, labelSelector: selector }),
        batch.listNamespacedJob({ namespace, labelSelector: selector }),
        core.listNamespacedPod({ namespace, labelSelector: selector }),
      ]);
      return cjs.items.map((cj) => cronJobView(cj, jobs.items, pods.items)).sort((a, b) => a.name.localeCompare(b.name));
    }, timeoutMs),
    section('list deployments', namespace, async () => {
      const d = (await apps.listNamespacedDeployment({ namespace, labelSelector: ingest })).items[0];
      if (!d) return null;
      return {
        name: d.metadata?.name ?? '',
        desired: d.spec?.replicas ?? 0,
        ready: d.status?.readyReplicas ?? 0,
        updated: d.status?.updatedReplicas ?? 0,
        available: d.status?.availableReplicas ?? 0,
      };
    }, timeoutMs),
    section('list horizontalpodautoscalers and events', namespace, async () => {
      const h = (await autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace, labelSelector: ingest })).items[0];
      if (!h) return null;
      const name = h.metadata?.name ?? '';
      const events = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=${name}` });
      return hpaView(h, events.items);
    }, timeoutMs),
  ]);
  return { source: target.source, namespace, selector, cronJobs, deployment, hpa };
}

const ownedBy = (job: V1Job, cj: V1CronJob) =>
  (job.metadata?.ownerReferences ?? []).some((o) => o.kind === 'CronJob' && (o.uid === cj.metadata?.uid || o.name === cj.metadata?.name));

const failedCondition = (job: V1Job) => job.status?.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');

/** The Job controller labels its pods with the Job's name (the old and the prefixed key). */
const jobOf = (pod: V1Pod) => pod.metadata?.labels?.['batch.kubernetes.io/job-name'] ?? pod.metadata?.labels?.['job-name'];

export function cronJobView(cj: V1CronJob, jobs: V1Job[], pods: V1Pod[]): CronJobView {
  const failedJobs = jobs
    .filter((j) => ownedBy(j, cj) && failedCondition(j))
    .map((j) => {
      const c = failedCondition(j)!;
      const name = j.metadata?.name ?? '';
      return {
        name,
        reason: c.reason,
        finishedAt: iso(c.lastTransitionTime),
        terminations: pods.filter((p) => jobOf(p) === name).flatMap(podTerminations),
      };
    })
    .sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''));
  return {
    name: cj.metadata?.name ?? '',
    component: cj.metadata?.labels?.[COMPONENT_LABEL],
    schedule: cj.spec?.schedule ?? '',
    suspended: cj.spec?.suspend === true,
    lastScheduleTime: iso(cj.status?.lastScheduleTime),
    lastSuccessfulTime: iso(cj.status?.lastSuccessfulTime),
    activeJobs: (cj.status?.active ?? []).map((r) => r.name ?? '').filter(Boolean),
    failedJobs,
  };
}

/** Why each container of a pod ended: its (last) termination state, else the pod's own reason (Evicted, DeadlineExceeded). */
function podTerminations(pod: V1Pod): string[] {
  const name = pod.metadata?.name ?? '';
  const out = (pod.status?.containerStatuses ?? []).flatMap((s) => {
    const t = s.state?.terminated ?? s.lastState?.terminated;
    return t ? [`${name}: ${t.reason ?? 'Terminated'} (exit ${t.exitCode})`] : [];
  });
  if (out.length === 0 && pod.status?.reason) out.push(`${name}: ${pod.status.reason}`);
  return out;
}

function targetText(t: V2MetricTarget): string {
  if (t.averageUtilization !== undefined) return `${t.averageUtilization}%`;
  return String(t.averageValue ?? t.value ?? '?');
}

function currentText(c: V2MetricValueStatus | undefined): string | undefined {
  if (!c) return undefined;
  if (c.averageUtilization !== undefined) return `${c.averageUtilization}%`;
  const v = c.averageValue ?? c.value;
  return v === undefined ? undefined : String(v);
}

/** Resource metrics by resource name, the rest by metric name: `cpu`, `ingest_http_requests_per_second`. */
function metricName(m: V2MetricSpec | V2MetricStatus): string {
  return m.resource?.name ?? m.containerResource?.name ?? m.pods?.metric.name ?? m.object?.metric.name ?? m.external?.metric.name ?? m.type;
}

function specTarget(m: V2MetricSpec): V2MetricTarget | undefined {
  return m.resource?.target ?? m.containerResource?.target ?? m.pods?.target ?? m.object?.target ?? m.external?.target;
}

function statusCurrent(m: V2MetricStatus): V2MetricValueStatus | undefined {
  return m.resource?.current ?? m.containerResource?.current ?? m.pods?.current ?? m.object?.current ?? m.external?.current;
}

const eventTime = (e: CoreV1Event) => iso(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp);

export function hpaView(h: V2HorizontalPodAutoscaler, events: CoreV1Event[]): HpaView {
  const current = h.status?.currentMetrics ?? [];
  return {
    name: h.metadata?.name ?? '',
    minReplicas: h.spec?.minReplicas ?? 1,
    maxReplicas: h.spec?.maxReplicas ?? 0,
    currentReplicas: h.status?.currentReplicas ?? 0,
    desiredReplicas: h.status?.desiredReplicas ?? 0,
    metrics: (h.spec?.metrics ?? []).map((m) => {
      const name = metricName(m);
      const target = specTarget(m);
      return {
        name,
        current: currentText(current.map((c) => (c.type === m.type && metricName(c) === name ? statusCurrent(c) : undefined)).find(Boolean)),
        target: target ? targetText(target) : '?',
      };
    }),
    events: events
      .map((e) => ({ at: eventTime(e), reason: e.reason ?? '', message: e.message ?? '' }))
      .sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''))
      .slice(0, HPA_EVENTS),
  };
}
