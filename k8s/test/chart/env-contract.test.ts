// Every container the chart renders, under every values file in ci/, boots with the
// environment the chart gives it: each deployable's own loader (the API's loadConfig, the
// admin's loadEnv, the jobs CLI's per-command schema, dbt's profiles.yml) accepts it, and reads
// every variable it is given. And the credentials Secret is one contract: the chart's keys,
// Pulumi's keys and the keys containers read are the same set. (Each deployable's own tests
// hold its .env.example and its schema together.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_KEYS } from '@cbc/pulumi/credential-keys';
import { dbtProfileVars, loadAdminEnv, resolveEnv, SAMPLE_SECRETS, validate, variablesRead } from './env-contract.js';
import { byKind, CI_DIR, CI_VALUES, containersOf, type K8sObject, podTemplates, render } from './helm.js';

/** The credentials Secret a render reads: the chart's own, or existingSecret (Pulumi's keys). */
function credentials(valuesFile: string, objects: K8sObject[]): { name: string; keys: string[] } {
  const rendered = byKind(objects, 'Secret')[0];
  if (rendered) return { name: rendered.metadata.name, keys: Object.keys(rendered.data ?? {}) };
  const values = (parse(readFileSync(join(CI_DIR, valuesFile), 'utf8')) ?? {}) as { existingSecret?: string };
  if (!values.existingSecret) throw new Error(`${valuesFile}: no Secret rendered and no existingSecret`);
  return { name: values.existingSecret, keys: [...CREDENTIAL_KEYS] };
}

function containers(valuesFile: string) {
  const objects = render(valuesFile);
  const secret = credentials(valuesFile, objects);
  return podTemplates(objects).flatMap((pod) =>
    containersOf(pod).map(({ container, where }) => ({ container, where, ...resolveEnv(container, objects, secret.name, secret.keys) })),
  );
}

describe.each(CI_VALUES)('every container\'s environment (%s)', (valuesFile) => {
  const all = containers(valuesFile);

  it('renders app containers of every deployable', () => {
    const kinds = new Set(all.map(({ container, env }) => validate(container, env).deployable));
    for (const d of ['api', 'admin', 'jobs', 'dbt'] as const) expect(kinds, d).toContain(d);
  });

  it.each(all.map((c) => [c.where, c] as const))('%s: resolves, and its loader accepts it and reads every variable', (_where, c) => {
    expect(c.problems).toEqual([]);
    const verdict = validate(c.container, c.env);
    expect(verdict.error, `${verdict.deployable} refused its environment`).toBeUndefined();
    expect(verdict.unused, `${verdict.deployable} never reads these (misnamed or dead)`).toEqual([]);
  });
});

describe('the credentials Secret', () => {
  it('has exactly the keys Pulumi generates', () => {
    const secret = byKind(render('default-values.yaml'), 'Secret');
    expect(secret).toHaveLength(1);
    expect(Object.keys(secret[0]!.data).sort()).toEqual([...CREDENTIAL_KEYS].sort());
  });

  it('has no key that no container reads (every generated secret is consumed)', () => {
    const read = new Set(CI_VALUES.flatMap((f) => containers(f).flatMap((c) => c.secretKeys)));
    expect(CREDENTIAL_KEYS.filter((k) => !read.has(k))).toEqual([]);
  });

  it('has a sample for every key, shaped as the loaders demand', () => {
    expect(Object.keys(SAMPLE_SECRETS).sort()).toEqual([...CREDENTIAL_KEYS].sort());
  });
});

describe('the admin container', () => {
  const adminEnv = (extra: string[] = []) => {
    const objects = render(undefined, extra);
    const secret = credentials('default-values.yaml', objects);
    const pod = podTemplates(objects).find((p) => p.owner.endsWith('-admin') && p.owner.startsWith('Deployment/'));
    const container = pod?.spec.containers.find((c: { name: string }) => c.name === 'admin');
    return resolveEnv(container, objects, secret.name, secret.keys).env;
  };

  // Each variable the admin reads is either set by the chart or left to the admin's default on
  // purpose, listed here: a setting a deployment must decide (TRUSTED_PROXIES) cannot be missed.
  const LEFT_TO_DEFAULT = ['ADMIN_REDIS_KEY_PREFIX', 'LOGIN_MAX_ATTEMPTS', 'LOGIN_MAX_ATTEMPTS_PER_EMAIL', 'LOGIN_WINDOW_SECONDS', 'NEXT_PUBLIC_API_URL', 'SESSION_COOKIE_SECURE'];

  it('sets every variable the admin reads, except the ones left to its defaults', () => {
    const set = adminEnv();
    expect(variablesRead(loadAdminEnv).filter((v) => !(v in set)).sort()).toEqual(LEFT_TO_DEFAULT);
  });

  it('trusts no proxy by default, and the configured ones with admin.trustedProxies', () => {
    expect(adminEnv().TRUSTED_PROXIES).toBe('');
    const env = adminEnv(['--set', 'admin.trustedProxies={10.244.0.0/16,fd00:10::/64}']);
    expect(env.TRUSTED_PROXIES).toBe('10.244.0.0/16,fd00:10::/64');
    const { trustedProxies } = loadAdminEnv(env);
    expect(trustedProxies.check('10.244.3.7', 'ipv4')).toBe(true);
    expect(trustedProxies.check('fd00:10::5', 'ipv6')).toBe(true);
    expect(trustedProxies.check('10.245.0.1', 'ipv4')).toBe(false);
  });
});

describe('the checker itself', () => {
  const admin = { name: 'admin', image: 'ghcr.io/x/cbc-admin:1' };
  const good = { API_URL: 'http://api', READ_API_KEYS: SAMPLE_SECRETS.ADMIN_READ_API_KEY, ADMIN_DATABASE_URL: SAMPLE_SECRETS.ADMIN_DATABASE_URL };

  it('accepts a well-formed admin environment', () => {
    expect(validate(admin, good)).toEqual({ deployable: 'admin', error: undefined, unused: [] });
  });

  it('reports a misnamed variable as missing and unused', () => {
    const { ADMIN_DATABASE_URL, ...rest } = good;
    const verdict = validate(admin, { ...rest, DATABASE_URL: ADMIN_DATABASE_URL });
    expect(verdict.error).toMatch(/ADMIN_DATABASE_URL/);
    expect(verdict.unused).toEqual(['DATABASE_URL']);
  });

  it('reports a secretKeyRef to a key the Secret lacks', () => {
    const container = { ...admin, env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'NOPE' } } }] };
    expect(resolveEnv(container, [], 's', [...CREDENTIAL_KEYS]).problems).toEqual(['X: secretKeyRef key NOPE is not in the credentials Secret']);
  });

  it('reads dbt\'s connection variables from profiles.yml (the password required, the rest defaulted)', () => {
    const vars = dbtProfileVars();
    expect(vars.find((v) => v.name === 'DBT_ENV_SECRET_PASSWORD')).toEqual({ name: 'DBT_ENV_SECRET_PASSWORD', required: true });
    expect(vars.find((v) => v.name === 'DBT_HOST')?.required).toBe(false);
  });

  it('reads the reporting time zone from dbt_project.yml (the API\'s variable, defaulted)', () => {
    expect(dbtProfileVars().find((v) => v.name === 'REPORTING_TIME_ZONE')).toEqual({ name: 'REPORTING_TIME_ZONE', required: false });
  });
});
