import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';

export interface AppNamespaceArgs {
  /** Namespace name; everything of the app lives in it (data stores, secrets, the chart's workloads). */
  name: pulumi.Input<string>;
  /**
   * Keep the namespace on `pulumi destroy`. Deleting a namespace deletes every PVC in it, so
   * this is what actually protects the Postgres and Redis volumes.
   */
  retainOnDelete: boolean;
}

/**
 * The app's namespace, with Pod Security Admission at `restricted`: every pod here (the chart's,
 * CloudNativePG's instances, Redis) runs non-root with no capabilities and RuntimeDefault seccomp,
 * and the API server rejects one that does not.
 */
export class AppNamespace extends pulumi.ComponentResource {
  public readonly name: pulumi.Output<string>;

  constructor(name: string, args: AppNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:AppNamespace', name, {}, opts);
    const ns = new k8s.core.v1.Namespace(
      name,
      {
        metadata: {
          name: args.name,
          labels: {
            'app.kubernetes.io/part-of': 'cbc-analytics',
            'app.kubernetes.io/managed-by': 'pulumi',
            'pod-security.kubernetes.io/enforce': 'restricted',
            'pod-security.kubernetes.io/warn': 'restricted',
            'pod-security.kubernetes.io/audit': 'restricted',
          },
        },
      },
      { parent: this, retainOnDelete: args.retainOnDelete },
    );
    this.name = ns.metadata.name;
    this.registerOutputs({ name: this.name });
  }
}
