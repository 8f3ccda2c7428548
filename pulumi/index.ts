// CBC Analytics on Kubernetes. Pulumi owns what the app stands on (operators, the Postgres
// cluster, Redis, the namespace, the credentials) and then installs the app's Helm chart wired
// to it; the chart owns every app workload. Nothing is declared in both places
// (shared/reference/kubernetes.md).
import * as pulumi from '@pulumi/pulumi';
import type { LoginRole } from '@cbc/db';
import { AppRelease, type StorePeer } from './src/app-release';
import { CnpgOperator } from './src/cnpg-operator';
import { loadStackConfig } from './src/config';
import { AppNamespace } from './src/namespace';
import { PostgresCluster, DATABASE, POSTGRES_PORT } from './src/postgres-cluster';
import { Redis } from './src/redis';
import { AppSecrets, credentialsSecretName } from './src/secrets';

const { cfg, secrets } = loadStackConfig();
const release = cfg.releaseName;
const monitoringLabels = cfg.monitoring.enabled ? { release: cfg.monitoring.prometheusRelease } : undefined;

const ns = new AppNamespace('namespace', { name: cfg.namespace, retainOnDelete: cfg.retainDataOnDestroy });
const namespace = ns.name;

// ── Postgres: a CloudNativePG cluster, or the URLs of one that already exists ──────────────────
type PostgresValues = { host: string; port: number; database: string; sslMode: string; maxConnections: number };
let databaseUrls: Record<LoginRole, pulumi.Output<string>>;
let postgresValues: pulumi.Output<PostgresValues>;
let postgresPeer: StorePeer;
let postgres: PostgresCluster | undefined;
if (cfg.postgres.mode === 'cnpg') {
  const pg = cfg.postgres;
  const operator = cfg.cnpg.install
    ? new CnpgOperator('cnpg', {
        namespace: cfg.cnpg.namespace,
        chartVersion: cfg.cnpg.chartVersion,
        barmanPluginChartVersion: pg.backup ? cfg.cnpg.barmanPluginChartVersion : undefined,
        monitoringLabels,
        retainCrdsOnDelete: cfg.retainDataOnDestroy,
      })
    : undefined;
  postgres = new PostgresCluster('postgres', {
    namespace,
    clusterName: pg.clusterName,
    instances: pg.instances,
    storage: pg.storage,
    maxConnections: pg.maxConnections,
    sharedBuffers: pg.sharedBuffers,
    antiAffinity: pg.antiAffinity,
    imageName: pg.imageName,
    resources: pg.resources,
    backup: pg.backup,
    monitoringLabels,
    operator: operator ? [operator.chart, ...(operator.barmanPlugin ? [operator.barmanPlugin] : [])] : undefined,
    retainOnDelete: cfg.retainDataOnDestroy,
  });
  databaseUrls = postgres.urls;
  postgresValues = postgres.rwHost.apply((host) => ({ host, port: POSTGRES_PORT, database: DATABASE, sslMode: 'require', maxConnections: pg.maxConnections }));
  postgresPeer = { podLabels: { 'cnpg.io/cluster': pg.clusterName } };
} else {
  const urls = secrets.externalDatabaseUrls!; // loadStackConfig requires them in this mode
  const maxConnections = cfg.postgres.maxConnections;
  databaseUrls = urls;
  // Host, port and database are not secret, but they come out of a secret URL: unsecret only those.
  postgresValues = pulumi.unsecret(
    urls.cbc_transformer.apply((u) => {
      const url = new URL(u);
      const sslMode = url.searchParams.get('sslmode') ?? 'prefer';
      return { host: url.hostname, port: Number(url.port || POSTGRES_PORT), database: url.pathname.slice(1), sslMode, maxConnections };
    }),
  );
  postgresPeer = { cidrs: cfg.postgres.cidrs };
}

// ── Redis: the official image as a small StatefulSet, or an existing one ──────────────────────
let redisUrl: pulumi.Output<string>;
let redisPeer: StorePeer;
let redis: Redis | undefined;
if (cfg.redis.mode === 'statefulset') {
  redis = new Redis('redis', {
    namespace,
    name: `${release}-redis`,
    image: cfg.redis.image,
    exporterImage: cfg.redis.exporterImage,
    maxMemory: cfg.redis.maxMemory,
    persistence: cfg.redis.persistence,
    resources: cfg.redis.resources,
    monitoringLabels,
  });
  redisUrl = redis.url;
  redisPeer = { podLabels: redis.podLabels };
} else {
  redisUrl = secrets.externalRedisUrl!; // loadStackConfig requires it in this mode
  redisPeer = { cidrs: cfg.redis.cidrs };
}

const appSecrets = new AppSecrets('secrets', {
  namespace,
  releaseName: release,
  databaseUrls,
  redisUrl,
  hmacSecret: secrets.hmacSecret,
  ipSalt: secrets.ipSalt,
  privacyLedgerKey: secrets.privacyLedgerKey,
  ingestApiKeys: secrets.ingestApiKeys,
  readApiKeys: secrets.readApiKeys,
  privacyApiKeys: secrets.privacyApiKeys,
});

new AppRelease('app', {
  namespace,
  releaseName: release,
  chartPath: cfg.appChartPath,
  image: cfg.image,
  existingSecret: appSecrets.secretName,
  existingSecretChecksum: appSecrets.checksum,
  hosts: cfg.hosts,
  ingressClassName: cfg.ingressClassName,
  tls: cfg.tls,
  ingestReplicas: cfg.ingest,
  postgres: postgresValues,
  peers: { postgres: postgresPeer, redis: redisPeer },
  monitoring: { enabled: cfg.monitoring.enabled, labels: monitoringLabels ?? {}, prometheusNamespace: cfg.monitoring.namespace },
  dependsOn: [appSecrets, ...(postgres ? [postgres] : []), ...(redis ? [redis] : [])],
});

// ── Stack outputs ─────────────────────────────────────────────────────────────────────────────
/** Port of the chart's `<release>-ingest` Service (values: ingest.service.port). */
const INGEST_SERVICE_PORT = 80;
const scheme = cfg.tls.enabled ? 'https' : 'http';
const jobsImage = `${cfg.image.registry}/${cfg.image.repositoryPrefix}/cbc-jobs:${cfg.image.tag}`;

export const ingestUrl = {
  /** What the concierge agent calls from inside the cluster. */
  internal: pulumi.interpolate`http://${release}-ingest.${namespace}.svc:${INGEST_SERVICE_PORT}`,
  ...(cfg.hosts.ingest ? { external: `${scheme}://${cfg.hosts.ingest}` } : {}),
};
export const dashboardUrl = `${scheme}://${cfg.hosts.admin}`;
export { namespace };
export const postgresClusterName = postgres ? postgres.clusterName : 'external';
/** The agent's ingest key and webhook secret: `pulumi stack output --show-secrets agentCredentials`. */
export const agentCredentials = pulumi.secret({ ingestApiKeys: appSecrets.ingestApiKeys, hmacSecret: appSecrets.hmacSecret });

/**
 * Creates the first staff account with the jobs image's CLI as the admin's own role (cbc_admin,
 * which may write admin.staff_accounts and nothing else), in a one-off pod that deletes itself.
 * Replace you@example.com. `kubectl run` cannot mount a secret key or set a securityContext by
 * flag, and the namespace enforces the restricted Pod Security level, so the pod spec comes in
 * full through --overrides.
 */
export const firstAdminCommand = pulumi.interpolate`kubectl -n ${namespace} run ${release}-create-staff --rm -it --restart=Never --image=${jobsImage} --overrides='${JSON.stringify(
  {
    apiVersion: 'v1',
    // The chart's labels for this pod: its NetworkPolicy for jobs lets it reach Postgres.
    metadata: { labels: { 'app.kubernetes.io/name': 'cbc-analytics', 'app.kubernetes.io/instance': release, 'app.kubernetes.io/component': 'create-staff' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: `${release}-create-staff`,
          image: jobsImage,
          // The jobs image has no ENTRYPOINT: args are the whole command, as in the chart's Jobs.
          args: ['node', 'dist/cli.js', 'create-staff', '--email', 'you@example.com', '--role', 'admin'],
          stdin: true,
          tty: true,
          env: [{ name: 'ADMIN_DATABASE_URL', valueFrom: { secretKeyRef: { name: credentialsSecretName(release), key: 'ADMIN_DATABASE_URL' } } }],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  },
)}'`;
