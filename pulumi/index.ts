// CBC Analytics on Kubernetes. Pulumi owns what the app stands on (operators, the Postgres
// cluster, Redis, the namespace, the credentials) and then installs the app's Helm chart wired
// to it; the chart owns every app workload. Nothing is declared in both places.
import * as pulumi from '@pulumi/pulumi';
import type { LoginRole } from '@cbc/db';
import { AppRelease, type StorePeer } from './src/app-release';
import { CnpgOperator } from './src/cnpg-operator';
import { appImageRef, mirrorImage } from './src/images';
import { generation } from './src/rotation';
import { loadStackConfig } from './src/config';
import { AppNamespace } from './src/namespace';
import { PostgresCluster, DATABASE, POSTGRES_PORT } from './src/postgres-cluster';
import { ClusterPrerequisites, requiredCrds } from './src/prerequisites';
import { Redis } from './src/redis';
import { AppSecrets, credentialsSecretName } from './src/secrets';

const { cfg, secrets } = loadStackConfig();
const release = cfg.releaseName;
const monitoringLabels = cfg.monitoring.enabled ? { release: cfg.monitoring.prometheusRelease } : undefined;
const mirror = (ref: string) => mirrorImage(ref, cfg.imageMirror);
const { imagePullSecrets } = cfg;

// First: fail the preview with a sentence when another operator's CRDs are missing.
const prerequisites = new ClusterPrerequisites('prerequisites', { crds: requiredCrds(cfg) });

const ns = new AppNamespace('namespace', { name: cfg.namespace, retainOnDelete: cfg.retainDataOnDestroy });
const namespace = ns.name;

// ── Postgres: a CloudNativePG cluster, or the URLs of one that already exists ──────────────────
type PostgresValues = {
  host: string;
  port: number;
  database: string;
  sslMode: string;
  maxConnections: number;
  pooler?: { enabled: boolean; name: string; instances: number; defaultPoolSize: number; maxClientConn: number };
};
let databaseUrls: Record<LoginRole, pulumi.Output<string>>;
/** Known at preview, unlike generated passwords: what the credentials checksum is built from. */
let databaseUrlIdentity: Record<LoginRole, pulumi.Input<string>>;
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
        operatorChart: cfg.cnpg.operatorChart,
        barmanPluginChart: cfg.cnpg.barmanPluginChart,
        imageMirror: cfg.imageMirror,
        imagePullSecrets,
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
    imageName: mirror(pg.imageName),
    imagePullSecrets,
    rotation: cfg.credentialRotation,
    resources: pg.resources,
    backup: pg.backup,
    monitoringLabels,
    operator: [prerequisites, ...(operator ? [operator.chart, ...(operator.barmanPlugin ? [operator.barmanPlugin] : [])] : [])],
    retainOnDelete: cfg.retainDataOnDestroy,
    pooler: pg.pooler,
  });
  databaseUrls = postgres.urls;
  databaseUrlIdentity = Object.fromEntries(
    (Object.keys(postgres.urls) as LoginRole[]).map((role) => [role, `cnpg:${cfg.namespace}/${pg.clusterName}:${generation(cfg.credentialRotation, role)}`]),
  ) as Record<LoginRole, string>;
  const poolerName = postgres.poolerName;
  // The chart counts the pooler in its connection budget and lets ingest and the admin reach it.
  const pooler = poolerName ? { enabled: true, name: poolerName, instances: pg.pooler.instances, defaultPoolSize: pg.pooler.defaultPoolSize, maxClientConn: pg.pooler.maxClientConn } : undefined;
  postgresValues = postgres.rwHost.apply((host) => ({ host, port: POSTGRES_PORT, database: DATABASE, sslMode: 'require', maxConnections: pg.maxConnections, ...(pooler ? { pooler } : {}) }));
  postgresPeer = { podLabels: { 'cnpg.io/cluster': pg.clusterName } };
} else {
  const urls = secrets.externalDatabaseUrls!; // loadStackConfig requires them in this mode
  const maxConnections = cfg.postgres.maxConnections;
  databaseUrls = urls;
  databaseUrlIdentity = urls;
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
let redisUrlIdentity: pulumi.Input<string>;
let redisPeer: StorePeer;
let redis: Redis | undefined;
if (cfg.redis.mode === 'statefulset') {
  redis = new Redis('redis', {
    namespace,
    name: `${release}-redis`,
    image: mirror(cfg.redis.image),
    exporterImage: mirror(cfg.redis.exporterImage),
    imagePullSecrets,
    rotation: cfg.credentialRotation,
    maxMemory: cfg.redis.maxMemory,
    persistence: cfg.redis.persistence,
    resources: cfg.redis.resources,
    monitoringLabels,
  });
  redisUrl = redis.url;
  redisUrlIdentity = `statefulset:${cfg.namespace}/${release}-redis:${generation(cfg.credentialRotation, 'redis')}`;
  redisPeer = { podLabels: redis.podLabels };
} else {
  redisUrl = secrets.externalRedisUrl!; // loadStackConfig requires it in this mode
  redisUrlIdentity = redisUrl;
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
  rotation: cfg.credentialRotation,
  urlIdentity: { databaseUrls: databaseUrlIdentity, redisUrl: redisUrlIdentity },
});

new AppRelease('app', {
  namespace,
  releaseName: release,
  chartPath: cfg.appChartPath,
  image: cfg.image,
  imageMirror: cfg.imageMirror,
  imagePullSecrets,
  // The name as config decides it, not the Secret's output: known at preview, so the chart renders.
  existingSecret: credentialsSecretName(release),
  existingSecretChecksum: appSecrets.checksum,
  hosts: cfg.hosts,
  ingressClassName: cfg.ingressClassName,
  tls: cfg.tls,
  adminTrustedProxies: cfg.admin.trustedProxies,
  ingestReplicas: cfg.ingest,
  postgres: postgresValues,
  peers: { postgres: postgresPeer, redis: redisPeer },
  monitoring: { enabled: cfg.monitoring.enabled, labels: monitoringLabels ?? {}, prometheusNamespace: cfg.monitoring.namespace },
  dependsOn: [prerequisites, appSecrets, ...(postgres ? [postgres] : []), ...(redis ? [redis] : [])],
});

// ── Stack outputs ─────────────────────────────────────────────────────────────────────────────
/** Port of the chart's `<release>-ingest` Service (values: ingest.service.port). */
const INGEST_SERVICE_PORT = 80;
const scheme = cfg.tls.enabled ? 'https' : 'http';
const jobsImage = mirror(appImageRef(cfg.image, 'jobs'));

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
      ...(imagePullSecrets.length ? { imagePullSecrets: imagePullSecrets.map((n) => ({ name: n })) } : {}),
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
