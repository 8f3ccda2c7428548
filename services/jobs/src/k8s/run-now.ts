import { BatchV1Api, type V1CronJob, type V1Job } from '@kubernetes/client-node';
import { RETENTION_CLASSES, type RetentionClass } from '@cbc/contract';
import type { ClusterTarget } from './config';
import { API_TIMEOUT_MS, describeFailure, withTimeout } from './sections';
import { COMPONENT_LABEL } from './status';

/** The annotation `kubectl create job --from=cronjob/…` sets, so a manual run is told apart from a scheduled one. */
export const MANUAL_ANNOTATION = 'cronjob.kubernetes.io/instantiate';

/** The dbt CronJobs that may be run on demand: the build, and the nightly full test pass (rerun after a fix). */
const DBT_JOBS = ['dbt-build', 'dbt-full-test'] as const;

/** What may be run on demand: a dbt CronJob, or the retention pruning of one class. */
export type RunTarget = { job: (typeof DBT_JOBS)[number] } | { job: 'prune'; class: RetentionClass };

/** The chart's component label of the CronJob behind a target (a dbt job is named after it). */
export function targetComponent(target: RunTarget): string {
  return target.job === 'prune' ? `prune-${target.class}` : target.job;
}

/** `dbt-build`, `dbt-full-test`, or `prune` with a class; throws with the allowed values on anything else. */
export function parseRunTarget(job: string | undefined, cls: string | undefined): RunTarget {
  const dbt = DBT_JOBS.find((j) => j === job);
  if (dbt) {
    if (cls !== undefined) throw new Error(`${dbt} takes no --class`);
    return { job: dbt };
  }
  if (job === 'prune') {
    if (!(RETENTION_CLASSES as readonly (string | undefined)[]).includes(cls)) throw new Error(`prune needs --class ${RETENTION_CLASSES.join('|')}`);
    return { job, class: cls as RetentionClass };
  }
  throw new Error(`unknown job ${JSON.stringify(job ?? '')}: ${DBT_JOBS.join(', ')} or prune`);
}

/**
 * A Job from a CronJob's template, as `kubectl create job --from=cronjob/<name>` builds it: the
 * template's labels and spec, its annotations plus the manual marker, and the CronJob as
 * controlling owner (so the CronJob's history limits and concurrency see the run, and deleting
 * the CronJob deletes it). The server picks the name's suffix: two clicks never collide.
 */
export function jobFromCronJob(cj: V1CronJob): V1Job {
  const name = cj.metadata?.name;
  const uid = cj.metadata?.uid;
  const template = cj.spec?.jobTemplate;
  if (!name || !uid || !template?.spec) throw new Error('the CronJob has no name, uid or job template');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      // The API server truncates the base so the generated name stays within 63 characters.
      generateName: `${name}-manual-`,
      namespace: cj.metadata?.namespace,
      labels: { ...template.metadata?.labels },
      annotations: { ...template.metadata?.annotations, [MANUAL_ANNOTATION]: 'manual' },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: template.spec,
  };
}

export type RunResult =
  | { state: 'created'; cronJob: string; job: string }
  | { state: 'not-found'; message: string }
  | { state: 'forbidden'; message: string }
  | { state: 'unavailable'; message: string };

/** Finds the release's CronJob for the target and creates a Job from it now. */
export async function runNow(target: ClusterTarget, run: RunTarget): Promise<RunResult> {
  const { kubeConfig, namespace, selector } = target;
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const component = targetComponent(run);
  const timeoutMs = target.timeoutMs ?? API_TIMEOUT_MS;
  let cj: V1CronJob | undefined;
  try {
    cj = (await withTimeout(batch.listNamespacedCronJob({ namespace, labelSelector: `${selector},${COMPONENT_LABEL}=${component}` }), timeoutMs)).items[0];
  } catch (err) {
    return describeFailure(err, 'list cronjobs', namespace);
  }
  if (!cj) return { state: 'not-found', message: `no CronJob labelled ${COMPONENT_LABEL}=${component} matches ${selector} in namespace ${namespace}` };
  try {
    const job = await withTimeout(batch.createNamespacedJob({ namespace, body: jobFromCronJob(cj) }), timeoutMs);
    return { state: 'created', cronJob: cj.metadata?.name ?? '', job: job.metadata?.name ?? '' };
  } catch (err) {
    return describeFailure(err, 'create jobs', namespace);
  }
}
