import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { LOGIN_ROLES, OWNER_ROLE, type LoginRole } from '@cbc/db';
import { rotationKeepers, type Rotation } from './rotation';
import type { BackupConfig, PoolerConfig, ResourcesConfig, StorageConfig } from './config';

/** The CNPG-I plugin name the Barman Cloud plugin registers under. */
export const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';
export const DATABASE = 'cbc';
export const POSTGRES_PORT = 5432;

export interface PostgresClusterArgs {
  /** Namespace of the cluster, its secrets and its monitors (the app namespace). */
  namespace: pulumi.Input<string>;
  /** Cluster name; plain because it names the services (`<name>-rw`, `<name>-ro`) and child resources. */
  clusterName: string;
  /** PostgreSQL instances (one primary, the rest streaming replicas behind `<name>-ro`). */
  instances: pulumi.Input<number>;
  /** Data volume of each instance. */
  storage: pulumi.Input<StorageConfig>;
  /** max_connections; plain because the config check compares it with the roles' limits. */
  maxConnections: number;
  /** shared_buffers, e.g. `256MB` (about a quarter of the memory limit). */
  sharedBuffers: pulumi.Input<string>;
  /** Pod anti-affinity between instances: `required` refuses to co-locate them at all. */
  antiAffinity: pulumi.Input<'preferred' | 'required'>;
  /** Operand image, e.g. `ghcr.io/cloudnative-pg/postgresql:17`. */
  imageName: pulumi.Input<string>;
  /** Raised per role to regenerate that role's password (stack config `credentialRotation`). */
  rotation?: Rotation;
  /** Pull secrets (in the app namespace) for the operand image. */
  imagePullSecrets?: string[];
  /** Requests and memory limit of each instance. */
  resources: pulumi.Input<ResourcesConfig>;
  /** Object-storage backups through the Barman Cloud plugin; absent = no backups. */
  backup?: BackupConfig;
  /** Labels Prometheus selects PodMonitors on; absent = no PodMonitor. */
  monitoringLabels?: Record<string, string>;
  /** The operator (and plugin) releases: their CRDs and webhooks must exist first. */
  operator?: pulumi.Input<pulumi.Resource>[];
  /** Keep the Cluster (hence its PVCs) and the role secrets on `pulumi destroy`. */
  retainOnDelete: boolean;
  /** A PgBouncer Pooler in front of the primary for the pooled roles; absent or disabled = none. */
  pooler?: PoolerConfig;
}

/**
 * The roles whose URLs go through the pooler: ingest's writes and the admin's staff accounts,
 * the pools that grow with replicas. The reader stays on the replicas (`-ro`); dbt, the Jobs and
 * the privacy pool stay on the primary (few connections, long sessions, advisory locks).
 */
export const POOLED_ROLES: readonly LoginRole[] = ['cbc_ingest', 'cbc_admin'];

/** Resources of each PgBouncer container (the pooler holds sockets, not data). */
const POOLER_RESOURCES = { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } };

/** Kubernetes object names cannot hold underscores: `cbc_ingest` → `cbc-ingest`. */
const dns = (role: string) => role.replace(/_/g, '-');

/** The reader goes to the replicas so dashboards never compete with ingest's writes. */
const hostFor = (role: LoginRole, pooled: boolean): 'rw' | 'ro' | 'pooler' =>
  role === 'cbc_reader' ? 'ro' : pooled && POOLED_ROLES.includes(role) ? 'pooler' : 'rw';

/**
 * Role-level settings that CNPG's managed roles cannot express, applied once by initdb as the
 * superuser: the same statements `bootstrapRoles()` (packages/db/src/roles.ts) runs locally.
 * Roles are created NOLOGIN here so the GRANTs can name them; the managed-roles reconciler then
 * adopts them and sets LOGIN, password, connection limit, membership and NOINHERIT.
 */
export function postInitApplicationSql(): string[] {
  const roles = Object.keys(LOGIN_ROLES) as LoginRole[];
  return [
    ...roles.map((r) => `CREATE ROLE ${r} NOLOGIN`),
    ...roles.map((r) => `ALTER ROLE ${r} SET statement_timeout = '${LOGIN_ROLES[r].statementTimeout}'`),
    `REVOKE ALL ON DATABASE ${DATABASE} FROM PUBLIC`,
    // As provisionDatabase() does locally: nobody creates or reads in `public` by default.
    'REVOKE ALL ON SCHEMA public FROM PUBLIC',
    `GRANT CONNECT ON DATABASE ${DATABASE} TO ${roles.join(', ')}`,
    // The owner creates the raw and ops schemas; dbt (transformer) creates and owns its own.
    `GRANT CREATE ON DATABASE ${DATABASE} TO ${OWNER_ROLE}, cbc_transformer`,
  ];
}

/**
 * A CloudNativePG `Cluster` with the role split of docs/database.md as managed roles, one
 * generated password per role (a basic-auth Secret CNPG reads), a PodMonitor for the instances
 * and, when configured, scheduled backups to object storage.
 *
 * Bootstrap: CNPG's initdb requires a database owner and creates it as a LOGIN role with a
 * generated `<name>-app` secret. The owner here is `cbc_owner`; the managed roles then turn it
 * NOLOGIN with no password, so it owns the database and (through migrations' SET ROLE) every
 * table while nobody can log in as it. The `<name>-app` secret is left unused.
 *
 * Disruption: the operator creates and owns the PodDisruptionBudgets (`enablePDB`, one for the
 * primary, one for the replicas); declaring our own would fight it.
 */
export class PostgresCluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  /** Read-write service (the primary): `<name>-rw.<namespace>.svc`. */
  public readonly rwHost: pulumi.Output<string>;
  /** Read-only service (replicas only): `<name>-ro.<namespace>.svc`. */
  public readonly roHost: pulumi.Output<string>;
  /** The Pooler's name (its Service and the pods' `cnpg.io/poolerName`), when there is one. */
  public readonly poolerName: string | undefined;
  public readonly port = POSTGRES_PORT;
  public readonly database = DATABASE;
  /** Connection URL per login role (secret); the reader's points at `-ro`. */
  public readonly urls: Record<LoginRole, pulumi.Output<string>>;
  /** Password per login role (secret), for clients that take fields rather than a URL (dbt). */
  public readonly passwords: Record<LoginRole, pulumi.Output<string>>;

  constructor(name: string, args: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('cbc:k8s:PostgresCluster', name, {}, opts);
    const cluster = args.clusterName;
    const roles = Object.keys(LOGIN_ROLES) as LoginRole[];
    const keep = { retainOnDelete: args.retainOnDelete };

    const passwords = {} as Record<LoginRole, pulumi.Output<string>>;
    const roleSecrets = {} as Record<LoginRole, k8s.core.v1.Secret>;
    for (const role of roles) {
      // Alphanumeric: the password goes into URLs and dbt env vars without escaping surprises.
      const pw = new random.RandomPassword(`${name}-${dns(role)}`, { length: 40, special: false, ...rotationKeepers(args.rotation, role) }, { parent: this });
      passwords[role] = pw.result;
      roleSecrets[role] = new k8s.core.v1.Secret(
        `${name}-${dns(role)}`,
        {
          metadata: {
            name: `${cluster}-${dns(role)}`,
            namespace: args.namespace,
            // CNPG re-reads a labelled secret on change: rotating a password is a `pulumi up`.
            labels: { 'cnpg.io/reload': 'true', 'app.kubernetes.io/part-of': 'cbc-analytics' },
          },
          type: 'kubernetes.io/basic-auth',
          stringData: { username: role, password: pw.result },
        },
        { parent: this, ...keep },
      );
    }

    const managedRoles = [
      {
        name: OWNER_ROLE,
        ensure: 'present',
        comment: 'owns the schemas and tables; nobody logs in as it',
        login: false,
        disablePassword: true,
        superuser: false,
        createdb: false,
        createrole: false,
        replication: false,
        bypassrls: false,
      },
      ...roles.map((role) => ({
        name: role,
        ensure: 'present',
        login: true,
        superuser: false,
        createdb: false,
        createrole: false,
        replication: false,
        bypassrls: false,
        connectionLimit: LOGIN_ROLES[role].connectionLimit,
        passwordSecret: { name: roleSecrets[role].metadata.name },
        // Migrations `SET ROLE cbc_owner`; NOINHERIT keeps the migrator's own session powerless.
        ...(role === 'cbc_migrator' ? { inRoles: [OWNER_ROLE], inherit: false } : { inherit: true }),
      })),
    ];

    let objectStore: k8s.apiextensions.CustomResource | undefined;
    if (args.backup) {
      const b = args.backup;
      objectStore = new k8s.apiextensions.CustomResource(
        `${name}-backup`,
        {
          apiVersion: 'barmancloud.cnpg.io/v1',
          kind: 'ObjectStore',
          metadata: { name: `${cluster}-backup`, namespace: args.namespace },
          spec: {
            retentionPolicy: b.retentionPolicy,
            configuration: {
              destinationPath: b.destinationPath,
              ...(b.endpointURL ? { endpointURL: b.endpointURL } : {}),
              s3Credentials: {
                accessKeyId: { name: b.credentialsSecret, key: 'ACCESS_KEY_ID' },
                secretAccessKey: { name: b.credentialsSecret, key: 'ACCESS_SECRET_KEY' },
              },
              wal: { compression: 'gzip' },
              data: { compression: 'gzip' },
            },
          },
        },
        { parent: this, dependsOn: args.operator },
      );
    }

    const instanceLabels = { 'cnpg.io/cluster': cluster };
    const pg = new k8s.apiextensions.CustomResource(
      name,
      {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: cluster, namespace: args.namespace, labels: { 'app.kubernetes.io/part-of': 'cbc-analytics' } },
        spec: {
          instances: args.instances,
          imageName: args.imageName,
          ...(args.imagePullSecrets?.length ? { imagePullSecrets: args.imagePullSecrets.map((n) => ({ name: n })) } : {}),
          enableSuperuserAccess: false,
          enablePDB: true,
          primaryUpdateStrategy: 'unsupervised',
          storage: args.storage,
          resources: args.resources,
          postgresql: {
            // CNPG parameters are strings, numbers included.
            parameters: {
              max_connections: String(args.maxConnections),
              shared_buffers: args.sharedBuffers,
              // Dashboards read from replicas: without feedback, long reads get cancelled by replay.
              hot_standby_feedback: 'on',
              idle_in_transaction_session_timeout: '5min',
              log_min_duration_statement: '2s',
            },
          },
          bootstrap: {
            initdb: {
              database: DATABASE,
              owner: OWNER_ROLE,
              dataChecksums: true,
              postInitApplicationSQL: postInitApplicationSql(),
            },
          },
          managed: { roles: managedRoles },
          affinity: {
            enablePodAntiAffinity: true,
            podAntiAffinityType: args.antiAffinity,
            topologyKey: 'kubernetes.io/hostname',
          },
          // Zones are preferred, not required: a single-zone cluster must still schedule.
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'topology.kubernetes.io/zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: instanceLabels },
            },
          ],
          ...(objectStore
            ? { plugins: [{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: objectStore.metadata.name } }] }
            : {}),
        },
      },
      { parent: this, dependsOn: [...(args.operator ?? []), ...Object.values(roleSecrets), ...(objectStore ? [objectStore] : [])], ...keep },
    );

    if (args.backup && objectStore) {
      new k8s.apiextensions.CustomResource(
        `${name}-daily`,
        {
          apiVersion: 'postgresql.cnpg.io/v1',
          kind: 'ScheduledBackup',
          metadata: { name: `${cluster}-daily`, namespace: args.namespace },
          spec: {
            cluster: { name: cluster },
            schedule: args.backup.schedule,
            // A first base backup right away: WAL archiving alone cannot restore anything.
            immediate: true,
            backupOwnerReference: 'self',
            method: 'plugin',
            pluginConfiguration: { name: BARMAN_PLUGIN },
          },
        },
        { parent: this, dependsOn: [pg] },
      );
    }

    if (args.monitoringLabels) {
      // Declared here rather than through `spec.monitoring.enablePodMonitor`, which CNPG deprecated.
      new k8s.apiextensions.CustomResource(
        `${name}-monitor`,
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PodMonitor',
          metadata: { name: cluster, namespace: args.namespace, labels: args.monitoringLabels },
          spec: {
            selector: { matchLabels: { ...instanceLabels, 'cnpg.io/podRole': 'instance' } },
            podMetricsEndpoints: [
              {
                port: 'metrics',
                // The alert rules group by `cluster` (k8s/monitoring/rules/postgres.yaml).
                relabelings: [{ sourceLabels: ['__meta_kubernetes_pod_label_cnpg_io_cluster'], targetLabel: 'cluster', action: 'replace' }],
              },
            ],
          },
        },
        { parent: this, dependsOn: [pg] },
      );
    }

    const pooled = args.pooler?.enabled === true;
    this.poolerName = pooled ? `${cluster}-pooler-rw` : undefined;
    if (args.pooler && this.poolerName) {
      const p = args.pooler;
      new k8s.apiextensions.CustomResource(
        `${name}-pooler-rw`,
        {
          apiVersion: 'postgresql.cnpg.io/v1',
          kind: 'Pooler',
          metadata: { name: this.poolerName, namespace: args.namespace, labels: { 'app.kubernetes.io/part-of': 'cbc-analytics' } },
          spec: {
            cluster: { name: cluster },
            instances: p.instances,
            type: 'rw',
            pgbouncer: {
              // Session, not transaction: the API's named prepared statements live in the server
              // session, and transaction pooling would hand the next query another server's.
              poolMode: 'session',
              // PgBouncer parameters are strings, as CNPG's.
              parameters: { default_pool_size: String(p.defaultPoolSize), max_client_conn: String(p.maxClientConn) },
            },
            template: {
              metadata: { labels: { 'cnpg.io/poolerName': this.poolerName } },
              spec: {
                containers: [{ name: 'pgbouncer', resources: POOLER_RESOURCES }],
                // Spread over nodes: the pooler is the only way ingest writes.
                topologySpreadConstraints: [
                  {
                    maxSkew: 1,
                    topologyKey: 'kubernetes.io/hostname',
                    whenUnsatisfiable: 'ScheduleAnyway',
                    labelSelector: { matchLabels: { 'cnpg.io/poolerName': this.poolerName } },
                  },
                ],
              },
            },
          },
        },
        { parent: this, dependsOn: [pg] },
      );
      if (args.monitoringLabels) {
        new k8s.apiextensions.CustomResource(
          `${name}-pooler-monitor`,
          {
            apiVersion: 'monitoring.coreos.com/v1',
            kind: 'PodMonitor',
            metadata: { name: this.poolerName, namespace: args.namespace, labels: args.monitoringLabels },
            spec: { selector: { matchLabels: { 'cnpg.io/poolerName': this.poolerName } }, podMetricsEndpoints: [{ port: 'metrics' }] },
          },
          { parent: this, dependsOn: [pg] },
        );
      }
    }

    this.clusterName = pulumi.output(pg.metadata).apply((m) => m.name ?? cluster);
    const ns = pulumi.output(args.namespace);
    this.rwHost = pulumi.interpolate`${cluster}-rw.${ns}.svc`;
    this.roHost = pulumi.interpolate`${cluster}-ro.${ns}.svc`;
    const poolerHost = pulumi.interpolate`${this.poolerName ?? ''}.${ns}.svc`;
    this.passwords = passwords;
    this.urls = Object.fromEntries(
      roles.map((role) => {
        const where = hostFor(role, pooled);
        const host = where === 'ro' ? this.roHost : where === 'pooler' ? poolerHost : this.rwHost;
        // libpq semantics for sslmode: encrypted, verified only against a CA when one is given
        // (CNPG's server certificate is signed by its own CA).
        const url = pulumi.interpolate`postgres://${role}:${passwords[role].apply(encodeURIComponent)}@${host}:${POSTGRES_PORT}/${DATABASE}?sslmode=require&uselibpqcompat=true`;
        return [role, pulumi.secret(url)];
      }),
    ) as Record<LoginRole, pulumi.Output<string>>;

    this.registerOutputs({ clusterName: this.clusterName, rwHost: this.rwHost, roHost: this.roHost, urls: this.urls });
  }
}
