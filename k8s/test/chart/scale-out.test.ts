// Scaling past one node: the pooler in the connection budget, the HPA's optional request-rate
// metric, and the admin's narrow access to the Kubernetes API for its Operations page.
import { describe, expect, it } from 'vitest';
import { byKind, component, type K8sObject, render, renderError } from './helm.js';

const POOLER = ['--set', 'postgres.pooler.enabled=true'];
const named = (objects: K8sObject[], kind: string, comp: string) => byKind(objects, kind).find((o) => component(o) === comp) as K8sObject;

describe('connection budget with the pooler', () => {
  it("moves ingest's write pool and the admin's pool to the pooler, and counts the pooler's server pools instead", () => {
    // Without the pooler 12 replicas × 17 do not fit (values.test.ts); with it each replica
    // holds 7 direct connections (read 5 + privacy 2) and PgBouncer 2 pods × 20 × 2 roles = 80:
    // 20 × 7 + 80 + 8 jobs + 10 reserve = 238 > 200, 14 × 7 + 80 + 18 = 196 fits.
    expect(render(undefined, [...POOLER, '--set', 'ingest.hpa.maxReplicas=14']).length).toBeGreaterThan(0);
    expect(renderError(undefined, [...POOLER, '--set', 'ingest.hpa.maxReplicas=20'])).toMatch(
      /connection budget exceeded: ingest 20 pods × 7 \(read pool \+ privacy pool; the write pool is the pooler's\) = 140, admin 0, pooler 80, jobs 8, reserve 10: 238 > postgres.maxConnections 200/,
    );
  });

  it("counts default_pool_size × instances × the two pooled roles against Postgres", () => {
    // 10 replicas × 7 + 3 × 20 × 2 + 8 + 10 = 208.
    expect(renderError(undefined, [...POOLER, '--set', 'postgres.pooler.instances=3'])).toMatch(/pooler 120, .*: 208 > /);
    expect(render(undefined, [...POOLER, '--set', 'postgres.pooler.instances=3', '--set', 'postgres.pooler.defaultPoolSize=15']).length).toBeGreaterThan(0);
  });

  it("refuses pools that do not fit in the pooler's max_client_conn", () => {
    // 10 ingest × 10 + 2 admin × 5 = 110 clients > 2 × 50.
    expect(renderError(undefined, [...POOLER, '--set', 'postgres.pooler.maxClientConn=50'])).toMatch(/pooler client budget exceeded: .* 110 connections to the pooler > .* = 100/);
    expect(render(undefined, [...POOLER, '--set', 'postgres.pooler.maxClientConn=55']).length).toBeGreaterThan(0);
  });

  it('lets ingest and the admin (only) reach the pooler pods', () => {
    const peers = (o: K8sObject) => ((o.spec.egress ?? []) as { to?: { podSelector?: { matchLabels?: Record<string, string> } }[] }[]).flatMap((e) => e.to ?? []);
    const toPooler = (o: K8sObject) => peers(o).some((p) => p.podSelector?.matchLabels?.['cnpg.io/poolerName'] === 'cbc-pg-pooler-rw');
    const on = render(undefined, POOLER);
    expect(byKind(on, 'NetworkPolicy').filter(toPooler).map(component).sort()).toEqual(['admin', 'ingest']);
    expect(byKind(render(), 'NetworkPolicy').filter(toPooler)).toEqual([]);
  });
});

describe('ingest HPA', () => {
  it('scales on CPU alone by default', () => {
    const hpa = named(render(), 'HorizontalPodAutoscaler', 'ingest');
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });

  it('adds the request-rate Pods metric when switched on, CPU kept', () => {
    const hpa = named(render(undefined, ['--set', 'ingest.hpa.requestRate.enabled=true', '--set-string', 'ingest.hpa.requestRate.averageValue=80']), 'HorizontalPodAutoscaler', 'ingest');
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Pods', pods: { metric: { name: 'ingest_http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '80' } } },
    ]);
  });
});

describe('admin cluster operations', () => {
  type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
  /** `group/resource verb` for every grant of a Role. */
  const grants = (role: K8sObject) =>
    ((role as unknown as { rules: Rule[] }).rules ?? []).flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g || 'core'}/${res} ${v}`)))).sort();

  it('grants exactly read on the operated kinds and create on jobs, in the namespace', () => {
    const objects = render();
    expect(byKind(objects, 'ClusterRole')).toEqual([]);
    expect(byKind(objects, 'ClusterRoleBinding')).toEqual([]);
    const roles = byKind(objects, 'Role');
    expect(roles).toHaveLength(1);
    const read = ['batch/cronjobs', 'batch/jobs', 'apps/deployments', 'autoscaling/horizontalpodautoscalers', 'core/pods', 'core/events'].flatMap((r) => ['get', 'list', 'watch'].map((v) => `${r} ${v}`));
    expect(grants(roles[0]!)).toEqual([...read, 'batch/jobs create'].sort());
  });

  it('binds the Role to the admin ServiceAccount alone, which gets a token, the namespace and the release selector', () => {
    const objects = render();
    const binding = byKind(objects, 'RoleBinding')[0] as unknown as { roleRef: { kind: string; name: string }; subjects: { kind: string; name: string; namespace: string }[] };
    const admin = named(objects, 'Deployment', 'admin');
    expect(binding.roleRef).toMatchObject({ kind: 'Role', name: byKind(objects, 'Role')[0]!.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: admin.spec.template.spec.serviceAccountName, namespace: 'cbc' }]);
    expect(admin.spec.template.spec.automountServiceAccountToken).toBe(true);
    const env = admin.spec.template.spec.containers[0].env as { name: string; value?: string; valueFrom?: unknown }[];
    expect(env.find((e) => e.name === 'K8S_RELEASE_SELECTOR')?.value).toBe('app.kubernetes.io/instance=cbc,app.kubernetes.io/name=cbc-analytics');
    expect(env.find((e) => e.name === 'K8S_NAMESPACE')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
  });

  it('opens the admin egress to the API server ports, narrowed to cidrs when given', () => {
    const egress = (objects: K8sObject[]) => named(objects, 'NetworkPolicy', 'admin').spec.egress as { to?: unknown[]; ports: { port: number }[] }[];
    const api = (objects: K8sObject[]) => egress(objects).find((e) => e.ports.some((p) => p.port === 6443));
    expect(api(render())).toEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] });
    expect(api(render(undefined, ['--set', 'admin.clusterOperations.apiServer.cidrs[0]=172.18.0.2/32']))?.to).toEqual([{ ipBlock: { cidr: '172.18.0.2/32' } }]);
    expect(renderError(undefined, ['--set', 'admin.clusterOperations.apiServer.cidrs=null'])).toMatch(/cidrs/);
  });

  it('renders no Role, no token and no API egress when switched off', () => {
    const objects = render(undefined, ['--set', 'admin.clusterOperations.enabled=false']);
    expect(byKind(objects, 'Role')).toEqual([]);
    expect(byKind(objects, 'RoleBinding')).toEqual([]);
    const admin = named(objects, 'Deployment', 'admin');
    expect(admin.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(JSON.stringify(admin.spec.template.spec.containers[0].env)).not.toContain('K8S_');
    expect(JSON.stringify(named(objects, 'NetworkPolicy', 'admin').spec.egress)).not.toContain('6443');
  });
});
