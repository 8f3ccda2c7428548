// The checks of `make test-k8s`, against the throwaway cluster of scripts/k8s/cluster.sh (a real
// kube-apiserver, controller-manager and scheduler; kwok instead of kubelets). For every values
// file under charts/cbc-analytics/ci/ the chart is installed, upgraded unchanged (the Jobs must
// be left alone), rolled to a new image tag and uninstalled in its own restricted namespace; with
// the default values the ops CLI's cluster commands run as the admin's ServiceAccount in between
// (ops.ts). Then the objects the Pulumi program declares (recorded under mocks) are server-side
// applied. Prints a table and exits 1 on any failure.
// Needs KUBECONFIG and kubectl/helm on PATH (scripts/k8s/test.sh sets them up).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { diagnose, helm, type K8sObject, kubectl, parseManifests, poll, rows, run, step, TIMEOUT, waitFor } from './harness';
import { opsFlow } from './ops';

const ROOT = resolve(import.meta.dirname, '../..');
const CHART = join(ROOT, 'charts/cbc-analytics');
const CRDS = join(import.meta.dirname, 'crds');
const RELEASE = 'cbc';
const UPGRADE_TAG = '0.0.0-k8s-test';
/** The chart's object prefix for RELEASE (`<release>-cbc-analytics`) and its selector labels. */
const RELEASE_PREFIX = `${RELEASE}-cbc-analytics`;
const SELECTOR = `app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/name=cbc-analytics`;
/** The ops CLI's cluster commands run against one install: the Role is the same in every values file. */
const OPS_VALUES = 'default-values.yaml';
const started = Date.now();

/** Every `secretKeyRef` key naming `secret` anywhere in the objects. */
function secretKeys(objects: unknown, secret: string): Set<string> {
  const keys = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const ref = (v as { secretKeyRef?: { name?: string; key?: string } }).secretKeyRef;
      if (ref?.name === secret && ref.key) keys.add(ref.key);
      Object.values(v).forEach(walk);
    }
  };
  walk(objects);
  return keys;
}

type PodTemplate = { spec: { containers: { image: string }[] } };
/** The pod runs an app image (ingest, admin, jobs, dbt) by tag (`:`) or by digest (`@`). */
const runsAppImage = (t: PodTemplate, by: ':' | '@') => t.spec.containers.some((c) => new RegExp(`/cbc-(ingest|admin|jobs|dbt)${by}`).test(c.image));
const onTag = (t: PodTemplate, tag: string) => t.spec.containers.every((c) => !/\/cbc-(ingest|admin|jobs|dbt):/.test(c.image) || c.image.endsWith(`:${tag}`));

/** The release's Jobs by name → uid (the run-now Jobs of ops.ts are not the release's: they are made later). */
/** The release's own Jobs. A Job a CronJob started on its schedule carries the same labels but
 *  belongs to the CronJob, not to the release: a slow run crosses a schedule tick now and then. */
function jobUids(ns: string): Record<string, string> {
  const jobs = JSON.parse(kubectl('-n', ns, 'get', 'job', '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'json')) as {
    items: { metadata: { name: string; uid: string; ownerReferences?: { kind: string }[] } }[];
  };
  const released = jobs.items.filter((j) => !j.metadata.ownerReferences?.some((o) => o.kind === 'CronJob'));
  return Object.fromEntries(released.map((j) => [j.metadata.name, j.metadata.uid]).sort());
}

const CHECKED_KINDS = ['Deployment', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy', 'Ingress', 'ServiceMonitor', 'PrometheusRule'];

function chartFlow(valuesFile: string): void {
  const name = basename(valuesFile).replace(/-values\.ya?ml$/, '').replace(/\.ya?ml$/, '');
  const subject = basename(valuesFile);
  const ns = `ci-${name}`;
  const values = (parseYaml(readFileSync(valuesFile, 'utf8')) ?? {}) as { existingSecret?: string };
  const base = ['-n', ns, '-f', valuesFile];

  const installed =
    step(subject, 'namespace (PodSecurity restricted)', () => {
      kubectl('create', 'namespace', ns);
      kubectl('label', 'namespace', ns, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/enforce-version=latest', 'pod-security.kubernetes.io/warn=restricted');
      poll('the default ServiceAccount', 60, () => kubectl('-n', ns, 'get', 'serviceaccount', 'default', '-o', 'name').trim());
      return ns;
    }) &&
    step(subject, 'credentials Secret', () => {
      if (!values.existingSecret) return 'none needed: the chart renders its own';
      // Exactly the keys the chart's pods reference, so a missing key would stop a pod.
      const keys = [...secretKeys(parseManifests(helm('template', RELEASE, CHART, ...base)), values.existingSecret)].sort();
      kubectl('-n', ns, 'create', 'secret', 'generic', values.existingSecret, ...keys.map((k) => `--from-literal=${k}=k8s-test-${k.toLowerCase()}`));
      return `${values.existingSecret}: ${keys.length} keys`;
    }) &&
    step(subject, 'volumes for the PVCs (stand-in provisioner)', () => {
      // No storage provisioner runs here: a PersistentVolume pre-bound to each claim the chart
      // makes lets the PV controller bind it and the scheduler place the pod, as a provisioner would.
      const claims = parseManifests(helm('template', RELEASE, CHART, ...base)).filter((o) => o.kind === 'PersistentVolumeClaim');
      for (const c of claims) {
        const storage = (c.spec as { resources: { requests: { storage: string } } }).resources.requests.storage;
        const pv = {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: { name: `${ns}-${c.metadata.name}`, labels: { 'cbc.test/namespace': ns } },
          spec: {
            capacity: { storage },
            accessModes: (c.spec as { accessModes: string[] }).accessModes,
            persistentVolumeReclaimPolicy: 'Retain',
            claimRef: { namespace: ns, name: c.metadata.name },
            hostPath: { path: `/tmp/cbc-k8s-test/${ns}/${c.metadata.name}` },
          },
        };
        run('kubectl', ['apply', '-f', '-'], JSON.stringify(pv));
      }
      return claims.length === 0 ? 'no PVCs' : `${claims.length} PersistentVolume(s) pre-bound`;
    }) &&
    step(subject, 'helm install', () => {
      // No --wait: the chart has no hooks, and the waits below say which object is stuck.
      helm('install', RELEASE, CHART, ...base, '--timeout', TIMEOUT);
      const objects = parseManifests(helm('get', 'manifest', RELEASE, '-n', ns));
      return `${objects.length} objects accepted`;
    });
  const rolled =
    installed &&
    step(subject, 'objects present (kubectl get)', () => {
      const objects = parseManifests(helm('get', 'manifest', RELEASE, '-n', ns));
      for (const o of objects) kubectl('-n', ns, 'get', o.kind, o.metadata.name, '-o', 'name');
      const counts = CHECKED_KINDS.map((k) => [k, objects.filter((o) => o.kind === k).length] as const).filter(([, n]) => n > 0);
      return counts.map(([k, n]) => `${k}×${n}`).join(' ');
    }) &&
    step(subject, 'Deployments Available', () => waitFor(ns, 'deployment', 'Available')) &&
    step(subject, 'migrations Job Complete', () => waitFor(ns, 'job', 'Complete')) &&
    step(subject, 'helm upgrade, nothing changed: the finished Jobs are left alone', () => {
      // Same values, so the same pod templates: the Jobs keep their names, and Helm must find
      // nothing to patch (a Job's pod template is immutable).
      const before = jobUids(ns);
      helm('upgrade', RELEASE, CHART, ...base, '--timeout', TIMEOUT);
      const after = jobUids(ns);
      if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`Jobs changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      return `${Object.keys(after).length} Job(s), same names and uids`;
    }) &&
    step(subject, `helm upgrade image.tag=${UPGRADE_TAG}`, () => {
      const before = jobUids(ns);
      helm('upgrade', RELEASE, CHART, ...base, '--set', `image.tag=${UPGRADE_TAG}`, '--timeout', TIMEOUT);
      const deployments = JSON.parse(kubectl('-n', ns, 'get', 'deployment', '-o', 'json')) as { items: { metadata: { name: string; uid: string }; spec: { template: PodTemplate } }[] };
      for (const d of deployments.items) {
        try {
          kubectl('-n', ns, 'rollout', 'status', `deployment/${d.metadata.name}`, `--timeout=${TIMEOUT}`);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${diagnose(ns)}`);
        }
      }
      // Each Deployment that runs an app image by tag now has a ReplicaSet on the new tag and its
      // old one scaled to 0. One pinned by digest must not roll: the digest wins over the tag.
      // (The dbt docs server's nginx has its own tag and does not roll either.)
      const replicaSets = JSON.parse(kubectl('-n', ns, 'get', 'replicaset', '-o', 'json')) as {
        items: { metadata: { name: string; ownerReferences?: { uid: string }[] }; spec: { replicas: number; template: PodTemplate } }[];
      };
      const tagged = deployments.items.filter((d) => runsAppImage(d.spec.template, ':'));
      const pinned = deployments.items.filter((d) => runsAppImage(d.spec.template, '@'));
      const owned = (d: (typeof deployments.items)[number]) => replicaSets.items.filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid));
      for (const d of tagged) {
        const stale = owned(d).filter((rs) => rs.spec.replicas > 0 && !onTag(rs.spec.template, UPGRADE_TAG));
        if (stale.length > 0) throw new Error(`${d.metadata.name}: ReplicaSets still scaled up on the old tag: ${stale.map((rs) => rs.metadata.name).join(', ')}`);
        if (owned(d).length < 2) throw new Error(`${d.metadata.name}: expected a new ReplicaSet beside the old one, found ${owned(d).length}`);
      }
      for (const d of pinned) {
        if (owned(d).length !== 1) throw new Error(`${d.metadata.name} is pinned by digest but rolled on a tag change: ${owned(d).map((rs) => rs.metadata.name).join(', ')}`);
      }
      // Exactly the new revision's Jobs remain, Complete: a new pod template is a new Job, and
      // the previous revision's Jobs are deleted with it.
      waitFor(ns, 'job', 'Complete');
      const after = jobUids(ns);
      const manifest = parseManifests(helm('get', 'manifest', RELEASE, '-n', ns)).filter((o) => o.kind === 'Job').map((o) => o.metadata.name).sort();
      if (JSON.stringify(Object.keys(after)) !== JSON.stringify(manifest)) throw new Error(`Jobs ${Object.keys(after).join(', ')}; the release has ${manifest.join(', ')}`);
      const renewed = manifest.filter((name) => !(name in before)).length;
      return `${tagged.length} Deployments rolled to the new tag, ${pinned.length} pinned ones unchanged; ${renewed} new Job(s), ${manifest.length - renewed} kept, old ones gone, all Complete`;
    });
  if (rolled && basename(valuesFile) === OPS_VALUES) {
    opsFlow(subject, ROOT, ns, RELEASE_PREFIX, SELECTOR, parseManifests(helm('get', 'manifest', RELEASE, '-n', ns)), tmpdir());
  }
  // Uninstall whenever install worked: a failed upgrade must still leave nothing behind.
  if (installed) {
      step(subject, 'helm uninstall leaves nothing', () => {
        helm('uninstall', RELEASE, '-n', ns, '--wait', '--timeout', TIMEOUT);
        const kinds = 'all,configmap,secret,serviceaccount,networkpolicy,ingress,poddisruptionbudget,horizontalpodautoscaler,servicemonitor,prometheusrule,persistentvolumeclaim';
        poll('the release to disappear', 120, () => {
          // kube-root-ca.crt (every namespace), the default ServiceAccount and our own Secret are not the release's.
          const left = kubectl('-n', ns, 'get', kinds, '-o', 'name')
            .trim()
            .split('\n')
            .filter((n) => n && !['configmap/kube-root-ca.crt', 'serviceaccount/default', `secret/${values.existingSecret ?? ''}`].includes(n) && !n.startsWith('service/kubernetes'));
          if (left.length > 0) throw new Error(`still present: ${left.join(' ')}`);
          return 'empty';
        });
        return 'namespace empty (pods garbage-collected)';
      });
  }
  // Clean up either way; deletion finishes in the background.
  try {
    kubectl('delete', 'persistentvolume', '-l', `cbc.test/namespace=${ns}`, '--wait=false');
    kubectl('delete', 'namespace', ns, '--wait=false');
  } catch {
    // already gone or never created
  }
  if (!installed || !rolled) process.stdout.write(`${subject}: later steps that depend on a failed one were skipped\n`);
}

function pulumiFlow(): void {
  const subject = 'pulumi (DEFAULT_CONFIG)';
  const dir = mkdtempSync(join(tmpdir(), 'cbc-k8s-pulumi-'));
  const file = join(dir, 'objects.json');
  let items: K8sObject[] = [];
  try {
    void (
      step(subject, 'record objects under setMocks', () => {
        const out = execFileSync('npx', ['tsx', join(import.meta.dirname, 'dump-pulumi.ts')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
        writeFileSync(file, out);
        items = (JSON.parse(out) as { items: K8sObject[] }).items;
        return `${items.length} objects; Helm charts (cnpg, cnpg-barman-cloud, app) skipped: opaque under mocks`;
      }) &&
      step(subject, 'kubectl apply --server-side', () => {
        kubectl('apply', '--server-side', '--field-manager=pulumi-k8s-test', '-f', file);
        return `${items.length} objects applied`;
      }) &&
      step(subject, 'objects present (kubectl get)', () => {
        for (const o of items) {
          const scope = o.metadata.namespace ? ['-n', o.metadata.namespace] : [];
          // Kind.group: `Cluster` alone could mean another API group's Cluster.
          const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
          kubectl(...scope, 'get', group ? `${o.kind}.${group}` : o.kind, o.metadata.name, '-o', 'name');
        }
        const kinds = [...new Set(items.map((o) => o.kind))];
        return kinds.map((k) => `${k}×${items.filter((o) => o.kind === k).length}`).join(' ');
      })
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const crdOk = step('CRDs', 'apply (server-side) and Established', () => {
    kubectl('apply', '--server-side', '-f', CRDS);
    kubectl('wait', '--for=condition=Established', 'crd', '--all', `--timeout=${TIMEOUT}`);
    return kubectl('get', 'crd', '-o', 'name').trim().split('\n').length + ' CRDs';
  });
  if (crdOk) {
    const ci = join(CHART, 'ci');
    for (const f of readdirSync(ci).filter((f) => /\.ya?ml$/.test(f)).sort()) chartFlow(join(ci, f));
    pulumiFlow();
  }

  const w = [Math.max(...rows.map((r) => r.subject.length)), Math.max(...rows.map((r) => r.step.length))];
  process.stdout.write('\n');
  for (const r of rows) {
    const detail = r.ok ? r.detail : r.detail.split('\n')[0]!.slice(0, 160);
    process.stdout.write(`${r.subject.padEnd(w[0]!)}  ${r.step.padEnd(w[1]!)}  ${r.ok ? 'ok  ' : 'FAIL'}  ${detail}\n`);
  }
  const failed = rows.filter((r) => !r.ok).length;
  process.stdout.write(`\n${rows.length - failed}/${rows.length} steps passed in ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  process.exit(failed > 0 || rows.length === 0 ? 1 : 0);
}

main();
