import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from './config';

/** A CustomResourceDefinition the stack needs but does not install, and what to do when it is missing. */
export interface RequiredCrd {
  name: string;
  /** Finishes "missing CRD <name>: …". */
  fix: string;
}

const PROMETHEUS_OPERATOR = 'install prometheus-operator (kube-prometheus-stack) first, or set monitoring.enabled=false';
const CNPG = 'install the CloudNativePG operator first, or set cnpg.install=true';

/** The CRDs other people's operators must have installed before this stack can apply. */
export function requiredCrds(cfg: StackConfig): RequiredCrd[] {
  const crds: RequiredCrd[] = [];
  if (cfg.postgres.mode === 'cnpg' && !cfg.cnpg.install) {
    crds.push({ name: 'clusters.postgresql.cnpg.io', fix: CNPG });
    if (cfg.postgres.backup) {
      crds.push({ name: 'scheduledbackups.postgresql.cnpg.io', fix: CNPG });
      crds.push({ name: 'objectstores.barmancloud.cnpg.io', fix: 'install the Barman Cloud plugin beside the operator first, or set cnpg.install=true' });
    }
  }
  // The Barman Cloud plugin secures its link to the operator with cert-manager certificates.
  if (cfg.postgres.mode === 'cnpg' && cfg.cnpg.install && cfg.postgres.backup) {
    crds.push({ name: 'certificates.cert-manager.io', fix: 'install cert-manager first: the Barman Cloud plugin needs it' });
  }
  if (cfg.monitoring.enabled) {
    for (const kind of ['servicemonitors', 'podmonitors', 'prometheusrules']) crds.push({ name: `${kind}.monitoring.coreos.com`, fix: PROMETHEUS_OPERATOR });
  }
  return crds;
}

/**
 * Reads each required CRD from the cluster, so `pulumi preview` stops at once when one is
 * missing, instead of `up` failing halfway with "no matches for kind". The read's name carries
 * the fix: the engine prints it beside the provider's "does not exist".
 */
export class ClusterPrerequisites extends pulumi.ComponentResource {
  public readonly crds: k8s.apiextensions.v1.CustomResourceDefinition[];

  constructor(name: string, args: { crds: RequiredCrd[] }, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:ClusterPrerequisites', name, {}, opts);
    this.crds = args.crds.map((crd) =>
      k8s.apiextensions.v1.CustomResourceDefinition.get(`missing CRD ${crd.name}: ${crd.fix}`, crd.name, { parent: this }),
    );
    this.registerOutputs({});
  }
}
