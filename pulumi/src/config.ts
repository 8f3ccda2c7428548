// The stack's configuration, read once and validated before any resource is declared:
// a typo in a stack file must stop `pulumi preview` with a sentence that names the key, not
// surface as a half-created cluster. Plain values are checked here; secrets are read as secret
// Outputs and checked where they are resolved (their values are not known synchronously).
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import * as pulumi from '@pulumi/pulumi';
import { LOGIN_ROLES, type LoginRole } from '@cbc/db';
import { APP_IMAGES, type AppImage, DIGEST, IMAGE_REF } from './images';
import { ROTATION_IDS, type Rotation } from './rotation';

/** A configuration mistake: RunError makes Pulumi print the message without a stack trace. */
export class ConfigError extends pulumi.RunError {
  constructor(message: string) {
    super(`Invalid stack configuration: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface StorageConfig {
  /** Kubernetes quantity, e.g. `20Gi`. */
  size: string;
  /** StorageClass name; the cluster default when absent. */
  storageClass?: string;
}

export interface BackupConfig {
  /** Object storage prefix, `s3://bucket/path` (any S3-compatible store). */
  destinationPath: string;
  /** S3 endpoint for non-AWS stores (MinIO, R2, …). */
  endpointURL?: string;
  /** Existing Secret in the app namespace with keys ACCESS_KEY_ID and ACCESS_SECRET_KEY. */
  credentialsSecret: string;
  /** Six-field cron (seconds first), as CloudNativePG expects: `0 0 3 * * *`. */
  schedule: string;
  /** Barman retention, e.g. `30d`. */
  retentionPolicy: string;
}

export interface ResourcesConfig {
  requests: { cpu: string; memory: string };
  limits: { memory: string };
}

/**
 * A CloudNativePG Pooler (PgBouncer, session mode) in front of the primary for ingest's write pool
 * and the admin's pool. Session mode because the API prepares named statements, which
 * transaction pooling would send down another client's server connection.
 */
export interface PoolerConfig {
  enabled: boolean;
  /** PgBouncer pods. */
  instances: number;
  /** Server connections per (role, database) per pod. */
  defaultPoolSize: number;
  /** Client connections per pod. */
  maxClientConn: number;
}

export interface CnpgPostgresConfig {
  mode: 'cnpg';
  /** CNPG Cluster name; its services are `<name>-rw` and `<name>-ro`. */
  clusterName: string;
  instances: number;
  storage: StorageConfig;
  maxConnections: number;
  sharedBuffers: string;
  antiAffinity: 'preferred' | 'required';
  imageName: string;
  resources: ResourcesConfig;
  backup?: BackupConfig;
  pooler: PoolerConfig;
}

export interface ExternalPostgresConfig {
  mode: 'external';
  /** The server's max_connections, handed to the chart so it can size the pools. */
  maxConnections: number;
  /** CIDRs of the server, for the chart's NetworkPolicy egress (a pod selector cannot reach it). */
  cidrs: string[];
}

export type PostgresConfig = CnpgPostgresConfig | ExternalPostgresConfig;

export type RedisConfig =
  | {
      mode: 'statefulset';
      maxMemory: string;
      persistence: { enabled: boolean } & StorageConfig;
      image: string;
      exporterImage: string;
      resources: ResourcesConfig;
    }
  | {
      mode: 'external';
      /** CIDRs of the server, for the chart's NetworkPolicy egress. */
      cidrs: string[];
    };

export interface StackConfig {
  namespace: string;
  /** Helm release name of the app chart; the chart names its objects `<release>-…`. */
  releaseName: string;
  hosts: { admin: string; ingest?: string };
  ingressClassName?: string;
  tls: { enabled: boolean; clusterIssuer?: string };
  /**
   * Images are `<registry>/<repositoryPrefix>/cbc-{ingest,admin,jobs,dbt}:<tag>`, or
   * `…@<digest>` for those with a digest in `digests` (pinned by content; the tag is then ignored).
   */
  image: { registry: string; repositoryPrefix: string; tag: string; digests: Partial<Record<AppImage, string>> };
  /**
   * Air-gapped installs: a registry (host[:port][/prefix]) that replaces the registry of every
   * image, the app's and the third-party ones (Redis, redis_exporter, Postgres, the operators).
   */
  imageMirror?: string;
  /** Secrets (kubernetes.io/dockerconfigjson) every pod pulls with; each must exist in the namespaces used. */
  imagePullSecrets: string[];
  /** Generator id → rotation number; raising one regenerates that credential (see rotation.ts). */
  credentialRotation: Rotation;
  ingest: { minReplicas: number; maxReplicas: number };
  /**
   * `trustedProxies`: addresses or CIDRs of the proxies in front of the admin (the ingress
   * controller's pods), whose X-Forwarded-For its per-address sign-in limit believes. Empty:
   * none, every sign-in behind the Ingress counts against the controller's address.
   */
  admin: { trustedProxies: string[] };
  postgres: PostgresConfig;
  redis: RedisConfig;
  /** `prometheusRelease` becomes the `release` label Prometheus selects on; `namespace` is where it runs (NetworkPolicy). */
  monitoring: { enabled: boolean; prometheusRelease: string; namespace: string };
  /**
   * `operatorChart` / `barmanPluginChart`: where the charts come from when the upstream repository
   * is out of reach: a local .tgz (relative to the project directory) or an `oci://` URL. Absent:
   * the upstream repository at the pinned versions.
   */
  cnpg: { install: boolean; namespace: string; chartVersion: string; barmanPluginChartVersion: string; operatorChart?: string; barmanPluginChart?: string };
  /** Path of the app chart, relative to the Pulumi project directory (where `pulumi` runs). */
  appChartPath: string;
  /** Keep the namespace, the Postgres cluster and its credentials on `pulumi destroy`. */
  retainDataOnDestroy: boolean;
}

/** Secret config values; absent ones are generated by the components (AppSecrets, …). */
export interface StackSecrets {
  hmacSecret?: pulumi.Output<string>;
  ipSalt?: pulumi.Output<string>;
  ingestApiKeys?: pulumi.Output<string>;
  readApiKeys?: pulumi.Output<string>;
  privacyApiKeys?: pulumi.Output<string>;
  privacyLedgerKey?: pulumi.Output<string>;
  /** postgres.mode=external: one URL per login role. */
  externalDatabaseUrls?: Record<LoginRole, pulumi.Output<string>>;
  /** redis.mode=external. */
  externalRedisUrl?: pulumi.Output<string>;
}

// Versions pinned on purpose: an operator upgrade is a deliberate change, never a side effect of
// `pulumi up`. The Barman Cloud plugin chart must match the operator's minor (see README).
export const CNPG_CHART_VERSION = '0.29.0';
export const BARMAN_PLUGIN_CHART_VERSION = '0.8.0';

/** Headroom above the roles' connection limits: superuser_reserved_connections, the operator, psql. */
export const CONNECTION_RESERVE = 10;

export const ROLE_CONNECTION_TOTAL = Object.values(LOGIN_ROLES).reduce((n, r) => n + r.connectionLimit, 0);

/** The config key that holds the external URL of one role, e.g. `externalDatabaseUrl_cbc_ingest`. */
export const externalDatabaseUrlKey = (role: LoginRole) => `externalDatabaseUrl_${role}`;

// ── small validators: each names the key path in its message ─────────────────────────────────

type Raw = Record<string, unknown>;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

function obj(raw: unknown, path: string): Raw {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${path} must be an object (got ${JSON.stringify(raw)})`);
  return raw as Raw;
}

function knownKeys(o: Raw, path: string, keys: readonly string[]): void {
  const unknown = Object.keys(o).filter((k) => !keys.includes(k));
  if (unknown.length) throw new ConfigError(`${path} has unknown key(s) ${unknown.join(', ')}; known: ${keys.join(', ')}`);
}

/** `postgres.instances`, or `namespace` for a top-level key. */
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function str(o: Raw, key: string, path: string, opts: { def?: string; pattern?: RegExp; hint?: string } = {}): string {
  const v = o[key] ?? opts.def;
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${at(path, key)} is required${opts.hint ? ` (${opts.hint})` : ''}`);
  if (opts.pattern && !opts.pattern.test(v)) throw new ConfigError(`${at(path, key)} = ${JSON.stringify(v)} is not valid${opts.hint ? `: ${opts.hint}` : ''}`);
  return v;
}

function optStr(o: Raw, key: string, path: string, pattern?: RegExp, hint?: string): string | undefined {
  return o[key] === undefined || o[key] === '' ? undefined : str(o, key, path, { pattern, hint });
}

function int(o: Raw, key: string, path: string, opts: { def: number; min: number; max: number }): number {
  const raw = o[key] ?? opts.def;
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < opts.min || v > opts.max) {
    throw new ConfigError(`${at(path, key)} must be an integer from ${opts.min} to ${opts.max} (got ${JSON.stringify(raw)})`);
  }
  return v;
}

function bool(o: Raw, key: string, path: string, def: boolean): boolean {
  const v = o[key] ?? def;
  if (v === 'true' || v === true) return true;
  if (v === 'false' || v === false) return false;
  throw new ConfigError(`${at(path, key)} must be true or false (got ${JSON.stringify(v)})`);
}

function oneOf<T extends string>(o: Raw, key: string, path: string, allowed: readonly T[], def: T): T {
  const v = o[key] ?? def;
  if (!allowed.includes(v as T)) throw new ConfigError(`${at(path, key)} must be one of ${allowed.join(' | ')} (got ${JSON.stringify(v)})`);
  return v as T;
}

function cidrs(o: Raw, key: string, path: string): string[] {
  const v = o[key];
  if (!Array.isArray(v) || v.length === 0 || v.some((c) => typeof c !== 'string' || !CIDR.test(c))) {
    throw new ConfigError(`${at(path, key)} must list the server's CIDRs (e.g. ["10.20.0.0/24"]): the chart's NetworkPolicy allows egress to them only`);
  }
  return v as string[];
}

/** An image reference, optionally pinned with `@sha256:<64 hex digits>`. */
function imageRef(o: Raw, key: string, path: string, def: string): string {
  return str(o, key, path, { def, pattern: IMAGE_REF, hint: 'an image reference such as redis:7.4-alpine, optionally pinned with @sha256:<64 hex digits>' });
}

/** `image.digests`: app image name → sha256 digest. */
function digests(raw: unknown): Partial<Record<AppImage, string>> {
  const path = 'image.digests';
  const o = obj(raw, path);
  knownKeys(o, path, APP_IMAGES);
  return Object.fromEntries(APP_IMAGES.filter((i) => o[i] !== undefined).map((i) => [i, str(o, i, path, { pattern: DIGEST, hint: 'sha256:<64 hex digits>' })]));
}

/** A list of IP addresses or CIDR ranges. */
function addresses(raw: unknown, path: string): string[] {
  if (raw === undefined) return [];
  const valid = (a: unknown) => {
    if (typeof a !== 'string') return false;
    const [ip = '', bits, ...rest] = a.split('/');
    const family = isIP(ip);
    const prefix = bits === undefined ? 0 : /^[0-9]{1,3}$/.test(bits) ? Number(bits) : -1;
    return family !== 0 && rest.length === 0 && prefix >= 0 && prefix <= (family === 4 ? 32 : 128);
  };
  if (!Array.isArray(raw) || !raw.every(valid)) throw new ConfigError(`${path} must be a list of IP addresses or CIDR ranges, e.g. ["10.244.0.0/16"] (got ${JSON.stringify(raw)})`);
  return raw as string[];
}

function storage(o: Raw, path: string, defSize: string): StorageConfig {
  return {
    size: str(o, 'size', path, { def: defSize, pattern: QUANTITY, hint: 'a Kubernetes quantity such as 20Gi' }),
    storageClass: optStr(o, 'storageClass', path),
  };
}

function resources(raw: unknown, path: string, def: ResourcesConfig): ResourcesConfig {
  const o = obj(raw, path);
  knownKeys(o, path, ['requests', 'limits']);
  const req = obj(o.requests, `${path}.requests`);
  const lim = obj(o.limits, `${path}.limits`);
  return {
    requests: {
      cpu: str(req, 'cpu', `${path}.requests`, { def: def.requests.cpu, pattern: QUANTITY }),
      memory: str(req, 'memory', `${path}.requests`, { def: def.requests.memory, pattern: QUANTITY }),
    },
    limits: { memory: str(lim, 'memory', `${path}.limits`, { def: def.limits.memory, pattern: QUANTITY }) },
  };
}

// ── the sections ─────────────────────────────────────────────────────────────────────────────

function parseBackup(raw: unknown): BackupConfig | undefined {
  if (raw === undefined || raw === null) return undefined;
  const path = 'postgres.backup';
  const o = obj(raw, path);
  knownKeys(o, path, ['destinationPath', 'endpointURL', 'credentialsSecret', 'schedule', 'retentionPolicy']);
  const schedule = str(o, 'schedule', path, { def: '0 0 3 * * *' });
  if (schedule.trim().split(/\s+/).length !== 6) {
    throw new ConfigError(`${path}.schedule = ${JSON.stringify(schedule)}: CloudNativePG schedules have six fields, seconds first (e.g. "0 0 3 * * *")`);
  }
  return {
    destinationPath: str(o, 'destinationPath', path, { pattern: /^s3:\/\/[^/]+/, hint: 's3://bucket/prefix (any S3-compatible store)' }),
    endpointURL: optStr(o, 'endpointURL', path, /^https?:\/\//, 'an http(s) URL'),
    credentialsSecret: str(o, 'credentialsSecret', path, { pattern: DNS_LABEL, hint: 'name of a Secret with ACCESS_KEY_ID and ACCESS_SECRET_KEY' }),
    schedule,
    retentionPolicy: str(o, 'retentionPolicy', path, { def: '30d', pattern: /^[1-9][0-9]*[dwm]$/, hint: 'e.g. 30d, 4w, 6m' }),
  };
}

function parsePostgres(raw: unknown): PostgresConfig {
  const path = 'postgres';
  const o = obj(raw, path);
  const mode = oneOf(o, 'mode', path, ['cnpg', 'external'] as const, 'cnpg');
  const minConnections = ROLE_CONNECTION_TOTAL + CONNECTION_RESERVE;
  // The default leaves every role room to reach its own connection limit at once (sum + reserve).
  const maxConnections = int(o, 'maxConnections', path, { def: 250, min: minConnections, max: 5000 });
  if (mode === 'external') {
    knownKeys(o, path, ['mode', 'maxConnections', 'cidrs']);
    return { mode, maxConnections, cidrs: cidrs(o, 'cidrs', path) };
  }
  knownKeys(o, path, ['mode', 'clusterName', 'instances', 'storage', 'maxConnections', 'sharedBuffers', 'antiAffinity', 'imageName', 'resources', 'backup', 'pooler']);
  return {
    mode,
    clusterName: str(o, 'clusterName', path, { def: 'cbc-pg', pattern: DNS_LABEL, hint: 'a DNS label' }),
    // Two instances is the minimum that survives a node drain; more than three only adds cost here.
    instances: int(o, 'instances', path, { def: 2, min: 2, max: 3 }),
    storage: storage(obj(o.storage, `${path}.storage`), `${path}.storage`, '20Gi'),
    maxConnections,
    sharedBuffers: str(o, 'sharedBuffers', path, { def: '256MB', pattern: /^[0-9]+(kB|MB|GB)$/, hint: 'e.g. 256MB' }),
    antiAffinity: oneOf(o, 'antiAffinity', path, ['preferred', 'required'] as const, 'preferred'),
    // A major-version tag: minor updates roll in on pod restarts; pin a digest for strict change control.
    imageName: imageRef(o, 'imageName', path, 'ghcr.io/cloudnative-pg/postgresql:17'),
    resources: resources(o.resources, `${path}.resources`, { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } }),
    backup: parseBackup(o.backup),
    pooler: parsePooler(o.pooler),
  };
}

function parsePooler(raw: unknown): PoolerConfig {
  const path = 'postgres.pooler';
  const o = obj(raw, path);
  knownKeys(o, path, ['enabled', 'instances', 'defaultPoolSize', 'maxClientConn']);
  const pooler = {
    enabled: bool(o, 'enabled', path, false),
    // Two pods: a node drain never takes the only pooler, hence ingest's writes, away.
    instances: int(o, 'instances', path, { def: 2, min: 1, max: 10 }),
    defaultPoolSize: int(o, 'defaultPoolSize', path, { def: 20, min: 1, max: 500 }),
    maxClientConn: int(o, 'maxClientConn', path, { def: 1000, min: 10, max: 100_000 }),
  };
  // Every PgBouncer pod may open defaultPoolSize connections as cbc_ingest: together they must
  // stay within the role's own CONNECTION LIMIT, or the last ones are refused by Postgres.
  const limit = LOGIN_ROLES.cbc_ingest.connectionLimit;
  if (pooler.instances * pooler.defaultPoolSize > limit) {
    throw new ConfigError(`${path}.instances × defaultPoolSize = ${pooler.instances * pooler.defaultPoolSize} exceeds cbc_ingest's connection limit ${limit}`);
  }
  return pooler;
}

function parseRedis(raw: unknown): RedisConfig {
  const path = 'redis';
  const o = obj(raw, path);
  const mode = oneOf(o, 'mode', path, ['statefulset', 'external'] as const, 'statefulset');
  if (mode === 'external') {
    knownKeys(o, path, ['mode', 'cidrs']);
    return { mode, cidrs: cidrs(o, 'cidrs', path) };
  }
  knownKeys(o, path, ['mode', 'maxMemory', 'persistence', 'image', 'exporterImage', 'resources']);
  const p = obj(o.persistence, `${path}.persistence`);
  knownKeys(p, `${path}.persistence`, ['enabled', 'size', 'storageClass']);
  return {
    mode,
    maxMemory: str(o, 'maxMemory', path, { def: '256mb', pattern: /^[0-9]+(kb|mb|gb)$/, hint: 'Redis units, e.g. 256mb' }),
    persistence: { enabled: bool(p, 'enabled', `${path}.persistence`, false), ...storage(p, `${path}.persistence`, '1Gi') },
    image: imageRef(o, 'image', path, 'redis:7.4-alpine'),
    exporterImage: imageRef(o, 'exporterImage', path, 'oliver006/redis_exporter:v1.74.0'),
    resources: resources(o.resources, `${path}.resources`, { requests: { cpu: '50m', memory: '320Mi' }, limits: { memory: '384Mi' } }),
  };
}

function rotation(raw: unknown): Rotation {
  const o = obj(raw, 'credentialRotation');
  knownKeys(o, 'credentialRotation', ROTATION_IDS);
  return Object.fromEntries(Object.keys(o).map((k) => [k, int(o, k, 'credentialRotation', { def: 0, min: 0, max: 1_000_000 })]));
}

function pullSecrets(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string' || !DNS_LABEL.test(s))) {
    throw new ConfigError('imagePullSecrets must be a list of Secret names, e.g. ["registry-creds"]');
  }
  return raw as string[];
}

/** A chart as an `oci://` URL or a local .tgz / chart directory that exists (checked now, not at `up`). */
function chartRef(o: Raw, key: string): string | undefined {
  const v = optStr(o, key, 'cnpg');
  if (v === undefined || v.startsWith('oci://')) return v;
  if (/^[a-z]+:\/\//.test(v)) throw new ConfigError(`cnpg.${key} = ${JSON.stringify(v)}: an oci:// URL or a local path (.tgz or a chart directory)`);
  if (!existsSync(v)) throw new ConfigError(`cnpg.${key}: no chart at ${JSON.stringify(v)} (paths are relative to the Pulumi project directory)`);
  return v;
}

/**
 * Validates the plain (non-secret) configuration. `raw` holds each top-level key as Pulumi
 * returns it (objects parsed from JSON, scalars as strings); it is exported for the tests.
 */
export function parseStackConfig(raw: Raw): StackConfig {
  const hosts = obj(raw.hosts, 'hosts');
  knownKeys(hosts, 'hosts', ['admin', 'ingest']);
  const tls = obj(raw.tls, 'tls');
  knownKeys(tls, 'tls', ['enabled', 'clusterIssuer']);
  const image = obj(raw.image, 'image');
  knownKeys(image, 'image', ['registry', 'repositoryPrefix', 'tag', 'digests']);
  const admin = obj(raw.admin, 'admin');
  knownKeys(admin, 'admin', ['trustedProxies']);
  const ingest = obj(raw.ingest, 'ingest');
  knownKeys(ingest, 'ingest', ['minReplicas', 'maxReplicas']);
  const monitoring = obj(raw.monitoring, 'monitoring');
  knownKeys(monitoring, 'monitoring', ['enabled', 'prometheusRelease', 'namespace']);
  const cnpg = obj(raw.cnpg, 'cnpg');
  knownKeys(cnpg, 'cnpg', ['install', 'namespace', 'chartVersion', 'barmanPluginChartVersion', 'operatorChart', 'barmanPluginChart']);

  const minReplicas = int(ingest, 'minReplicas', 'ingest', { def: 2, min: 2, max: 50 });
  const tag = str(image, 'tag', 'image', { pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, hint: 'a Docker tag' });
  if (tag === 'latest') throw new ConfigError('image.tag must name a release, not "latest" (a rollout must be reproducible)');

  const cfg: StackConfig = {
    namespace: str(raw, 'namespace', '', { def: 'cbc', pattern: DNS_LABEL, hint: 'a DNS label' }),
    // ≤ 30: the chart cuts object-name prefixes at 40 characters and adds suffixes such as `-redis`.
    releaseName: str(raw, 'releaseName', '', { def: 'cbc', pattern: /^[a-z0-9]([-a-z0-9]{0,28}[a-z0-9])?$/, hint: 'a DNS label of at most 30 characters' }),
    hosts: {
      admin: str(hosts, 'admin', 'hosts', { pattern: HOSTNAME, hint: 'a DNS name such as analytics.example.com' }),
      ingest: optStr(hosts, 'ingest', 'hosts', HOSTNAME, 'a DNS name'),
    },
    ingressClassName: optStr(raw, 'ingressClassName', ''),
    tls: { enabled: bool(tls, 'enabled', 'tls', true), clusterIssuer: optStr(tls, 'clusterIssuer', 'tls', DNS_LABEL) },
    image: {
      registry: str(image, 'registry', 'image', { def: 'ghcr.io', pattern: /^[a-z0-9.-]+(:[0-9]+)?$/, hint: 'a registry host such as ghcr.io' }),
      repositoryPrefix: str(image, 'repositoryPrefix', 'image', { def: 'coral-beach-club', pattern: /^[a-z0-9]+([._/-][a-z0-9]+)*$/, hint: 'e.g. coral-beach-club' }),
      tag,
      digests: digests(image.digests),
    },
    imageMirror: optStr(raw, 'imageMirror', '', /^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/, 'a registry host[:port][/prefix] such as registry.internal:5000/mirror'),
    imagePullSecrets: pullSecrets(raw.imagePullSecrets),
    credentialRotation: rotation(raw.credentialRotation),
    ingest: { minReplicas, maxReplicas: int(ingest, 'maxReplicas', 'ingest', { def: Math.max(6, minReplicas), min: minReplicas, max: 100 }) },
    admin: { trustedProxies: addresses(admin.trustedProxies, 'admin.trustedProxies') },
    postgres: parsePostgres(raw.postgres),
    redis: parseRedis(raw.redis),
    monitoring: {
      enabled: bool(monitoring, 'enabled', 'monitoring', true),
      prometheusRelease: str(monitoring, 'prometheusRelease', 'monitoring', { def: 'kube-prometheus-stack', pattern: DNS_LABEL }),
      namespace: str(monitoring, 'namespace', 'monitoring', { def: 'monitoring', pattern: DNS_LABEL }),
    },
    cnpg: {
      install: bool(cnpg, 'install', 'cnpg', true),
      namespace: str(cnpg, 'namespace', 'cnpg', { def: 'cnpg-system', pattern: DNS_LABEL }),
      chartVersion: str(cnpg, 'chartVersion', 'cnpg', { def: CNPG_CHART_VERSION, pattern: /^[0-9]+\.[0-9]+\.[0-9]+$/, hint: 'an exact chart version' }),
      barmanPluginChartVersion: str(cnpg, 'barmanPluginChartVersion', 'cnpg', {
        def: BARMAN_PLUGIN_CHART_VERSION,
        pattern: /^[0-9]+\.[0-9]+\.[0-9]+$/,
        hint: 'an exact chart version',
      }),
      operatorChart: chartRef(cnpg, 'operatorChart'),
      barmanPluginChart: chartRef(cnpg, 'barmanPluginChart'),
    },
    appChartPath: str(raw, 'appChartPath', '', { def: '../charts/cbc-analytics' }),
    retainDataOnDestroy: bool(raw, 'retainDataOnDestroy', '', true),
  };
  if (cfg.namespace === cfg.cnpg.namespace) throw new ConfigError(`namespace and cnpg.namespace must differ (both ${JSON.stringify(cfg.namespace)})`);
  return cfg;
}

/** Top-level keys, so a misspelt one (`postgress`) is reported instead of silently ignored. */
export const CONFIG_KEYS = [
  'namespace',
  'releaseName',
  'hosts',
  'ingressClassName',
  'tls',
  'image',
  'ingest',
  'admin',
  'postgres',
  'redis',
  'monitoring',
  'cnpg',
  'appChartPath',
  'retainDataOnDestroy',
  'imageMirror',
  'imagePullSecrets',
  'credentialRotation',
] as const;

export const SECRET_CONFIG_KEYS = [
  'hmacSecret',
  'ipSalt',
  'privacyLedgerKey',
  'ingestApiKeys',
  'readApiKeys',
  'privacyApiKeys',
  'externalRedisUrl',
] as const;

/** Reads and validates the stack's configuration (`pulumi config`). */
export function loadStackConfig(config = new pulumi.Config()): { cfg: StackConfig; secrets: StackSecrets } {
  const known = new Set<string>([...CONFIG_KEYS, ...SECRET_CONFIG_KEYS, ...Object.keys(LOGIN_ROLES).map((r) => externalDatabaseUrlKey(r as LoginRole))]);
  const prefix = `${pulumi.getProject()}:`;
  const unknown = Object.keys(pulumi.runtime.allConfig())
    .filter((k) => k.startsWith(prefix) && !known.has(k.slice(prefix.length)))
    .map((k) => k.slice(prefix.length));
  if (unknown.length) throw new ConfigError(`unknown key(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);

  const raw: Raw = {};
  for (const key of CONFIG_KEYS) {
    const value = config.get(key);
    if (value === undefined) continue;
    try {
      raw[key] = /^\s*[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      throw new ConfigError(`${key} is not valid JSON: set it with \`pulumi config set --path ${key}.<field> <value>\``);
    }
  }
  const cfg = parseStackConfig(raw);

  const optional = (key: (typeof SECRET_CONFIG_KEYS)[number]) => config.getSecret(key);
  const secrets: StackSecrets = {
    hmacSecret: optional('hmacSecret')?.apply(checkHmacSecret),
    ipSalt: optional('ipSalt')?.apply(checkIpSalt),
    ingestApiKeys: optional('ingestApiKeys')?.apply((v) => checkApiKeys('ingestApiKeys', v)),
    readApiKeys: optional('readApiKeys')?.apply((v) => checkApiKeys('readApiKeys', v)),
    privacyApiKeys: optional('privacyApiKeys')?.apply((v) => checkApiKeys('privacyApiKeys', v)),
    privacyLedgerKey: optional('privacyLedgerKey')?.apply((v) => checkMinLength('privacyLedgerKey', v, 16)),
  };
  if (cfg.postgres.mode === 'external') {
    // requireSecret fails at once, naming the missing key; the values stay secret.
    secrets.externalDatabaseUrls = Object.fromEntries(
      (Object.keys(LOGIN_ROLES) as LoginRole[]).map((role) => [
        role,
        config.requireSecret(externalDatabaseUrlKey(role)).apply((url) => checkDatabaseUrl(role, url)),
      ]),
    ) as Record<LoginRole, pulumi.Output<string>>;
  }
  if (cfg.redis.mode === 'external') {
    secrets.externalRedisUrl = config.requireSecret('externalRedisUrl').apply(checkRedisUrl);
  }
  return { cfg, secrets };
}

// ── secret value checks (run when the value resolves; messages never echo the value) ──────────

/** Standard Webhooks secrets, space or comma separated during a rotation. */
export function checkHmacSecret(v: string): string {
  const parts = v.split(/[\s,]+/).filter(Boolean);
  if (!parts.length || parts.some((p) => !/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/.test(p))) {
    throw new ConfigError('hmacSecret must be one or more whsec_<base64 of ≥24 bytes> values, space separated');
  }
  return v;
}

export function checkMinLength(key: string, v: string, min: number): string {
  if (v.length < min) throw new ConfigError(`${key} must be at least ${min} characters`);
  return v;
}

export const checkIpSalt = (v: string) => checkMinLength('ipSalt', v, 16);

export function checkApiKeys(key: string, v: string): string {
  const pairs = v.split(',').map((p) => p.trim());
  if (!pairs.length || pairs.some((p) => !/^[A-Za-z0-9_.-]+:[^\s:,]{24,}$/.test(p))) {
    throw new ConfigError(`${key} must be comma-separated id:secret pairs with secrets of at least 24 characters`);
  }
  return v;
}

export function checkDatabaseUrl(role: LoginRole, v: string): string {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(`${externalDatabaseUrlKey(role)} is not a URL`);
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) throw new ConfigError(`${externalDatabaseUrlKey(role)} must be a postgres:// URL`);
  if (decodeURIComponent(url.username) !== role) {
    throw new ConfigError(`${externalDatabaseUrlKey(role)} must log in as ${role} (each component has its own role)`);
  }
  return v;
}

export function checkRedisUrl(v: string): string {
  if (!/^rediss?:\/\//.test(v)) throw new ConfigError('externalRedisUrl must be a redis:// or rediss:// URL');
  return v;
}
