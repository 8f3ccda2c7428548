import 'server-only';
import { clusterStatus, loadClusterConfig, runNow, type ClusterConfig, type ClusterStatus, type RunResult, type RunTarget } from '@cbc/jobs/k8s';
import { env } from './env';

/** What the Cluster section shows: the status, or why there is none. */
export type ClusterView = { inCluster: true; status: ClusterStatus } | { inCluster: false; reason: string };

/**
 * The API server as the pod sees it (service account) or as KUBECONFIG says, narrowed to this
 * release by the chart's K8S_NAMESPACE and K8S_RELEASE_SELECTOR.
 */
function config(): ClusterConfig {
  const { namespace, selector } = env().cluster;
  return loadClusterConfig({
    KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
    KUBECONFIG: process.env.KUBECONFIG,
    K8S_NAMESPACE: namespace ?? undefined,
    K8S_RELEASE_SELECTOR: selector ?? undefined,
  });
}

/** Never throws: a denied or unreachable API server is a state of the view, not an error page. */
export async function clusterView(): Promise<ClusterView> {
  const c = config();
  if (!c.inCluster) return c;
  return { inCluster: true, status: await clusterStatus(c.target) };
}

export async function startJob(target: RunTarget): Promise<RunResult | { state: 'not-in-cluster'; message: string }> {
  const c = config();
  if (!c.inCluster) return { state: 'not-in-cluster', message: c.reason };
  return runNow(c.target, target);
}
