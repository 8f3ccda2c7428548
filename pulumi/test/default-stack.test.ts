// The default stack: CloudNativePG (with backups) and the Redis StatefulSet, monitoring on.
import * as pulumi from '@pulumi/pulumi';
import { LOGIN_ROLES, OWNER_ROLE } from '@cbc/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_ENV, loadCommandEnv } from '@cbc/jobs';
import { CREDENTIAL_KEYS, URL_ROLES } from '../src/secrets';
import { DEFAULT_CONFIG, isSecretValue, ofType, one, outputValue, runProgram, unwrap, type Run } from './harness';

let run: Run;
beforeAll(async () => {
  run = await runProgram(DEFAULT_CONFIG);
});

type Obj = Record<string, unknown> & { metadata?: { name?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };
const manifest = (type: string, name?: string) => unwrap<Obj>(one(run, type, name).inputs);

describe('what the default stack declares', () => {
  it('installs the CloudNativePG operator chart, pinned, from the upstream repo, in its own namespace', () => {
    const chart = unwrap<{ chart: string; version: string; namespace: string; repositoryOpts: { repo: string } }>(
      one(run, 'kubernetes:helm.sh/v4:Chart', 'cnpg').inputs,
    );
    expect(chart.chart).toBe('cloudnative-pg');
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(chart.repositoryOpts.repo).toBe('https://cloudnative-pg.github.io/charts');
    expect(chart.namespace).toBe('cnpg-system');
    expect(ofType(run, 'kubernetes:core/v1:Namespace').map((n) => unwrap<Obj>(n.inputs).metadata?.name).sort()).toEqual(['cbc', 'cnpg-system']);
  });

  it('installs the Barman Cloud plugin because backups are configured', () => {
    const plugin = unwrap<{ chart: string; namespace: string }>(one(run, 'kubernetes:helm.sh/v4:Chart', 'cnpg-barman-cloud').inputs);
    expect(plugin).toMatchObject({ chart: 'plugin-barman-cloud', namespace: 'cnpg-system' });
  });

  it('declares one CNPG Cluster with 2 instances, no superuser access, operator-managed PDBs and anti-affinity', () => {
    const c = manifest('kubernetes:postgresql.cnpg.io/v1:Cluster');
    expect(c).toMatchObject({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'cbc-pg', namespace: 'cbc' } });
    expect(c.spec).toMatchObject({
      instances: 2,
      enableSuperuserAccess: false,
      enablePDB: true,
      storage: { size: '20Gi', storageClass: 'standard-rwo' },
      affinity: { enablePodAntiAffinity: true, topologyKey: 'kubernetes.io/hostname' },
      bootstrap: { initdb: { database: 'cbc', owner: OWNER_ROLE } },
    });
    const params = (c.spec as { postgresql: { parameters: Record<string, unknown> } }).postgresql.parameters;
    expect(params.max_connections).toBe('250');
    // No PodDisruptionBudget of ours for Postgres: the operator owns them.
    expect(ofType(run, 'kubernetes:policy/v1:PodDisruptionBudget').map((p) => p.name)).toEqual(['redis']);
  });

  it('manages exactly the roles of packages/db/src/roles.ts, none of them superuser', () => {
    const roles = (manifest('kubernetes:postgresql.cnpg.io/v1:Cluster').spec as { managed: { roles: Record<string, unknown>[] } }).managed.roles;
    expect(roles.map((r) => r.name).sort()).toEqual([OWNER_ROLE, ...Object.keys(LOGIN_ROLES)].sort());
    for (const r of roles) {
      expect(r, String(r.name)).toMatchObject({ superuser: false, createdb: false, createrole: false, bypassrls: false, replication: false });
    }
    const owner = roles.find((r) => r.name === OWNER_ROLE)!;
    expect(owner).toMatchObject({ login: false, disablePassword: true });
    expect(owner.passwordSecret).toBeUndefined();
    for (const [role, opts] of Object.entries(LOGIN_ROLES)) {
      const r = roles.find((x) => x.name === role)!;
      expect(r, role).toMatchObject({ login: true, connectionLimit: opts.connectionLimit, passwordSecret: { name: `cbc-pg-${role.replace(/_/g, '-')}` } });
    }
    expect(roles.find((r) => r.name === 'cbc_migrator')).toMatchObject({ inRoles: [OWNER_ROLE], inherit: false });
    expect(roles.filter((r) => r.inRoles !== undefined).map((r) => r.name)).toEqual(['cbc_migrator']);
  });

  it('applies each role\'s statement_timeout and locks the database down at initdb', () => {
    const sql = (manifest('kubernetes:postgresql.cnpg.io/v1:Cluster').spec as { bootstrap: { initdb: { postInitApplicationSQL: string[] } } }).bootstrap
      .initdb.postInitApplicationSQL;
    for (const [role, opts] of Object.entries(LOGIN_ROLES)) {
      expect(sql).toContain(`ALTER ROLE ${role} SET statement_timeout = '${opts.statementTimeout}'`);
    }
    expect(sql).toContain('REVOKE ALL ON DATABASE cbc FROM PUBLIC');
  });

  it('stores each role password in a basic-auth Secret CNPG reloads on change', () => {
    for (const role of Object.keys(LOGIN_ROLES)) {
      const s = manifest('kubernetes:core/v1:Secret', `postgres-${role.replace(/_/g, '-')}`);
      expect(s).toMatchObject({ type: 'kubernetes.io/basic-auth', metadata: { labels: { 'cnpg.io/reload': 'true' } }, stringData: { username: role } });
    }
  });

  it('backs up to object storage through the plugin: ObjectStore, WAL archiver and a ScheduledBackup', () => {
    const store = manifest('kubernetes:barmancloud.cnpg.io/v1:ObjectStore');
    expect(store.spec).toMatchObject({ retentionPolicy: '30d', configuration: { destinationPath: 's3://cbc-backups/pg' } });
    const plugins = (manifest('kubernetes:postgresql.cnpg.io/v1:Cluster').spec as { plugins: unknown[] }).plugins;
    expect(plugins).toEqual([{ name: 'barman-cloud.cloudnative-pg.io', isWALArchiver: true, parameters: { barmanObjectName: 'cbc-pg-backup' } }]);
    const backup = manifest('kubernetes:postgresql.cnpg.io/v1:ScheduledBackup');
    expect(backup.spec).toMatchObject({ cluster: { name: 'cbc-pg' }, schedule: '0 0 3 * * *', method: 'plugin' });
  });

  it('scrapes the Postgres instances with a PodMonitor labelled for kube-prometheus-stack', () => {
    const pm = manifest('kubernetes:monitoring.coreos.com/v1:PodMonitor', 'postgres-monitor');
    expect(pm.metadata?.labels).toEqual({ release: 'kube-prometheus-stack' });
    expect(pm.spec).toMatchObject({ selector: { matchLabels: { 'cnpg.io/cluster': 'cbc-pg' } }, podMetricsEndpoints: [{ port: 'metrics' }] });
    // The deprecated operator-managed monitor stays off.
    expect((manifest('kubernetes:postgresql.cnpg.io/v1:Cluster').spec as Record<string, unknown>).monitoring).toBeUndefined();
  });

  it('runs Redis as a hardened single-replica StatefulSet with an exporter, Services, PDB and PodMonitor', () => {
    const sts = manifest('kubernetes:apps/v1:StatefulSet', 'redis');
    const spec = sts.spec as { replicas: number; template: { spec: { containers: Record<string, unknown>[]; automountServiceAccountToken: boolean } } };
    expect(spec.replicas).toBe(1);
    expect(spec.template.spec.automountServiceAccountToken).toBe(false);
    const [redis, exporter] = spec.template.spec.containers;
    expect(redis).toMatchObject({ name: 'redis', image: 'redis:7.4-alpine' });
    const args = (redis!.args as string[]).join(' ');
    expect(args).toContain('--requirepass $(REDIS_PASSWORD)');
    expect(args).toContain('--maxmemory 256mb');
    expect(args).toContain('--maxmemory-policy allkeys-lru');
    expect(exporter).toMatchObject({ name: 'exporter', ports: [{ name: 'metrics', containerPort: 9121 }] });
    for (const c of [redis!, exporter!]) {
      expect(c.securityContext, String(c.name)).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect((c.resources as { requests?: unknown }).requests, String(c.name)).toBeDefined();
    }
    expect(ofType(run, 'kubernetes:core/v1:Service').map((s) => s.name).sort()).toEqual(['redis', 'redis-headless']);
    expect(manifest('kubernetes:policy/v1:PodDisruptionBudget', 'redis').spec).toMatchObject({ maxUnavailable: 1 });
    expect(manifest('kubernetes:monitoring.coreos.com/v1:PodMonitor', 'redis-monitor').metadata?.labels).toMatchObject({ release: 'kube-prometheus-stack' });
  });

  it('writes one credentials Secret with exactly the keys the chart reads', () => {
    const s = manifest('kubernetes:core/v1:Secret', 'secrets-credentials');
    expect(s.metadata?.name).toBe('cbc-credentials');
    expect(Object.keys(s.stringData as object).sort()).toEqual([...CREDENTIAL_KEYS].sort());
  });

  it('gives each URL key its own role, the reader on the -ro service and every other role on -rw', () => {
    const data = manifest('kubernetes:core/v1:Secret', 'secrets-credentials').stringData as Record<string, string>;
    for (const [key, role] of Object.entries(URL_ROLES)) {
      const host = role === 'cbc_reader' ? 'cbc-pg-ro' : 'cbc-pg-rw';
      expect(data[key], key).toMatch(new RegExp(`^postgres://${role}:[A-Za-z0-9]+@${host}\\.cbc\\.svc:5432/cbc\\?sslmode=require&uselibpqcompat=true$`));
    }
    // dbt's password is the one CNPG sets for cbc_transformer (its basic-auth Secret).
    const transformer = manifest('kubernetes:core/v1:Secret', 'postgres-cbc-transformer').stringData as Record<string, string>;
    expect(data.DBT_ENV_SECRET_PASSWORD).toBe(transformer.password);
    for (const [key, role] of Object.entries(URL_ROLES)) {
      const own = manifest('kubernetes:core/v1:Secret', `postgres-${role.replace(/_/g, '-')}`).stringData as Record<string, string>;
      expect(decodeURIComponent(new URL(data[key]!).password), key).toBe(own.password);
    }
    expect(data.REDIS_URL).toMatch(/^redis:\/\/:[A-Za-z0-9]+@cbc-redis\.cbc\.svc:6379\/0$/);
  });

  it('generates a Standard Webhooks secret (whsec_ + base64 of 32 bytes), keys and salts', () => {
    const data = manifest('kubernetes:core/v1:Secret', 'secrets-credentials').stringData as Record<string, string>;
    expect(Buffer.from(data.HMAC_SECRET!.replace(/^whsec_/, ''), 'base64')).toHaveLength(32);
    expect(one(run, 'random:index/randomBytes:RandomBytes').inputs).toMatchObject({ length: 32 });
    expect(data.INGEST_API_KEYS).toMatch(/^agent:[A-Za-z0-9]{40}$/);
    // The admin calls GET /metrics/* and /privacy/* with its own entries, which the API's lists hold.
    expect(data.ADMIN_READ_API_KEY).toMatch(/^admin:[A-Za-z0-9]{40}$/);
    expect(data.ADMIN_PRIVACY_API_KEY).toMatch(/^admin:[A-Za-z0-9]{40}$/);
    expect(data.ADMIN_PRIVACY_API_KEY).not.toBe(data.ADMIN_READ_API_KEY);
    expect(data.READ_API_KEYS).toBe(data.ADMIN_READ_API_KEY);
    expect(data.PRIVACY_API_KEYS).toMatch(/^privacy:[A-Za-z0-9]{40},admin:[A-Za-z0-9]{40}$/);
    expect(data.PRIVACY_API_KEYS!.split(',')).toContain(data.ADMIN_PRIVACY_API_KEY);
    expect(data.IP_SALT!.length).toBeGreaterThanOrEqual(16);
    expect(data.PRIVACY_LEDGER_KEY!.length).toBeGreaterThanOrEqual(16);
    for (const r of ofType(run, 'random:index/randomPassword:RandomPassword')) expect(r.inputs, r.name).toMatchObject({ special: false });
  });

  it('installs the app chart from the repo with values wired to what Pulumi provisioned', () => {
    const chart = unwrap<{ chart: string; name: string; namespace: string; values: Record<string, Record<string, unknown>> }>(
      one(run, 'kubernetes:helm.sh/v4:Chart', 'app').inputs,
    );
    expect(chart).toMatchObject({ chart: '../charts/cbc-analytics', name: 'cbc', namespace: 'cbc' });
    const v = chart.values;
    expect(v.existingSecret).toBe('cbc-credentials');
    expect(v.existingSecretChecksum).toMatch(/^[0-9a-f]{64}$/);
    expect(v.fullnameOverride).toBe('cbc');
    // dbt's host is the primary; the reader's -ro host travels inside DATABASE_READ_URL (above).
    expect(v.postgres).toEqual({ host: 'cbc-pg-rw.cbc.svc', port: 5432, database: 'cbc', sslMode: 'require', maxConnections: 250 });
    expect(v.monitoring).toEqual({
      enabled: true,
      serviceMonitor: { labels: { release: 'kube-prometheus-stack' } },
      prometheusRule: { labels: { release: 'kube-prometheus-stack' } },
    });
    expect(v.image).toEqual({ registry: 'ghcr.io', tag: '1.0.0' });
    expect(v.images).toEqual({
      ingest: { repository: 'coral-beach-club/cbc-ingest' },
      admin: { repository: 'coral-beach-club/cbc-admin' },
      jobs: { repository: 'coral-beach-club/cbc-jobs' },
      dbt: { repository: 'coral-beach-club/cbc-dbt' },
    });
    expect(v.ingest).toMatchObject({
      hpa: { minReplicas: 2, maxReplicas: 6 },
      ingress: { enabled: true, host: 'ingest.example.com', className: 'nginx', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } },
    });
    expect(v.networkPolicy).toMatchObject({
      postgres: { podSelector: { matchLabels: { 'cnpg.io/cluster': 'cbc-pg' } } },
      redis: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cbc-redis' } } },
    });
  });

  it('makes the app chart wait for the cluster, Redis and the Secret', () => {
    // dependsOn is not visible to mocks; the URN chain and the AppRelease args are: the program
    // passes the components, and the chart's values depend on their outputs.
    const values = unwrap<{ existingSecret: string; postgres: { host: string; pooler?: unknown } }>(one(run, 'kubernetes:helm.sh/v4:Chart', 'app').inputs.values);
    // No pooler by default: the chart keeps its own (disabled) postgres.pooler.
    expect(values.postgres.pooler).toBeUndefined();
    expect(ofType(run, 'kubernetes:postgresql.cnpg.io/v1:Pooler')).toEqual([]);
    expect(values.existingSecret).toBe(unwrap<Obj>(one(run, 'kubernetes:core/v1:Secret', 'secrets-credentials').inputs).metadata?.name);
  });
});

describe('secrets stay secret', () => {
  it('sends every Secret\'s data to the engine as a secret', () => {
    const secrets = ofType(run, 'kubernetes:core/v1:Secret');
    expect(secrets.length).toBe(1 + Object.keys(LOGIN_ROLES).length + 1);
    for (const s of secrets) expect(isSecretValue(s.inputs.stringData), s.name).toBe(true);
  });

  it('marks the generated random values and the exported agent credentials secret', async () => {
    const p = run.program as { agentCredentials: pulumi.Output<unknown> };
    expect(await pulumi.isSecret(p.agentCredentials)).toBe(true);
  });

  it('keeps the chart values free of secrets (a Secret name and a digest only), so previews stay readable', () => {
    const inputs = JSON.stringify(one(run, 'kubernetes:helm.sh/v4:Chart', 'app').inputs);
    expect(inputs).not.toContain('4dabf18193072939515e22adb298388d');
    expect(inputs).not.toMatch(/postgres:\/\/|whsec_|redis:\/\//);
  });
});

describe('ownership', () => {
  it('parents every resource to one of our components (URN chain cbc:k8s:<Name>$…)', () => {
    const children = run.urns.filter((u) => !/::cbc:k8s:[A-Za-z]+::/.test(u));
    expect(children.length).toBe(run.declared.filter((d) => !d.type.startsWith('cbc:k8s:')).length + run.reads.length);
    for (const urn of children) expect(urn, urn).toMatch(/::cbc:k8s:[A-Za-z]+\$[^$]+::/);
  });

  it('uses cbc:k8s:<Name> type tokens for the components', () => {
    expect(run.declared.filter((d) => !d.custom && !d.type.startsWith('kubernetes:')).map((d) => d.type).sort()).toEqual(
      ['cbc:k8s:AppNamespace', 'cbc:k8s:AppRelease', 'cbc:k8s:AppSecrets', 'cbc:k8s:ClusterPrerequisites', 'cbc:k8s:CnpgOperator', 'cbc:k8s:PostgresCluster', 'cbc:k8s:Redis'].sort(),
    );
  });

  it('declares each Kubernetes object once (no two resources with the same kind, namespace and name)', () => {
    const ids = run.declared
      .filter((d) => d.custom && d.type.startsWith('kubernetes:'))
      .map((d) => {
        const m = unwrap<Obj>(d.inputs).metadata as { name?: string; namespace?: string };
        return `${d.type}/${m.namespace ?? ''}/${m.name}`;
      });
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('destroy keeps the data', () => {
  it('marks the operator charts\' CRDs retainOnDelete (a transform: not applied under mocks, so called directly)', async () => {
    const { retainCrds } = await import('../src/cnpg-operator');
    const crd = await retainCrds({ custom: true, type: 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition', name: 'clusters', props: {}, opts: {} });
    expect(crd?.opts.retainOnDelete).toBe(true);
    expect(await retainCrds({ custom: true, type: 'kubernetes:apps/v1:Deployment', name: 'op', props: {}, opts: {} })).toBeUndefined();
  });
});

describe('stack outputs', () => {
  it('exports the URLs, the namespace, the cluster name and the first-admin command', async () => {
    const p = run.program as {
      ingestUrl: { internal: pulumi.Output<string>; external?: string };
      dashboardUrl: string;
      namespace: pulumi.Output<string>;
      postgresClusterName: pulumi.Output<string>;
      firstAdminCommand: pulumi.Output<string>;
    };
    expect(await outputValue(p.ingestUrl.internal)).toBe('http://cbc-ingest.cbc.svc:80');
    expect(p.ingestUrl.external).toBe('https://ingest.example.com');
    expect(p.dashboardUrl).toBe('https://analytics.example.com');
    expect(await outputValue(p.namespace)).toBe('cbc');
    expect(await outputValue(p.postgresClusterName)).toBe('cbc-pg');
    const cmd = await outputValue(p.firstAdminCommand);
    expect(cmd).toMatch(/^kubectl -n cbc run cbc-create-staff --rm -it --restart=Never --image=ghcr\.io\/coral-beach-club\/cbc-jobs:1\.0\.0 /);
    expect(cmd).toContain('create-staff');
    expect(cmd).toContain('"secretKeyRef":{"name":"cbc-credentials","key":"ADMIN_DATABASE_URL"}');
    expect(cmd).not.toContain('MIGRATOR');
    // The pod runs `create-staff` with the variable that command reads (its env schema says which).
    const pod = JSON.parse(/--overrides='(.+)'$/.exec(cmd)![1]!) as {
      spec: { containers: { args: string[]; env: { name: string; valueFrom: { secretKeyRef: { key: string } } }[] }[] };
    };
    const container = pod.spec.containers[0]!;
    expect(container.args.slice(0, 3)).toEqual(['node', 'dist/cli.js', 'create-staff']);
    const env = Object.fromEntries(container.env.map((e) => [e.name, `postgres://from-secret/${e.valueFrom.secretKeyRef.key}`]));
    expect(loadCommandEnv('create-staff', env)).toEqual({ ADMIN_DATABASE_URL: 'postgres://from-secret/ADMIN_DATABASE_URL' });
    expect(Object.keys(env).filter((k) => !(k in COMMAND_ENV['create-staff'].schema.properties))).toEqual([]);
  });
});

