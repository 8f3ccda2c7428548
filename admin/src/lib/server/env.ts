import type { CookieMode } from '../auth/cookie';
import { parseTrustedProxies, type ProxyRanges } from './session-address';

/**
 * Every environment variable the admin reads, validated once at boot (instrumentation.ts calls
 * `env()`) and documented in admin/.env.example. Secrets stay on the server: none
 * of these is NEXT_PUBLIC_ except the API base URL, which is not a secret, and even that is only
 * read here, never in a client component.
 */
export interface AdminEnv {
  apiUrl: string;
  readKey: string;
  /** Null when this deployment has no privacy key: the Privacy page then says so. */
  privacyKey: string | null;
  databaseUrl: string;
  /** Null: sessions and login limits live in this process (one replica, lost on restart). */
  redisUrl: string | null;
  redisPrefix: string;
  session: {
    idleSeconds: number;
    absoluteSeconds: number;
    cookieMode: CookieMode;
  };
  loginLimit: { perEmailIp: number; perEmail: number; windowSeconds: number };
  /** Proxies whose X-Forwarded-For is believed (session-address.ts); empty: none. */
  trustedProxies: ProxyRanges;
  /**
   * The Operations page's Cluster section: which namespace and release it looks at. The API
   * server itself is found the Kubernetes way (the pod's service account, else KUBECONFIG).
   */
  cluster: { namespace: string | null; selector: string | null };
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid admin configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** The secret of the first `id:secret` entry (the API's key format); a bare secret also works. */
export function firstSecret(raw: string | undefined): string | null {
  const entry = (raw ?? '').split(',').map((s) => s.trim()).find(Boolean);
  if (!entry) return null;
  const i = entry.indexOf(':');
  return i > 0 ? entry.slice(i + 1) : entry;
}

function int(env: Record<string, string | undefined>, name: string, def: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}: must be an integer from ${min} to ${max} (got "${raw}")`);
    return def;
  }
  return n;
}

export function loadEnv(env: Record<string, string | undefined> = process.env): AdminEnv {
  const problems: string[] = [];

  const apiUrl = (env.API_URL || env.NEXT_PUBLIC_API_URL || '').replace(/\/+$/, '');
  if (!apiUrl) problems.push('API_URL (or NEXT_PUBLIC_API_URL): required, the Ingest API base URL, e.g. http://127.0.0.1:8001');
  else if (!/^https?:\/\/[^/]+/.test(apiUrl)) problems.push(`API_URL: must be an http(s) URL (got "${apiUrl}")`);

  const readKey = firstSecret(env.READ_API_KEYS);
  if (!readKey) problems.push('READ_API_KEYS: required (id:secret; the first secret is used for GET /metrics/*)');
  else if (readKey.length < 16) problems.push('READ_API_KEYS: the first secret is shorter than 16 characters');
  const privacyKey = firstSecret(env.PRIVACY_API_KEYS);
  if (privacyKey !== null && privacyKey.length < 16) problems.push('PRIVACY_API_KEYS: the first secret is shorter than 16 characters');

  const databaseUrl = env.ADMIN_DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('ADMIN_DATABASE_URL: required, a postgres:// URL for the cbc_admin role');

  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push(`REDIS_URL: must be a redis:// or rediss:// URL, or empty (got "${redisUrl}")`);

  const cookieMode = (env.SESSION_COOKIE_SECURE || 'auto') as CookieMode;
  if (cookieMode !== 'auto' && cookieMode !== 'always') problems.push('SESSION_COOKIE_SECURE: auto | always');

  const proxies = parseTrustedProxies(env.TRUSTED_PROXIES);
  problems.push(...proxies.problems);

  const namespace = env.K8S_NAMESPACE?.trim() || null;
  if (namespace && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) problems.push(`K8S_NAMESPACE: must be a namespace name (got "${namespace}")`);
  const selector = env.K8S_RELEASE_SELECTOR?.trim() || null;
  // Equality terms only: the selector is pasted into list URLs, and the chart renders k=v pairs.
  if (selector && !/^[a-zA-Z0-9./_-]+=[a-zA-Z0-9._-]*(,[a-zA-Z0-9./_-]+=[a-zA-Z0-9._-]*)*$/.test(selector)) {
    problems.push(`K8S_RELEASE_SELECTOR: must be label=value pairs separated by commas (got "${selector}")`);
  }

  const idleMinutes = int(env, 'SESSION_IDLE_MINUTES', 60, 5, 24 * 60, problems);
  const maxHours = int(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 7, problems);
  const result: AdminEnv = {
    apiUrl,
    readKey: readKey ?? '',
    privacyKey,
    databaseUrl,
    redisUrl,
    redisPrefix: env.ADMIN_REDIS_KEY_PREFIX || 'cbc:admin:',
    session: { idleSeconds: idleMinutes * 60, absoluteSeconds: maxHours * 3600, cookieMode },
    loginLimit: {
      perEmailIp: int(env, 'LOGIN_MAX_ATTEMPTS', 5, 1, 1000, problems),
      // An attacker can rotate source addresses: past this many failures on one account (from
      // browsers it has not signed in on), each further attempt waits longer (session.ts).
      perEmail: int(env, 'LOGIN_MAX_ATTEMPTS_PER_EMAIL', 20, 1, 10_000, problems),
      windowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 10, 86_400, problems),
    },
    trustedProxies: proxies.ranges,
    cluster: { namespace, selector },
  };
  if (problems.length) throw new EnvError(problems);
  return result;
}

let cached: AdminEnv | null = null;

/** The validated settings; the first call (at boot) throws if anything is wrong. */
export function env(): AdminEnv {
  cached ??= loadEnv();
  return cached;
}
