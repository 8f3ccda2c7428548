// Cluster operations through the Kubernetes API, shared by the ops CLI (`k8s`) and the admin's
// Operations page. Every call is namespaced and limited to what the chart's admin Role grants.
export { DEFAULT_RELEASE_SELECTOR, loadClusterConfig, type ClusterConfig, type ClusterTarget } from './config';
export type { Section } from './sections';
export { clusterStatus, cronJobView, hpaView, type ClusterStatus, type CronJobView, type DeploymentView, type FailedJob, type HpaMetric, type HpaView, type ScalingEvent } from './status';
export { jobFromCronJob, MANUAL_ANNOTATION, parseRunTarget, runNow, targetComponent, type RunResult, type RunTarget } from './run-now';
