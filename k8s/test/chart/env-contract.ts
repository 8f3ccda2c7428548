// The configuration contract between the chart and each deployable: resolve every container's
// environment as Kubernetes would (literals, secretKeyRef, configMapKeyRef, envFrom) and hand it
// to the deployable's own loader, recording which variables the loader reads. Shared by
// env-contract.test.ts; each deployable's schema is imported from its workspace, never copied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnv as loadAdminEnv } from '@cbc/admin/env';
import { CREDENTIAL_KEYS, type CredentialKey } from '@cbc/pulumi/credential-keys';
import { loadConfig as loadApiConfig } from '@cbc/api';
import { COMMAND_ENV, loadCommandEnv, type EnvCommand } from '@cbc/jobs';
import { type Container, type K8sObject, NAMESPACE, REPO_DIR } from './helm.js';

export type Env = Record<string, string>;
export type Deployable = 'api' | 'admin' | 'jobs' | 'dbt' | 'docs-server';

/**
 * Variables a runtime (not the deployable's loader) reads. Kept tiny on purpose: anything else
 * the chart sets must be read by the loader, or it is a misnamed or dead variable.
 */
export const PLATFORM_VARS: Record<Deployable, readonly string[]> = {
  api: ['NODE_OPTIONS'],
  // Next.js standalone's server.js reads PORT and HOSTNAME itself; NEXT_TELEMETRY_DISABLED is Next's.
  admin: ['PORT', 'HOSTNAME', 'NEXT_TELEMETRY_DISABLED', 'NODE_OPTIONS'],
  jobs: ['NODE_OPTIONS'],
  // dbt's own flags as environment variables (dbt reads DBT_<FLAG>), and HOME for its user files.
  dbt: ['DBT_TARGET_PATH', 'DBT_LOG_PATH', 'DBT_SEND_ANONYMOUS_USAGE_STATS', 'DBT_PROFILES_DIR', 'DBT_PROJECT_DIR', 'HOME'],
  'docs-server': [],
};

/**
 * Stand-ins for the Secret's values, shaped as the loaders demand (URL schemes, key lengths,
 * whsec_ encoding): the test checks names and wiring, and that a well-formed Secret boots.
 */
export const SAMPLE_SECRETS: Record<CredentialKey, string> = {
  INGEST_API_KEYS: 'agent:ingest-secret-0123456789abcdef',
  READ_API_KEYS: 'admin:read-secret-0123456789abcdef',
  PRIVACY_API_KEYS: 'privacy:privacy-secret-0123456789abcdef,admin:admin-privacy-0123456789abcdef',
  HMAC_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
  IP_SALT: 'ip-salt-0123456789abcdef',
  PRIVACY_LEDGER_KEY: 'ledger-key-0123456789abcdef',
  DATABASE_URL: 'postgres://cbc_ingest:pw@pg:5432/cbc',
  DATABASE_READ_URL: 'postgres://cbc_reader:pw@pg-ro:5432/cbc',
  DATABASE_PRIVACY_URL: 'postgres://cbc_privacy:pw@pg:5432/cbc',
  DATABASE_PRUNER_URL: 'postgres://cbc_pruner:pw@pg:5432/cbc',
  DATABASE_MIGRATOR_URL: 'postgres://cbc_migrator:pw@pg:5432/cbc',
  ADMIN_DATABASE_URL: 'postgres://cbc_admin:pw@pg:5432/cbc',
  DBT_ENV_SECRET_PASSWORD: 'pw',
  REDIS_URL: 'redis://:pw@redis:6379/0',
  ADMIN_READ_API_KEY: 'admin:read-secret-0123456789abcdef',
  ADMIN_PRIVACY_API_KEY: 'admin:admin-privacy-0123456789abcdef',
};

export interface ResolvedEnv {
  env: Env;
  /** Secret keys read through secretKeyRef. */
  secretKeys: string[];
  problems: string[];
}

/**
 * The container's environment as the kubelet builds it. `secretName` is the credentials
 * Secret (rendered or existingSecret); `secretKeys` the keys that Secret holds.
 */
export function resolveEnv(container: Container, objects: K8sObject[], secretName: string, secretKeys: readonly string[]): ResolvedEnv {
  const env: Env = {};
  const used: string[] = [];
  const problems: string[] = [];
  const configMap = (name: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
  for (const from of container.envFrom ?? []) {
    if (!from.configMapRef) {
      problems.push(`envFrom other than configMapRef (${JSON.stringify(from)}): secrets go key by key`);
      continue;
    }
    const cm = configMap(from.configMapRef.name);
    if (!cm) problems.push(`envFrom ConfigMap ${from.configMapRef.name} is not rendered`);
    else Object.assign(env, cm.data);
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      if (name !== secretName) problems.push(`${e.name}: secretKeyRef to Secret ${name}, not the credentials Secret ${secretName}`);
      else if (!secretKeys.includes(key)) problems.push(`${e.name}: secretKeyRef key ${key} is not in the credentials Secret`);
      else if (!(CREDENTIAL_KEYS as readonly string[]).includes(key)) problems.push(`${e.name}: secretKeyRef key ${key} is not one Pulumi generates`);
      else {
        env[e.name] = SAMPLE_SECRETS[key as CredentialKey];
        used.push(key);
      }
    } else if (e.valueFrom?.configMapKeyRef) {
      const { name, key } = e.valueFrom.configMapKeyRef;
      const value = configMap(name)?.data?.[key];
      if (value === undefined) problems.push(`${e.name}: configMapKeyRef ${name}/${key} does not exist`);
      else env[e.name] = String(value);
    } else if (e.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') {
      // The downward API: the pod's namespace is the release's (helm template --namespace).
      env[e.name] = NAMESPACE;
    } else problems.push(`${e.name}: unsupported env source ${JSON.stringify(e.valueFrom)}`);
  }
  return { env, secretKeys: used, problems };
}

/** Which deployable an image is: the app images are named cbc-<name>. */
export function deployableOf(image: string): Deployable {
  const m = /\/cbc-(ingest|admin|jobs|dbt)[:@][^/]+$/.exec(image);
  if (!m) return 'docs-server';
  return m[1] === 'ingest' ? 'api' : (m[1] as Deployable);
}

/** A proxy over `env` that records every variable the loader looks at. */
function recording(env: Env): { env: Record<string, string | undefined>; read: Set<string> } {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key);
    },
  });
  return { env: proxy, read };
}

/** Every variable a loader looks at, given an empty environment (it then reads them all). */
export function variablesRead(load: (env: Record<string, string | undefined>) => unknown): string[] {
  const { env, read } = recording({});
  try {
    load(env);
  } catch {
    // An empty environment is refused; what matters is what was looked at on the way.
  }
  return [...read];
}

export { loadAdminEnv };

// ── dbt: profiles.yml and dbt_project.yml are its env schema ─────────────────────────────────

/** The connection settings (profiles.yml) and the project's vars read from the environment (dbt_project.yml). */
const DBT_ENV_FILES = ['dbt/profiles.yml', 'dbt/dbt_project.yml'].map((f) => join(REPO_DIR, f));

/** `env_var('NAME')` (required) and `env_var('NAME', 'default')` in dbt's profiles.yml and dbt_project.yml. */
export function dbtProfileVars(text = DBT_ENV_FILES.map((f) => readFileSync(f, 'utf8')).join('\n')): { name: string; required: boolean }[] {
  return [...text.matchAll(/env_var\(\s*'([A-Z0-9_]+)'\s*(,)?/g)].map((m) => ({ name: m[1]!, required: m[2] === undefined }));
}

const LOCK_WRAPPER = join(REPO_DIR, 'dbt/scripts/locked_dbt.py');

/** `os.environ.get("NAME", …)` and `os.environ["NAME"]` in the lock wrapper the CronJob runs dbt through. */
export function lockWrapperVars(text = readFileSync(LOCK_WRAPPER, 'utf8')): string[] {
  return [...text.matchAll(/os\.environ(?:\.get\(|\[)"([A-Z0-9_]+)"/g)].map((m) => m[1]!);
}

function loadDbtEnv(env: Record<string, string | undefined>): void {
  const missing = dbtProfileVars()
    .filter((v) => env[v.name] === undefined && v.required)
    .map((v) => v.name);
  if (missing.length) throw new Error(`dbt's profiles.yml or dbt_project.yml needs ${missing.join(', ')}`);
  if (env.DBT_PORT !== undefined && !/^[0-9]+$/.test(env.DBT_PORT)) throw new Error('DBT_PORT must be a port number');
  // The wrapper's own settings count as read (it holds the advisory lock, then runs dbt).
  for (const name of lockWrapperVars()) void env[name];
  const wait = env.DBT_LOCK_WAIT_SECONDS;
  if (wait !== undefined && !(Number(wait) >= 0)) throw new Error('DBT_LOCK_WAIT_SECONDS must be a number of seconds ≥ 0');
}

// ── validation ────────────────────────────────────────────────────────────────────────────────

export interface Verdict {
  deployable: Deployable;
  /** The loader's error, if it refused the environment. */
  error?: string;
  /** Set by the chart, read by neither the loader nor the platform. */
  unused: string[];
}

/** The jobs CLI command a container runs: `node dist/cli.js <command> …`. */
export function jobsCommand(container: Container): string | undefined {
  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  const i = argv.indexOf('dist/cli.js');
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Runs the deployable's own loader over the environment, recording what it reads. */
export function validate(container: Container, env: Env): Verdict {
  const deployable = deployableOf(container.image);
  const { env: proxy, read } = recording(env);
  let error: string | undefined;
  try {
    switch (deployable) {
      case 'api':
        loadApiConfig(proxy);
        break;
      case 'admin':
        loadAdminEnv(proxy);
        break;
      case 'jobs': {
        const command = jobsCommand(container);
        if (!command || !(command in COMMAND_ENV)) throw new Error(`jobs command ${command} has no env schema in services/jobs/src/env.ts`);
        loadCommandEnv(command as EnvCommand, proxy);
        break;
      }
      case 'dbt':
        loadDbtEnv(proxy);
        break;
      case 'docs-server':
        break;
    }
  } catch (err) {
    error = (err as Error).message;
  }
  const platform = PLATFORM_VARS[deployable];
  const unused = Object.keys(env).filter((k) => !read.has(k) && !platform.includes(k));
  return { deployable, error, unused };
}
