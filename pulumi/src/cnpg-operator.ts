import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { chartSource, mirrorImage } from './images';

export const CNPG_CHART_REPO = 'https://cloudnative-pg.github.io/charts';
/** The images the two charts deploy, as their charts name them (the tag is the chart's appVersion). */
export const CNPG_OPERATOR_IMAGE = 'ghcr.io/cloudnative-pg/cloudnative-pg';
export const BARMAN_PLUGIN_IMAGE = 'ghcr.io/cloudnative-pg/plugin-barman-cloud';

export interface CnpgOperatorArgs {
  /** Namespace of the operator (created here), e.g. `cnpg-system`. */
  namespace: pulumi.Input<string>;
  /** Exact version of the `cloudnative-pg` chart. */
  chartVersion: string;
  /** The operator chart as a local .tgz or an `oci://` URL instead of the upstream repository (air-gapped installs). */
  operatorChart?: string;
  /** The same for the Barman Cloud plugin chart. */
  barmanPluginChart?: string;
  /** Registry replacing ghcr.io for the operator's and the plugin's images. */
  imageMirror?: string;
  /** Pull secrets (in the operator's namespace) for those images. */
  imagePullSecrets?: string[];
  /**
   * Exact version of the `plugin-barman-cloud` chart, installed only when backups are wanted.
   * The plugin replaces the in-tree `barmanObjectStore` (deprecated since CNPG 1.26, removed in
   * 1.31) and needs cert-manager for the TLS between it and the operator.
   */
  barmanPluginChartVersion?: string;
  /** Labels the cluster's Prometheus selects PodMonitors on (`release: …`); absent = no monitor. */
  monitoringLabels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Keep the CRDs on `pulumi destroy`. Deleting the `Cluster` CRD deletes every Cluster object in
   * the Kubernetes cluster, and with them their PVCs: the data must not hang on the operator.
   */
  retainCrdsOnDelete: boolean;
}

/** Marks the chart's CustomResourceDefinitions retainOnDelete (an engine-side transform). */
export const retainCrds: pulumi.ResourceTransform = (args) =>
  args.type === 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition'
    ? { props: args.props, opts: pulumi.mergeOptions(args.opts, { retainOnDelete: true }) }
    : undefined;

/**
 * The CloudNativePG operator (and, for backups, its Barman Cloud plugin) from the upstream Helm
 * charts, in a namespace of their own. The chart installs the CRDs; Pulumi applies them
 * server-side (its default), which CNPG's large CRDs need.
 */
export class CnpgOperator extends pulumi.ComponentResource {
  /** The operator release: depend on it before declaring a `Cluster`. */
  public readonly chart: k8s.helm.v4.Chart;
  public readonly barmanPlugin?: k8s.helm.v4.Chart;
  public readonly namespace: pulumi.Output<string>;

  constructor(name: string, args: CnpgOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:CnpgOperator', name, {}, opts);
    const ns = new k8s.core.v1.Namespace(
      name,
      { metadata: { name: args.namespace, labels: { 'app.kubernetes.io/managed-by': 'pulumi' } } },
      { parent: this },
    );
    this.namespace = ns.metadata.name;
    const podMonitor = args.monitoringLabels
      ? { podMonitorEnabled: true, podMonitorAdditionalLabels: args.monitoringLabels }
      : { podMonitorEnabled: false };

    const pull = args.imagePullSecrets?.length ? { imagePullSecrets: args.imagePullSecrets.map((n) => ({ name: n })) } : {};
    const image = (ref: string) => (args.imageMirror ? { image: { repository: mirrorImage(ref, args.imageMirror) } } : {});

    this.chart = new k8s.helm.v4.Chart(
      name,
      {
        ...chartSource(args.operatorChart, 'cloudnative-pg', args.chartVersion, CNPG_CHART_REPO),
        namespace: this.namespace,
        values: {
          ...image(CNPG_OPERATOR_IMAGE),
          ...pull,
          crds: { create: true },
          // Watches every namespace, so the app namespace needs no extra RBAC wiring.
          config: { clusterWide: true },
          // The operator's own metrics; the instances' PodMonitor belongs to PostgresCluster.
          monitoring: podMonitor,
        },
      },
      { parent: this, transforms: args.retainCrdsOnDelete ? [retainCrds] : [] },
    );

    if (args.barmanPluginChartVersion !== undefined) {
      this.barmanPlugin = new k8s.helm.v4.Chart(
        `${name}-barman-cloud`,
        {
          ...chartSource(args.barmanPluginChart, 'plugin-barman-cloud', args.barmanPluginChartVersion, CNPG_CHART_REPO),
          // The plugin must run beside the operator: it registers itself through the operator's namespace.
          namespace: this.namespace,
          values: { ...image(BARMAN_PLUGIN_IMAGE), ...pull },
        },
        { parent: this, dependsOn: [this.chart], transforms: args.retainCrdsOnDelete ? [retainCrds] : [] },
      );
    }
    this.registerOutputs({ namespace: this.namespace });
  }
}
