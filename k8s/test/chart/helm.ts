// Runs helm against charts/cbc-analytics and parses what it renders. Shared by the chart tests.
// helm comes from PATH, else from .tools/bin/helm (where scripts/install-helm.sh puts it).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHART_DIR = join(REPO_DIR, 'charts/cbc-analytics');
export const CI_DIR = join(CHART_DIR, 'ci');
export const RELEASE = 'cbc';
export const NAMESPACE = 'cbc';
/** Pinned as in scripts/render-k8s.sh: output must not depend on a helm build's default. */
export const KUBE_VERSION = '1.32.0';

/** The values files under ci/, each rendered and linted by the tests. */
export const CI_VALUES = readdirSync(CI_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let helmPath: string | undefined;

export function helmBinary(): string {
  if (helmPath) return helmPath;
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'helm')),
    join(REPO_DIR, '.tools/bin/helm'),
  ];
  helmPath = candidates.find(isExecutable);
  if (!helmPath) {
    throw new Error('helm not found on PATH nor at .tools/bin/helm: run scripts/install-helm.sh (it installs helm offline)');
  }
  return helmPath;
}

export interface HelmResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): HelmResult {
  const r = spawnSync(helmBinary(), args, { cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run ${helmBinary()}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A rendered Kubernetes object, loosely typed: the tests walk it as plain data. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data?: any;
}

/** `helm template` arguments for a values file under ci/ plus extra flags. */
export function templateArgs(valuesFile?: string, extra: string[] = []): string[] {
  const args = ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION];
  if (valuesFile) args.push('-f', join(CI_DIR, valuesFile));
  return [...args, ...extra];
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

const cache = new Map<string, K8sObject[]>();

/** Renders once per argument list and caches: the suite stays fast. Throws on a helm error. */
export function render(valuesFile?: string, extra: string[] = []): K8sObject[] {
  const args = templateArgs(valuesFile, extra);
  const key = args.join('\0');
  const hit = cache.get(key);
  if (hit) return hit;
  const r = helm(args);
  if (r.status !== 0) throw new Error(`helm ${args.join(' ')} failed:\n${r.stderr}`);
  const objects = parseManifests(r.stdout);
  cache.set(key, objects);
  return objects;
}

/** Renders expecting failure; returns helm's error output. */
export function renderError(valuesFile?: string, extra: string[] = []): string {
  const r = helm(templateArgs(valuesFile, extra));
  if (r.status === 0) throw new Error(`expected helm template ${extra.join(' ')} to fail, but it rendered`);
  return r.stderr;
}

// --- walking pod specs ----------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PodSpec = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Container = any;

export interface PodTemplate {
  owner: string;
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
  longRunning: boolean;
}

/** The pod template of every workload (Deployments, Jobs, CronJobs), with where it came from. */
export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  return objects.flatMap((o) => {
    const owner = `${o.kind}/${o.metadata.name}`;
    switch (o.kind) {
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
        return [{ owner, ...o.spec.template, longRunning: true }];
      case 'Job':
        return [{ owner, ...o.spec.template, longRunning: false }];
      case 'CronJob':
        return [{ owner, ...o.spec.jobTemplate.spec.template, longRunning: false }];
      default:
        return [];
    }
  });
}

export function containersOf(pod: PodTemplate): { container: Container; init: boolean; where: string }[] {
  const list = (cs: Container[] | undefined, init: boolean) =>
    (cs ?? []).map((c: Container) => ({ container: c, init, where: `${pod.owner} ${init ? 'initContainer' : 'container'} ${c.name}` }));
  return [...list(pod.spec.initContainers, true), ...list(pod.spec.containers, false)];
}

export function byKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function component(o: { metadata: { labels?: Record<string, string> } }): string | undefined {
  return o.metadata.labels?.['app.kubernetes.io/component'];
}
