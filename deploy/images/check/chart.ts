// How the chart runs each container, read from `helm template` output, and the `podman run`
// flags that reproduce it. The boot checks take command, args, env and security context from
// here, so they follow the chart as it changes instead of a copy of it.
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped YAML */
export interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: any;
}

/** One container as the chart runs it, with every environment variable resolved to its value. */
export interface ContainerRun {
  /** `<Kind>/<name>:<container>`, for messages. */
  id: string;
  image: string;
  /** Kubernetes `command`: replaces the image's ENTRYPOINT. */
  command?: string[];
  /** Kubernetes `args`: replace the image's CMD. */
  args?: string[];
  env: Record<string, string>;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot: boolean;
  readOnlyRootFilesystem: boolean;
  allowPrivilegeEscalation: boolean;
  capDrop: string[];
  /** emptyDir mounts: path → size limit in bytes (undefined: none). */
  emptyDirs: Record<string, number | undefined>;
}

/** `helm template` of the chart with these values files (later files win), parsed. */
export function renderChart(chartDir: string, valuesFiles: string[], release = 'cbc'): Manifest[] {
  const out = execFileSync('helm', ['template', release, chartDir, ...valuesFiles.flatMap((f) => ['-f', f])], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null && typeof m === 'object' && typeof m.kind === 'string');
}

/** The pod template of a Deployment, Job or CronJob. */
function podSpec(m: Manifest): any {
  if (m.kind === 'CronJob') return m.spec.jobTemplate.spec.template.spec;
  if (m.kind === 'Deployment' || m.kind === 'Job' || m.kind === 'StatefulSet') return m.spec.template.spec;
  throw new Error(`${m.kind}/${m.metadata.name} has no pod template`);
}

const UNITS: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, k: 1e3, M: 1e6, G: 1e9 };
export function quantityBytes(q: string | number): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(String(q));
  if (!m) throw new Error(`unsupported quantity "${q}"`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? '']!);
}

/**
 * The container `container` of the workload whose app.kubernetes.io/component label is
 * `component` (names carry the release and, for the migrations Job, the tag), from its
 * containers or initContainers. Secrets and ConfigMaps are resolved from the
 * same rendering; the downward API's namespace is `namespace`.
 */
export function containerRun(
  manifests: Manifest[],
  kind: string,
  component: string,
  container: string,
  namespace = 'default',
): ContainerRun {
  const m = manifests.find((x) => x.kind === kind && x.metadata.labels?.['app.kubernetes.io/component'] === component);
  if (!m) throw new Error(`the chart renders no ${kind} with component ${component}`);
  const pod = podSpec(m);
  const c = [...(pod.containers ?? []), ...(pod.initContainers ?? [])].find((x: any) => x.name === container);
  if (!c) throw new Error(`${kind}/${m.metadata.name} has no container "${container}"`);
  const id = `${kind}/${m.metadata.name}:${container}`;

  const byName = (k: string, name: string) => {
    const found = manifests.find((x) => x.kind === k && x.metadata.name === name);
    if (!found) throw new Error(`${id} refers to ${k}/${name}, which the chart does not render`);
    return found.data ?? {};
  };
  const fromSecret = (name: string, key: string) => {
    const v = byName('Secret', name)[key];
    if (v === undefined) throw new Error(`${id}: Secret/${name} has no key ${key}`);
    return Buffer.from(v, 'base64').toString('utf8');
  };
  const fromConfigMap = (name: string, key: string) => {
    const v = byName('ConfigMap', name)[key];
    if (v === undefined) throw new Error(`${id}: ConfigMap/${name} has no key ${key}`);
    return String(v);
  };

  // Kubernetes order: envFrom first, then env; a later entry of the same name wins.
  const env: Record<string, string> = {};
  for (const src of c.envFrom ?? []) {
    if (src.configMapRef) Object.assign(env, byName('ConfigMap', src.configMapRef.name));
    else if (src.secretRef) {
      for (const [k, v] of Object.entries(byName('Secret', src.secretRef.name))) env[k] = Buffer.from(v, 'base64').toString('utf8');
    } else throw new Error(`${id}: unsupported envFrom ${JSON.stringify(src)}`);
  }
  for (const e of c.env ?? []) {
    if ('value' in e) env[e.name] = String(e.value ?? '');
    else if (e.valueFrom?.secretKeyRef) env[e.name] = fromSecret(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    else if (e.valueFrom?.configMapKeyRef) env[e.name] = fromConfigMap(e.valueFrom.configMapKeyRef.name, e.valueFrom.configMapKeyRef.key);
    else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') env[e.name] = namespace;
    else throw new Error(`${id}: unsupported env source for ${e.name}: ${JSON.stringify(e.valueFrom)}`);
  }

  // Every volume the container mounts must be one podman can stand in for: emptyDir → tmpfs.
  // Anything else fails here, so a new volume in the chart is noticed rather than skipped.
  const volumes = new Map<string, any>((pod.volumes ?? []).map((v: any) => [v.name, v]));
  const emptyDirs: Record<string, number | undefined> = {};
  for (const vm of c.volumeMounts ?? []) {
    const v = volumes.get(vm.name);
    if (!v?.emptyDir) throw new Error(`${id}: volume "${vm.name}" at ${vm.mountPath} is not an emptyDir; the checks cannot reproduce it`);
    emptyDirs[vm.mountPath] = v.emptyDir.sizeLimit ? quantityBytes(v.emptyDir.sizeLimit) : undefined;
  }

  // The container's securityContext overrides the pod's field by field.
  const sc = { ...(pod.securityContext ?? {}), ...(c.securityContext ?? {}) };
  return {
    id,
    image: c.image,
    command: c.command?.map(String),
    args: c.args?.map(String),
    env,
    runAsUser: sc.runAsUser,
    runAsGroup: sc.runAsGroup,
    runAsNonRoot: sc.runAsNonRoot === true,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
    allowPrivilegeEscalation: sc.allowPrivilegeEscalation !== false,
    capDrop: sc.capabilities?.drop ?? [],
    emptyDirs,
  };
}

/**
 * `podman run` options and trailing arguments that run `c` as the kubelet would: its user, a
 * read-only root with tmpfs where the pod has emptyDirs, no capabilities, no privilege
 * escalation, the host's network (Postgres and Redis are on loopback) and its environment.
 * The environment goes through a file (`envFile`, written by the caller) so secrets stay out of
 * the process list.
 */
export function podmanRunArgs(c: ContainerRun, envFile: string): { options: string[]; trailing: string[] } {
  // --no-healthcheck: the kubelet ignores an image's HEALTHCHECK and uses the chart's probes.
  const options = ['--network=host', '--no-healthcheck', `--env-file=${envFile}`];
  if (c.runAsUser !== undefined) options.push(`--user=${c.runAsUser}:${c.runAsGroup ?? c.runAsUser}`);
  if (c.readOnlyRootFilesystem) options.push('--read-only', '--read-only-tmpfs=false');
  for (const [path, size] of Object.entries(c.emptyDirs)) options.push(`--tmpfs=${path}:rw,exec${size ? `,size=${size}` : ''}`);
  for (const cap of c.capDrop) options.push(`--cap-drop=${cap}`);
  if (!c.allowPrivilegeEscalation) options.push('--security-opt=no-new-privileges');
  const trailing: string[] = [];
  if (c.command) options.push(`--entrypoint=${JSON.stringify(c.command)}`);
  trailing.push(c.image, ...(c.args ?? []));
  return { options, trailing };
}

/** The env file podman reads: one NAME=value a line, values taken literally. */
export function envFileText(env: Record<string, string>): string {
  for (const [k, v] of Object.entries(env)) {
    if (/[\n\r]/.test(v)) throw new Error(`${k}: a multi-line value cannot go through an env file`);
  }
  return Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join('');
}
