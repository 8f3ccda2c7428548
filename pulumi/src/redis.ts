import { createHash } from 'node:crypto';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { rotationKeepers, type Rotation } from './rotation';
import type { ResourcesConfig, StorageConfig } from './config';

export const REDIS_PORT = 6379;
export const REDIS_EXPORTER_PORT = 9121;
/** UIDs the images are built for: redis (alpine) 999, redis_exporter 59000. */
const REDIS_UID = 999;
const EXPORTER_UID = 59000;

export interface RedisArgs {
  /** Namespace of the StatefulSet, its Services and Secret (the app namespace). */
  namespace: pulumi.Input<string>;
  /** Object name prefix; plain because it names the Service clients connect to. */
  name: string;
  /** Official Redis image, e.g. `redis:7.4-alpine` (not Bitnami: its free catalogue was withdrawn in 2025). */
  image: pulumi.Input<string>;
  /** redis_exporter image, e.g. `oliver006/redis_exporter:v1.74.0`. */
  exporterImage: pulumi.Input<string>;
  /** Raised to regenerate the password (stack config `credentialRotation.redis`). */
  rotation?: Rotation;
  /** Pull secrets (in the app namespace) for both images. */
  imagePullSecrets?: string[];
  /** `--maxmemory` in Redis units (`256mb`); keep it below the container's memory limit. */
  maxMemory: pulumi.Input<string>;
  /** A PVC for /data with RDB snapshots; off = emptyDir, the cache starts cold after a restart. */
  persistence: { enabled: boolean } & StorageConfig;
  /** Requests and memory limit of the Redis container. */
  resources: pulumi.Input<ResourcesConfig>;
  /** Labels Prometheus selects PodMonitors on; absent = no PodMonitor. */
  monitoringLabels?: Record<string, string>;
}

const restricted = (uid: number) => ({
  runAsNonRoot: true,
  runAsUser: uid,
  runAsGroup: uid,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

/**
 * A single-replica Redis used as a cache (rate-limit windows, webhook fast path, metric answers):
 * an accelerator the API survives without (docs/operations.md), hence one replica, `allkeys-lru`
 * eviction and no HA. A password is generated and passed through an env var.
 */
export class Redis extends pulumi.ComponentResource {
  /** `redis://:<password>@<name>.<namespace>.svc:6379/0` (secret). */
  public readonly url: pulumi.Output<string>;
  public readonly host: pulumi.Output<string>;
  /** Labels of the Redis pod, for NetworkPolicy peers. */
  public readonly podLabels: Record<string, string>;

  constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:Redis', name, {}, opts);
    const labels = { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': args.name, 'app.kubernetes.io/part-of': 'cbc-analytics' };

    this.podLabels = labels;
    const password = new random.RandomPassword(`${name}-password`, { length: 40, special: false, ...rotationKeepers(args.rotation, 'redis') }, { parent: this });
    const auth = new k8s.core.v1.Secret(
      `${name}-auth`,
      { metadata: { name: `${args.name}-auth`, namespace: args.namespace, labels }, type: 'Opaque', stringData: { password: password.result } },
      { parent: this },
    );
    const passwordEnv = { name: 'REDIS_PASSWORD', valueFrom: { secretKeyRef: { name: auth.metadata.name, key: 'password' } } };

    // The governing Service gives the pod its stable DNS name; clients use the ClusterIP one.
    const headless = new k8s.core.v1.Service(
      `${name}-headless`,
      {
        metadata: { name: `${args.name}-headless`, namespace: args.namespace, labels },
        spec: { clusterIP: 'None', selector: labels, ports: [{ name: 'redis', port: REDIS_PORT, targetPort: 'redis' }] },
      },
      { parent: this },
    );
    const service = new k8s.core.v1.Service(
      name,
      {
        metadata: { name: args.name, namespace: args.namespace, labels },
        spec: {
          type: 'ClusterIP',
          selector: labels,
          ports: [
            { name: 'redis', port: REDIS_PORT, targetPort: 'redis' },
            { name: 'metrics', port: REDIS_EXPORTER_PORT, targetPort: 'metrics' },
          ],
        },
      },
      { parent: this },
    );

    const persistence = args.persistence;
    const redisArgs = [
      // $(VAR) is expanded by the kubelet from the container's env, so the password never sits in the spec.
      '--requirepass', '$(REDIS_PASSWORD)',
      '--maxmemory', args.maxMemory,
      '--maxmemory-policy', 'allkeys-lru',
      '--dir', '/data',
      // A cache: RDB snapshots only when there is a volume to keep them, never AOF.
      '--appendonly', 'no',
      ...(persistence.enabled ? ['--save', '900 1 300 100'] : ['--save', '']),
    ];

    new k8s.apps.v1.StatefulSet(
      name,
      {
        metadata: { name: args.name, namespace: args.namespace, labels },
        spec: {
          serviceName: headless.metadata.name,
          replicas: 1,
          selector: { matchLabels: labels },
          // Keep the volume when the StatefulSet goes (pulumi destroy): deleting data is a human decision.
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          template: {
            metadata: {
              labels,
              // A new password must restart Redis, or it keeps the old one while clients use the new.
              annotations: { 'checksum/auth': password.result.apply((p) => createHash('sha256').update(p).digest('hex')) },
            },
            spec: {
              automountServiceAccountToken: false,
              ...(args.imagePullSecrets?.length ? { imagePullSecrets: args.imagePullSecrets.map((n) => ({ name: n })) } : {}),
              enableServiceLinks: false,
              terminationGracePeriodSeconds: 30,
              securityContext: { runAsNonRoot: true, fsGroup: REDIS_UID, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'redis',
                  image: args.image,
                  command: ['redis-server'],
                  args: redisArgs,
                  env: [passwordEnv],
                  ports: [{ name: 'redis', containerPort: REDIS_PORT }],
                  // exec probes would need the password on a command line; a TCP check is enough for a cache.
                  readinessProbe: { tcpSocket: { port: 'redis' }, periodSeconds: 5, failureThreshold: 3 },
                  livenessProbe: { tcpSocket: { port: 'redis' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 6 },
                  resources: args.resources,
                  securityContext: restricted(REDIS_UID),
                  volumeMounts: [
                    { name: 'data', mountPath: '/data' },
                    { name: 'tmp', mountPath: '/tmp' },
                  ],
                },
                {
                  name: 'exporter',
                  image: args.exporterImage,
                  env: [
                    { name: 'REDIS_ADDR', value: `redis://127.0.0.1:${REDIS_PORT}` },
                    passwordEnv,
                    { name: 'REDIS_EXPORTER_WEB_LISTEN_ADDRESS', value: `:${REDIS_EXPORTER_PORT}` },
                  ],
                  ports: [{ name: 'metrics', containerPort: REDIS_EXPORTER_PORT }],
                  readinessProbe: { httpGet: { path: '/health', port: 'metrics' }, periodSeconds: 10 },
                  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
                  securityContext: restricted(EXPORTER_UID),
                },
              ],
              volumes: [
                { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
                ...(persistence.enabled ? [] : [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }]),
              ],
            },
          },
          ...(persistence.enabled
            ? {
                volumeClaimTemplates: [
                  {
                    metadata: { name: 'data', labels },
                    spec: {
                      accessModes: ['ReadWriteOnce'],
                      ...(persistence.storageClass ? { storageClassName: persistence.storageClass } : {}),
                      resources: { requests: { storage: persistence.size } },
                    },
                  },
                ],
              }
            : {}),
        },
      },
      { parent: this },
    );

    // One replica: `maxUnavailable: 1` still lets nodes drain (a cache must not block cluster
    // upgrades; the API falls back while Redis restarts) and states the policy explicitly.
    new k8s.policy.v1.PodDisruptionBudget(
      name,
      { metadata: { name: args.name, namespace: args.namespace, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
      { parent: this },
    );

    if (args.monitoringLabels) {
      new k8s.apiextensions.CustomResource(
        `${name}-monitor`,
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PodMonitor',
          metadata: { name: args.name, namespace: args.namespace, labels: { ...labels, ...args.monitoringLabels } },
          spec: { selector: { matchLabels: labels }, podMetricsEndpoints: [{ port: 'metrics' }] },
        },
        { parent: this },
      );
    }

    this.host = pulumi.interpolate`${service.metadata.name}.${pulumi.output(args.namespace)}.svc`;
    this.url = pulumi.secret(pulumi.interpolate`redis://:${password.result}@${this.host}:${REDIS_PORT}/0`);
    this.registerOutputs({ host: this.host, url: this.url });
  }
}
