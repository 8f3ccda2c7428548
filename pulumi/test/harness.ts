// Runs the Pulumi program under mocks (no engine, no cluster) and records what it declares.
import * as pulumi from '@pulumi/pulumi';
// Internal module of the SDK (no public switch exists): see `setup`.
import * as runtimeState from '@pulumi/pulumi/runtime/state.js';

export const PROJECT = 'cbc-analytics';

/** The wire marker of a secret value, as the mock monitor hands inputs over. */
const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
/** The wire marker of a value unknown at preview (the SDK's rpc `unknownValue`). */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** Does a declared input hold a value unknown at preview (as the mock monitor receives it)? */
export function containsUnknown(v: unknown): boolean {
  const text = JSON.stringify(v);
  return text.includes(UNKNOWN) || text.includes('"__pulumiUnknown":true');
}

export interface RunOptions {
  /**
   * Run as `pulumi preview` of a new stack: the random provider's results are unknown, as they
   * are before `up` (every other mock echoes its inputs, as the Kubernetes provider does).
   */
  preview?: boolean;
  /** Reads (`X.get`) of these ids fail as the provider fails when the object does not exist. */
  missing?: string[];
}

export interface Declared {
  type: string;
  name: string;
  custom: boolean;
  /** Inputs as sent to the engine; secret values are still wrapped (see `isSecretValue`). */
  inputs: Record<string, unknown>;
}

export interface Run {
  declared: Declared[];
  /** Existing objects the program reads (`X.get`): not declared, never applied. */
  reads: Declared[];
  /** URNs of every registered resource: the parent chain is in the type part (`A$B$C`). */
  urns: string[];
  program: Record<string, unknown>;
}

export function isSecretValue(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Removes secret wrappers, so a manifest can be validated or read as plain data. */
export function unwrap<T = unknown>(v: unknown): T {
  if (isSecretValue(v)) return unwrap((v as { value: unknown }).value);
  if (Array.isArray(v)) return v.map((x) => unwrap(x)) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)])) as T;
  return v as T;
}

/** The config as `pulumi config set` would store it: objects as JSON strings. */
export function toPulumiConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, typeof v === 'string' ? v : JSON.stringify(v)]));
}

export function setup(config: Record<string, unknown>, secretKeys: string[] = [], options: RunOptions = {}): { declared: Declared[]; reads: Declared[] } {
  const declared: Declared[] = [];
  const reads: Declared[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const record = { type: args.type, name: args.name, custom: args.custom ?? false, inputs: args.inputs as Record<string, unknown> };
        if (args.id) {
          reads.push({ ...record, inputs: { id: args.id } });
          if (options.missing?.includes(args.id)) throw new Error(`resource "${args.id}" does not exist`);
          return { id: args.id, state: {} };
        }
        declared.push(record);
        const made = options.preview ? unknownOutputs(args.type) : generated(args.type, args.name, args.inputs);
        return { id: args.custom ? `${args.name}-id` : undefined, state: { ...args.inputs, ...made } };
      },
      call() {
        return {};
      },
    },
    PROJECT,
    'test',
    options.preview ?? false,
  );
  // The mock monitor answers "unsupported" for transforms, and the SDK then rejects any
  // resource that has one. A real CLI (≥ 3.118) supports them; turn the flag on so the program's
  // transforms register (the mock monitor ignores them: they are tested directly).
  (runtimeState as unknown as { getStore(): { supportsTransforms: boolean } }).getStore().supportsTransforms = true;
  pulumi.runtime.setAllConfig(toPulumiConfig(config), secretKeys.map((k) => `${PROJECT}:${k}`));
  return { declared, reads };
}

function unknownOutputs(type: string): Record<string, unknown> {
  if (type === 'random:index/randomPassword:RandomPassword') return { result: UNKNOWN };
  if (type === 'random:index/randomBytes:RandomBytes') return { base64: UNKNOWN, hex: UNKNOWN };
  return {};
}

/** What the random provider would compute: deterministic stand-ins, secret like the real ones. */
function generated(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const length = Number(inputs.length ?? 32);
  const secret = (value: string) => ({ [SIG_KEY]: SECRET_SIG, value });
  if (type === 'random:index/randomPassword:RandomPassword') return { result: secret(`pw${name.replace(/[^A-Za-z0-9]/g, '')}`.padEnd(length, 'x').slice(0, length)) };
  if (type === 'random:index/randomBytes:RandomBytes') {
    const bytes = Buffer.alloc(length, name.length);
    return { base64: secret(bytes.toString('base64')), hex: secret(bytes.toString('hex')) };
  }
  return {};
}

type RegisteredMap = Map<string, unknown>;

/** Imports the program after `setup` and waits until every registration has reached the mocks. */
export async function runProgram(config: Record<string, unknown>, secretKeys: string[] = [], options: RunOptions = {}): Promise<Run> {
  const { declared, reads } = setup(config, secretKeys, options);
  const program = (await import('../index')) as Record<string, unknown>;
  await settle();
  const monitor = pulumi.runtime.getMonitor() as unknown as { getRegisteredResources(): RegisteredMap };
  // Snapshots: resources a test declares later (probes) must not leak into these lists.
  return { declared: [...declared], reads: [...reads], urns: [...monitor.getRegisteredResources().keys()], program };
}

/** Waits for the runtime's RPC queue to drain (registrations chained behind Outputs included). */
export async function settle(): Promise<void> {
  const rt = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (rt.waitForRPCs) await rt.waitForRPCs();
  else await new Promise((r) => setTimeout(r, 500));
}

export function outputValue<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

export const ofType = (run: Run, type: string) => run.declared.filter((d) => d.type === type);

export function one(run: Run, type: string, name?: string): Declared {
  const found = ofType(run, type).filter((d) => name === undefined || d.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0]!;
}

/** A stack close to production: CNPG with backups, the Redis StatefulSet, monitoring on. */
export const DEFAULT_CONFIG = {
  namespace: 'cbc',
  releaseName: 'cbc',
  hosts: { admin: 'analytics.example.com', ingest: 'ingest.example.com' },
  ingressClassName: 'nginx',
  tls: { enabled: true, clusterIssuer: 'letsencrypt-prod' },
  image: { registry: 'ghcr.io', repositoryPrefix: 'coral-beach-club', tag: '1.0.0' },
  ingest: { minReplicas: 2, maxReplicas: 6 },
  postgres: {
    mode: 'cnpg',
    instances: 2,
    storage: { size: '20Gi', storageClass: 'standard-rwo' },
    backup: { destinationPath: 's3://cbc-backups/pg', credentialsSecret: 'cbc-backup-s3', schedule: '0 0 3 * * *', retentionPolicy: '30d' },
  },
  redis: { mode: 'statefulset', maxMemory: '256mb', persistence: { enabled: true, size: '1Gi' } },
  monitoring: { enabled: true, prometheusRelease: 'kube-prometheus-stack' },
};
