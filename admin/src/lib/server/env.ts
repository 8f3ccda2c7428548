import { Type } from 'typebox';
import { parseEnv } from '@cbc/config';
import type { CookieMode } from '../auth/cookie';
import { parseTrustedProxies, type ProxyRanges } from './session-address';

export { ConfigError } from '@cbc/config';

/**
 * The admin's settings, shaped from its environment (AdminVars below), which is validated once at
 * boot (instrumentation.ts calls `env()`). Secrets stay on the server: none of the variables is
 * NEXT_PUBLIC_ except the API base URL, which is not a secret, and even that is only read here,
 * never in a client component (this module is server code: TypeBox stays out of the browser).
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
  /** Where the Operations page reads live alert states; null: it says they are unknown. */
  prometheusUrl: string | null;
}

/** The secret of the first `id:secret` entry (the API's key format); a bare secret also works. */
export function firstSecret(raw: string | undefined): string | null {
  const entry = (raw ?? '').split(',').map((s) => s.trim()).find(Boolean);
  if (!entry) return null;
  const i = entry.indexOf(':');
  return i > 0 ? entry.slice(i + 1) : entry;
}

const httpUrl = () => Type.Optional(Type.String({ pattern: '^https?://[^/]+', errorMessage: 'must be an http(s) URL, e.g. http://127.0.0.1:8001' }));
const int = (def: number, minimum: number, maximum: number) => Type.Integer({ default: def, minimum, maximum, errorMessage: `must be an integer from ${minimum} to ${maximum}` });

/**
 * Every environment variable the admin reads, documented in admin/.env.example (a test holds the
 * two together); `loadEnv` shapes them into AdminEnv.
 */
export const AdminVars = Type.Object({
  // The Ingest API's base URL, under either name (API_URL wins; one of them is needed).
  API_URL: httpUrl(),
  NEXT_PUBLIC_API_URL: httpUrl(),
  READ_API_KEYS: Type.String(),
  PRIVACY_API_KEYS: Type.Optional(Type.String()),
  ADMIN_DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', errorMessage: 'must be a postgres:// URL for the cbc_admin role' }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://', errorMessage: 'must be a redis:// or rediss:// URL, or empty' })),
  ADMIN_REDIS_KEY_PREFIX: Type.String({ default: 'cbc:admin:' }),
  SESSION_IDLE_MINUTES: int(60, 5, 24 * 60),
  SESSION_MAX_HOURS: int(12, 1, 24 * 7),
  SESSION_COOKIE_SECURE: Type.Union([Type.Literal('auto'), Type.Literal('always')], { default: 'auto' }),
  LOGIN_MAX_ATTEMPTS: int(5, 1, 1000),
  // An attacker can rotate source addresses: past this many failures on one account (from
  // browsers it has not signed in on), each further attempt waits longer (session.ts).
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: int(20, 1, 10_000),
  LOGIN_WINDOW_SECONDS: int(900, 10, 86_400),
  TRUSTED_PROXIES: Type.Optional(Type.String()),
  PROMETHEUS_URL: httpUrl(),
  K8S_NAMESPACE: Type.Optional(Type.String({ pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$', errorMessage: 'must be a namespace name' })),
  // Equality terms only: the selector is pasted into list URLs, and the chart renders k=v pairs.
  K8S_RELEASE_SELECTOR: Type.Optional(
    Type.String({ pattern: '^[a-zA-Z0-9./_-]+=[a-zA-Z0-9._-]*(,[a-zA-Z0-9./_-]+=[a-zA-Z0-9._-]*)*$', errorMessage: 'must be label=value pairs separated by commas' }),
  ),
});

export function loadEnv(env: Record<string, string | undefined> = process.env): AdminEnv {
  let proxies: ProxyRanges | undefined;
  const vars = parseEnv(AdminVars, env, {
    title: 'invalid admin configuration',
    hint: 'see admin/.env.example',
    check(v, problems) {
      if (!v.API_URL && !v.NEXT_PUBLIC_API_URL && !env.API_URL && !env.NEXT_PUBLIC_API_URL) {
        problems.push('API_URL (or NEXT_PUBLIC_API_URL): required, the Ingest API base URL, e.g. http://127.0.0.1:8001');
      }
      const readKey = firstSecret(v.READ_API_KEYS);
      if (v.READ_API_KEYS !== undefined && !readKey) problems.push('READ_API_KEYS: required (id:secret; the first secret is used for GET /metrics/*)');
      else if (readKey && readKey.length < 16) problems.push('READ_API_KEYS: the first secret is shorter than 16 characters');
      const privacyKey = firstSecret(v.PRIVACY_API_KEYS);
      if (privacyKey !== null && privacyKey.length < 16) problems.push('PRIVACY_API_KEYS: the first secret is shorter than 16 characters');
      const trusted = parseTrustedProxies(v.TRUSTED_PROXIES);
      problems.push(...trusted.problems);
      proxies = trusted.ranges;
    },
  });
  return {
    apiUrl: (vars.API_URL || vars.NEXT_PUBLIC_API_URL || '').replace(/\/+$/, ''),
    readKey: firstSecret(vars.READ_API_KEYS) ?? '',
    privacyKey: firstSecret(vars.PRIVACY_API_KEYS),
    databaseUrl: vars.ADMIN_DATABASE_URL,
    redisUrl: vars.REDIS_URL ?? null,
    redisPrefix: vars.ADMIN_REDIS_KEY_PREFIX,
    session: { idleSeconds: vars.SESSION_IDLE_MINUTES * 60, absoluteSeconds: vars.SESSION_MAX_HOURS * 3600, cookieMode: vars.SESSION_COOKIE_SECURE },
    loginLimit: { perEmailIp: vars.LOGIN_MAX_ATTEMPTS, perEmail: vars.LOGIN_MAX_ATTEMPTS_PER_EMAIL, windowSeconds: vars.LOGIN_WINDOW_SECONDS },
    trustedProxies: proxies!,
    cluster: { namespace: vars.K8S_NAMESPACE ?? null, selector: vars.K8S_RELEASE_SELECTOR ?? null },
    prometheusUrl: vars.PROMETHEUS_URL ? vars.PROMETHEUS_URL.replace(/\/+$/, '') : null,
  };
}

let cached: AdminEnv | null = null;

/** The validated settings; the first call (at boot) throws if anything is wrong. */
export function env(): AdminEnv {
  cached ??= loadEnv();
  return cached;
}
