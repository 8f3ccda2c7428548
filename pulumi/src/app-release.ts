import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { APP_IMAGES, type AppImage } from './images';

/** Where Postgres (or Redis) is, for the chart's NetworkPolicy egress: pods in the cluster, or CIDRs outside. */
export type StorePeer = { podLabels: Record<string, string> } | { cidrs: string[] };

export interface AppReleaseArgs {
  /** Namespace to install into (the app namespace). */
  namespace: pulumi.Input<string>;
  /** Helm release name; also the chart's `fullnameOverride`, so objects are `<release>-ingest`, …. */
  releaseName: string;
  /** Chart directory, relative to the Pulumi project (`../charts/cbc-analytics`). */
  chartPath: pulumi.Input<string>;
  /** Registry host, repository prefix and tag of the app images; a digest pins an image (the chart's `images.<name>.digest`). */
  image: { registry: string; repositoryPrefix: string; tag: string; digests: Partial<Record<AppImage, string>> };
  /** Registry replacing every image's registry in the chart (its `global.imageRegistry`). */
  imageMirror?: string;
  /** Pull secrets for every pod of the chart. */
  imagePullSecrets: string[];
  /** Name of the credentials Secret written by AppSecrets. */
  existingSecret: pulumi.Input<string>;
  /** Digest of that Secret's data; the chart annotates pods with it, so a rotation rolls them. */
  existingSecretChecksum: pulumi.Input<string>;
  /** Public host names; no ingest Ingress when `ingest` is absent (the agent calls in-cluster). */
  hosts: { admin: string; ingest?: string };
  /** IngressClass; the chart's default when absent. */
  ingressClassName?: string;
  /** TLS on the Ingresses; certificates from this cert-manager ClusterIssuer when one is named. */
  tls: { enabled: boolean; clusterIssuer?: string };
  /** Proxies (the ingress controller's pods) whose X-Forwarded-For the admin's sign-in limit believes. */
  adminTrustedProxies: string[];
  /** HPA bounds of the ingest Deployment. */
  ingestReplicas: { minReplicas: number; maxReplicas: number };
  /** Where dbt connects (the read-write host) and max_connections, which the chart's connection budget checks. */
  postgres: pulumi.Input<{
    host: string;
    port: number;
    database: string;
    sslMode: string;
    maxConnections: number;
    /** The CloudNativePG pooler ingest and the admin connect through (the chart's `postgres.pooler`). */
    pooler?: { enabled: boolean; name: string; instances: number; defaultPoolSize: number; maxClientConn: number };
  }>;
  /** Postgres and Redis as NetworkPolicy peers. */
  peers: { postgres: StorePeer; redis: StorePeer };
  /** Monitoring on/off, the labels the cluster's Prometheus selects on, and its namespace. */
  monitoring: { enabled: boolean; labels: Record<string, string>; prometheusNamespace: string };
  /** What must exist before the app starts: the Postgres cluster, Redis, the Secret. */
  dependsOn: pulumi.Input<pulumi.Resource>[];
}

const storeValues = (peer: StorePeer) =>
  'cidrs' in peer ? { podSelector: {}, namespaceSelector: {}, cidrs: peer.cidrs } : { podSelector: { matchLabels: peer.podLabels }, cidrs: [] };

/**
 * The values handed to charts/cbc-analytics (its values.yaml documents each key): the one place
 * the Pulumi → chart contract is written. No secret goes in here, only the Secret's name.
 */
export function appValues(args: AppReleaseArgs) {
  const ingress = (host: string | undefined) => ({
    enabled: host !== undefined,
    ...(host ? { host } : {}),
    ...(args.ingressClassName ? { className: args.ingressClassName } : {}),
    annotations: args.tls.enabled && args.tls.clusterIssuer ? { 'cert-manager.io/cluster-issuer': args.tls.clusterIssuer } : {},
    tls: { enabled: args.tls.enabled },
  });
  return pulumi.all([args.postgres, args.existingSecret, args.existingSecretChecksum]).apply(([postgres, existingSecret, checksum]) => ({
    fullnameOverride: args.releaseName,
    image: { registry: args.imageMirror ?? args.image.registry, tag: args.image.tag },
    // The chart's own rule: global.imageRegistry replaces the registry of every image it runs.
    ...(args.imageMirror ? { global: { imageRegistry: args.imageMirror } } : {}),
    imagePullSecrets: args.imagePullSecrets,
    images: Object.fromEntries(
      APP_IMAGES.map((i) => [i, { repository: `${args.image.repositoryPrefix}/cbc-${i}`, ...(args.image.digests[i] ? { digest: args.image.digests[i] } : {}) }]),
    ),
    existingSecret,
    existingSecretChecksum: checksum,
    postgres,
    ingest: {
      hpa: { enabled: true, minReplicas: args.ingestReplicas.minReplicas, maxReplicas: args.ingestReplicas.maxReplicas },
      ingress: ingress(args.hosts.ingest),
    },
    admin: { ingress: ingress(args.hosts.admin), trustedProxies: args.adminTrustedProxies },
    networkPolicy: {
      postgres: storeValues(args.peers.postgres),
      redis: storeValues(args.peers.redis),
      prometheus: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': args.monitoring.prometheusNamespace } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      },
    },
    monitoring: {
      enabled: args.monitoring.enabled,
      serviceMonitor: { labels: args.monitoring.labels },
      prometheusRule: { labels: args.monitoring.labels },
    },
  }));
}

/**
 * The app's Helm chart (every app workload lives there), installed with `helm.v4.Chart` and
 * values wired to what Pulumi provisioned. `helm.v4.Chart` drops chart hooks, which is why the
 * chart runs migrations as a plain Job: Pulumi waits for it, so a failed migration fails `pulumi up`.
 */
export class AppRelease extends pulumi.ComponentResource {
  public readonly chart: k8s.helm.v4.Chart;

  constructor(name: string, args: AppReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:AppRelease', name, {}, opts);
    this.chart = new k8s.helm.v4.Chart(
      name,
      { name: args.releaseName, chart: args.chartPath, namespace: args.namespace, values: appValues(args) },
      { parent: this, dependsOn: args.dependsOn },
    );
    this.registerOutputs({});
  }
}
