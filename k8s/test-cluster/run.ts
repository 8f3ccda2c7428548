// The checks of `make test-k8s`, against the throwaway cluster of scripts/k8s/cluster.sh (a real
// kube-apiserver, controller-manager and scheduler; kwok instead of kubelets). For every values
// file under charts/cbc-analytics/ci/ the chart is installed, rolled to a new image tag and
// uninstalled in its own restricted namespace; then the objects the Pulumi program declares
// (recorded under mocks) are server-side applied. Prints a table and exits 1 on any failure.
// Needs KUBECONFIG and kubectl/helm on PATH (scripts/k8s/test.sh sets them up).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../..');
const CHART = join(ROOT, 'charts/cbc-analytics');
const CRDS = join(import.meta.dirname, 'crds');
const RELEASE = 'cbc';
const UPGRADE_TAG = '0.0.0-k8s-test';
const TIMEOUT = '180s';
const started = Date.now();

interface Row {
  subject: string;
  step: string;
  ok: boolean;
  detail: string;
}
const rows: Row[] = [];

class CommandError extends Error {}

/** Server messages can quote a whole pod template; the head and the verdict at the end suffice. */
function abridge(text: string): string {
  return text.length <= 1200 ? text : `${text.slice(0, 500)} … ${text.slice(-500)}`;
}

/** Runs a command; its stderr (the server's message, for kubectl and helm) becomes the error. */
function run(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(cmd, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const text = (e.stderr || e.stdout || e.message).trim();
    throw new CommandError(`${cmd} ${args.slice(0, 3).join(' ')}…: ${abridge(text)}`);
  }
}
const kubectl = (...args: string[]) => run('kubectl', args);
const helm = (...args: string[]) => run('helm', args);

/** Records one step; a failing step stops the remaining steps of its subject (they depend on it). */
function step(subject: string, name: string, fn: () => string): boolean {
  const t = Date.now();
  process.stdout.write(`… ${subject}: ${name}\n`);
  try {
    const detail = fn();
    rows.push({ subject, step: name, ok: true, detail: `${detail} (${((Date.now() - t) / 1000).toFixed(0)}s)` });
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ subject, step: name, ok: false, detail: message });
    process.stdout.write(`FAIL ${subject}: ${name}\n${message}\n`);
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Polls until `fn` returns a non-empty string (the answer) or the deadline passes. */
function poll(what: string, seconds: number, fn: () => string | undefined): string {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const answer = fn();
      if (answer) return answer;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    sleep(2000);
  }
  throw new Error(`timed out after ${seconds}s waiting for ${what}${last ? `: ${last}` : ''}`);
}

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } } & Record<string, unknown>;

function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o && typeof o === 'object' && 'kind' in o);
}

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

/** Warning events and unready pods: what explains a rollout that did not finish. */
function diagnose(ns: string): string {
  const lines: string[] = [];
  try {
    lines.push(kubectl('-n', ns, 'get', 'pods', '-o', 'wide').trim());
    const events = kubectl('-n', ns, 'get', 'events', '--field-selector', 'type=Warning', '-o', 'custom-columns=OBJECT:.involvedObject.name,REASON:.reason,MESSAGE:.message', '--no-headers');
    lines.push(...events.trim().split('\n').slice(-10));
  } catch (error) {
    lines.push(String(error));
  }
  return lines.join('\n');
}

function waitFor(ns: string, kind: string, condition: string): string {
  const names = kubectl('-n', ns, 'get', kind, '-o', 'name').trim().split('\n').filter(Boolean);
  if (names.length === 0) return `no ${kind}`;
  try {
    kubectl('-n', ns, 'wait', `--for=condition=${condition}`, ...names, `--timeout=${TIMEOUT}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${diagnose(ns)}`);
  }
  return `${names.length} ${kind} ${condition}`;
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
    step(subject, `helm upgrade image.tag=${UPGRADE_TAG}`, () => {
      helm('upgrade', RELEASE, CHART, ...base, '--set', `image.tag=${UPGRADE_TAG}`, '--timeout', TIMEOUT);
      const deployments = kubectl('-n', ns, 'get', 'deployment', '-o', 'name').trim().split('\n').filter(Boolean);
      for (const d of deployments) {
        try {
          kubectl('-n', ns, 'rollout', 'status', d, `--timeout=${TIMEOUT}`);
        } catch (error) {
          throw new Error(`${(error as Error).message}\n${diagnose(ns)}`);
        }
      }
      // Each Deployment now has a ReplicaSet running the new tag and its old one scaled to 0.
      const replicaSets = JSON.parse(kubectl('-n', ns, 'get', 'replicaset', '-o', 'json')) as {
        items: { metadata: { name: string }; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }[];
      };
      const fresh = replicaSets.items.filter((rs) => rs.spec.replicas > 0);
      const stale = fresh.filter((rs) => !rs.spec.template.spec.containers.some((c) => c.image.endsWith(`:${UPGRADE_TAG}`)));
      if (stale.length > 0) throw new Error(`ReplicaSets still scaled up on the old tag: ${stale.map((rs) => rs.metadata.name).join(', ')}`);
      if (replicaSets.items.length < deployments.length * 2) throw new Error(`expected a new ReplicaSet per Deployment, found ${replicaSets.items.length} for ${deployments.length}`);
      waitFor(ns, 'job', 'Complete');
      return `${deployments.length} Deployments rolled out, ${replicaSets.items.length} ReplicaSets, new migrations Job Complete`;
    });
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
