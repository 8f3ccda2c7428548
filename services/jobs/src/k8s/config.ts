import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/** Where the service account's namespace is mounted in every pod that has a token. */
const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/**
 * The chart's labels for one release. Without K8S_RELEASE_SELECTOR every object of the app in the
 * namespace matches, which is right for the usual one release per namespace.
 */
export const DEFAULT_RELEASE_SELECTOR = 'app.kubernetes.io/name=cbc-analytics';

/** How the API server is reached, and which release is looked at. */
export interface ClusterTarget {
  kubeConfig: KubeConfig;
  /** `in-cluster` (the pod's service account) or the kubeconfig file's path. */
  source: string;
  namespace: string;
  /** Label selector of the release's objects, e.g. `app.kubernetes.io/instance=cbc`. */
  selector: string;
  /** Deadline of each API call; API_TIMEOUT_MS when absent. */
  timeoutMs?: number;
}

export type ClusterConfig = { inCluster: true; target: ClusterTarget } | { inCluster: false; reason: string };

/**
 * In a pod (KUBERNETES_SERVICE_HOST is set by the kubelet) the service account's token; else the
 * file named by KUBECONFIG; else nothing: `~/.kube/config` is deliberately not guessed, so a
 * laptop's current context is never operated on by accident. K8S_NAMESPACE and
 * K8S_RELEASE_SELECTOR narrow what is looked at.
 */
export function loadClusterConfig(env: Record<string, string | undefined>): ClusterConfig {
  const kubeConfig = new KubeConfig();
  let source: string;
  let namespace = env.K8S_NAMESPACE;
  if (env.KUBERNETES_SERVICE_HOST) {
    kubeConfig.loadFromCluster();
    source = 'in-cluster';
    namespace ??= readServiceAccountNamespace();
  } else if (env.KUBECONFIG) {
    // A colon-separated list is kubectl's convention; the first file is the one read here.
    const file = env.KUBECONFIG.split(':')[0]!;
    try {
      kubeConfig.loadFromFile(file);
    } catch (err) {
      return { inCluster: false, reason: `KUBECONFIG ${file} could not be read: ${(err as Error).message}` };
    }
    if (!kubeConfig.getCurrentCluster()) return { inCluster: false, reason: `KUBECONFIG ${file} has no current context` };
    source = file;
    namespace ??= kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
  } else {
    return { inCluster: false, reason: 'not in a cluster: neither KUBERNETES_SERVICE_HOST nor KUBECONFIG is set' };
  }
  return {
    inCluster: true,
    target: { kubeConfig, source, namespace: namespace || 'default', selector: env.K8S_RELEASE_SELECTOR || DEFAULT_RELEASE_SELECTOR },
  };
}

function readServiceAccountNamespace(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
