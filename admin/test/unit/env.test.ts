import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exampleMismatch } from '@cbc/config';
import { AdminVars, ConfigError, firstSecret, loadEnv } from '@/lib/server/env';

const base = {
  API_URL: 'http://127.0.0.1:8001/',
  READ_API_KEYS: 'dash:read-secret-0123456789,old:another-secret-0123',
  PRIVACY_API_KEYS: 'officer:privacy-secret-0123456789',
  ADMIN_DATABASE_URL: 'postgres://cbc_admin:pw@127.0.0.1:5432/cbc',
};

describe('admin configuration', () => {
  it('takes the first secret of each key list, server side', () => {
    const e = loadEnv(base);
    expect(e.apiUrl).toBe('http://127.0.0.1:8001');
    expect(e.readKey).toBe('read-secret-0123456789');
    expect(e.privacyKey).toBe('privacy-secret-0123456789');
    expect(e.redisUrl).toBeNull();
    expect(e.session).toEqual({ idleSeconds: 3600, absoluteSeconds: 43200, cookieMode: 'auto' });
    expect(firstSecret('bare-secret-without-id')).toBe('bare-secret-without-id');
  });

  it("reads the Cluster section's namespace and release selector, and refuses malformed ones", () => {
    expect(loadEnv(base).cluster).toEqual({ namespace: null, selector: null });
    const sel = 'app.kubernetes.io/instance=cbc,app.kubernetes.io/name=cbc-analytics';
    expect(loadEnv({ ...base, K8S_NAMESPACE: 'cbc', K8S_RELEASE_SELECTOR: sel }).cluster).toEqual({ namespace: 'cbc', selector: sel });
    expect(() => loadEnv({ ...base, K8S_NAMESPACE: 'Not_A_Namespace' })).toThrow(/K8S_NAMESPACE/);
    expect(() => loadEnv({ ...base, K8S_RELEASE_SELECTOR: 'app in (a,b)' })).toThrow(/K8S_RELEASE_SELECTOR/);
  });

  it('accepts NEXT_PUBLIC_API_URL as the seed names it', () => {
    const { API_URL: _omit, ...rest } = base;
    expect(loadEnv({ ...rest, NEXT_PUBLIC_API_URL: 'http://api:8001' }).apiUrl).toBe('http://api:8001');
  });

  it('lists every problem at once', () => {
    try {
      loadEnv({ READ_API_KEYS: 'x:short', REDIS_URL: 'http://nope', SESSION_IDLE_MINUTES: 'soon', SESSION_COOKIE_SECURE: 'never' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message).toMatch(/^invalid admin configuration:\n/);
      const problems = (err as ConfigError).problems.join('\n');
      for (const v of ['API_URL', 'READ_API_KEYS', 'ADMIN_DATABASE_URL', 'REDIS_URL', 'SESSION_IDLE_MINUTES', 'SESSION_COOKIE_SECURE']) expect(problems).toContain(v);
    }
  });

  it('trusts no proxy unless TRUSTED_PROXIES names it, and refuses what is not an address or range', () => {
    expect(loadEnv(base).trustedProxies.check('10.0.0.1', 'ipv4')).toBe(false);
    expect(loadEnv({ ...base, TRUSTED_PROXIES: '10.0.0.0/8' }).trustedProxies.check('10.0.0.1', 'ipv4')).toBe(true);
    expect(() => loadEnv({ ...base, TRUSTED_PROXIES: 'true' })).toThrow(/TRUSTED_PROXIES/);
  });

  it('makes the privacy key optional', () => {
    const { PRIVACY_API_KEYS: _omit, ...rest } = base;
    expect(loadEnv(rest).privacyKey).toBeNull();
    expect(loadEnv({ ...base, PRIVACY_API_KEYS: '' }).privacyKey).toBeNull();
  });

  it('defaults the session and login settings, and refuses them out of range', () => {
    const e = loadEnv({ ...base, SESSION_IDLE_MINUTES: '', LOGIN_WINDOW_SECONDS: '60' });
    expect(e.loginLimit).toEqual({ perEmailIp: 5, perEmail: 20, windowSeconds: 60 });
    expect(e.redisPrefix).toBe('cbc:admin:');
    expect(() => loadEnv({ ...base, SESSION_MAX_HOURS: '169' })).toThrow('SESSION_MAX_HOURS: must be an integer from 1 to 168');
    expect(() => loadEnv({ ...base, SESSION_COOKIE_SECURE: 'never' })).toThrow('SESSION_COOKIE_SECURE: must be one of auto | always');
  });

  it('documents exactly the variables of its schema in admin/.env.example, beside the ones others read', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    // The Next.js standalone server reads PORT and HOSTNAME, Next itself NEXT_TELEMETRY_DISABLED,
    // the Kubernetes client behind the Cluster section KUBECONFIG.
    const others = ['PORT', 'HOSTNAME', 'NEXT_TELEMETRY_DISABLED', 'KUBECONFIG'];
    expect(exampleMismatch(example, Object.keys(AdminVars.properties), others)).toEqual({ undocumented: [], unread: [] });
  });
});
