// Bad configuration stops the program before it declares anything, with a message naming the key.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  checkApiKeys,
  checkDatabaseUrl,
  checkHmacSecret,
  checkIpSalt,
  parseStackConfig,
  ROLE_CONNECTION_TOTAL,
  CONNECTION_RESERVE,
  CONFIG_KEYS,
} from '../src/config';
import { DEFAULT_CONFIG, setup } from './harness';

const parse = (patch: Record<string, unknown>) => () => parseStackConfig({ ...DEFAULT_CONFIG, ...patch });

describe('parseStackConfig', () => {
  it('accepts the default stack and fills defaults', () => {
    const cfg = parseStackConfig(DEFAULT_CONFIG);
    expect(cfg.postgres).toMatchObject({ mode: 'cnpg', clusterName: 'cbc-pg', instances: 2, maxConnections: 250, antiAffinity: 'preferred' });
    expect(cfg.redis).toMatchObject({ mode: 'statefulset', image: 'redis:7.4-alpine' });
    expect(cfg.cnpg).toMatchObject({ install: true, namespace: 'cnpg-system' });
    expect(cfg.retainDataOnDestroy).toBe(true);
  });

  it('accepts images pinned by digest and trusted proxies', () => {
    const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
    const cfg = parseStackConfig({
      ...DEFAULT_CONFIG,
      image: { tag: '1.0.0', digests: { jobs: digest, admin: digest } },
      postgres: { mode: 'cnpg', imageName: `ghcr.io/cloudnative-pg/postgresql:17.2@${digest}` },
      redis: { mode: 'statefulset', image: `redis:7.4-alpine@${digest}`, exporterImage: `registry.internal:5000/oliver006/redis_exporter@${digest}` },
      admin: { trustedProxies: ['10.244.0.0/16', '192.0.2.7', 'fd00:10::/64'] },
    });
    expect(cfg.image.digests).toEqual({ jobs: digest, admin: digest });
    expect(cfg.postgres).toMatchObject({ imageName: `ghcr.io/cloudnative-pg/postgresql:17.2@${digest}` });
    expect(cfg.redis).toMatchObject({ image: `redis:7.4-alpine@${digest}` });
    expect(cfg.admin.trustedProxies).toEqual(['10.244.0.0/16', '192.0.2.7', 'fd00:10::/64']);
    expect(parseStackConfig(DEFAULT_CONFIG).admin.trustedProxies).toEqual([]);
    expect(parseStackConfig(DEFAULT_CONFIG).image.digests).toEqual({});
  });

  it.each([
    ['instances 0', { postgres: { mode: 'cnpg', instances: 0 } }, /postgres\.instances must be an integer from 2 to 3 \(got 0\)/],
    ['instances 5', { postgres: { mode: 'cnpg', instances: 5 } }, /postgres\.instances must be an integer from 2 to 3/],
    ['an unknown postgres mode', { postgres: { mode: 'rds' } }, /postgres\.mode must be one of cnpg \| external \(got "rds"\)/],
    ['an unknown redis mode', { redis: { mode: 'sentinel' } }, /redis\.mode must be one of statefulset \| external/],
    ['a misspelt key', { postgres: { mode: 'cnpg', instance: 2 } }, /postgres has unknown key\(s\) instance/],
    ['a bad storage size', { postgres: { mode: 'cnpg', storage: { size: '20 gigs' } } }, /postgres\.storage\.size = "20 gigs" is not valid/],
    ['a five-field backup cron', { postgres: { mode: 'cnpg', backup: { destinationPath: 's3://b', credentialsSecret: 's', schedule: '0 3 * * *' } } }, /six fields, seconds first/],
    ['a non-S3 backup destination', { postgres: { mode: 'cnpg', backup: { destinationPath: 'gs://b', credentialsSecret: 's' } } }, /destinationPath/],
    ['max_connections below the roles\' limits', { postgres: { mode: 'cnpg', maxConnections: 100 } }, new RegExp(`maxConnections must be an integer from ${ROLE_CONNECTION_TOTAL + CONNECTION_RESERVE}`)],
    ['one ingest replica', { ingest: { minReplicas: 1 } }, /ingest\.minReplicas must be an integer from 2/],
    ['max below min replicas', { ingest: { minReplicas: 4, maxReplicas: 3 } }, /ingest\.maxReplicas must be an integer from 4/],
    ['a missing admin host', { hosts: {} }, /hosts\.admin is required/],
    ['a bad host', { hosts: { admin: 'https://x.example.com' } }, /hosts\.admin = "https:\/\/x\.example\.com" is not valid/],
    ['the latest tag', { image: { registry: 'r', tag: 'latest' } }, /image\.tag must name a release/],
    ['a missing image tag', { image: undefined }, /image\.tag is required/],
    ['a registry with a path', { image: { registry: 'ghcr.io/org', tag: '1' } }, /image\.registry = "ghcr\.io\/org" is not valid/],
    ['external Postgres without CIDRs', { postgres: { mode: 'external' } }, /postgres\.cidrs must list the server's CIDRs/],
    ['external Redis with a bad CIDR', { redis: { mode: 'external', cidrs: ['10.0.0.0'] } }, /redis\.cidrs must list/],
    ['a release name too long for the chart', { releaseName: 'a'.repeat(31) }, /releaseName = "a+" is not valid: a DNS label of at most 30/],
    ['a bad namespace', { namespace: 'CBC_Prod' }, /namespace = "CBC_Prod" is not valid/],
    ['the operator in the app namespace', { namespace: 'cnpg-system' }, /namespace and cnpg\.namespace must differ/],
    ['a non-boolean flag', { monitoring: { enabled: 'yes' } }, /monitoring\.enabled must be true or false/],
    ['an operator chart that is not there', { cnpg: { operatorChart: './charts/cloudnative-pg-0.29.0.tgz' } }, /cnpg\.operatorChart: no chart at "\.\/charts\/cloudnative-pg-0\.29\.0\.tgz"/],
    ['a chart repository URL where a chart belongs', { cnpg: { barmanPluginChart: 'https://charts.internal/plugin.tgz' } }, /cnpg\.barmanPluginChart = .*an oci:\/\/ URL or a local path/],
    ['a mirror with a scheme', { imageMirror: 'https://registry.internal' }, /imageMirror = "https:\/\/registry\.internal" is not valid/],
    ['pull secrets as a string', { imagePullSecrets: 'registry-creds' }, /imagePullSecrets must be a list of Secret names/],
    ['a short digest', { image: { tag: '1', digests: { jobs: 'sha256:abc' } } }, /image\.digests\.jobs = "sha256:abc" is not valid: sha256:<64 hex digits>/],
    ['a digest for an unknown image', { image: { tag: '1', digests: { worker: `sha256:${'a'.repeat(64)}` } } }, /image\.digests has unknown key\(s\) worker/],
    ['a Postgres image with a bad digest', { postgres: { mode: 'cnpg', imageName: 'ghcr.io/cloudnative-pg/postgresql:17@sha256:123' } }, /postgres\.imageName = .* is not valid/],
    ['a Redis exporter image with a space', { redis: { mode: 'statefulset', exporterImage: 'oliver006/redis_exporter v1' } }, /redis\.exporterImage = .* is not valid/],
    ['a trusted proxy that is not an address', { admin: { trustedProxies: ['ingress-nginx'] } }, /admin\.trustedProxies must be a list of IP addresses or CIDR ranges/],
    ['a trusted proxy prefix too long', { admin: { trustedProxies: ['10.0.0.0/33'] } }, /admin\.trustedProxies must be/],
    ['rotating the ledger key', { credentialRotation: { 'ledger-key': 1 } }, /credentialRotation has unknown key\(s\) ledger-key/],
    ['a rotation that is not a number', { credentialRotation: { cbc_ingest: 'next' } }, /credentialRotation\.cbc_ingest must be an integer/],
  ])('rejects %s', (_what, patch, message) => {
    expect(parse(patch)).toThrow(ConfigError);
    expect(parse(patch)).toThrow(message);
  });
});

describe('Pulumi.example.yaml', () => {
  it('is a valid stack config with known keys only', () => {
    const file = parseYaml(readFileSync(join(import.meta.dirname, '../Pulumi.example.yaml'), 'utf8')) as { config: Record<string, unknown> };
    const raw = Object.fromEntries(Object.entries(file.config).map(([k, v]) => [k.replace(/^cbc-analytics:/, ''), v]));
    expect(Object.keys(raw).filter((k) => !(CONFIG_KEYS as readonly string[]).includes(k))).toEqual([]);
    expect(parseStackConfig(raw).postgres).toMatchObject({ mode: 'cnpg', backup: { schedule: '0 0 3 * * *' } });
  });
});

describe('secret value checks (messages never echo the value)', () => {
  it('accepts rotation lists of whsec_ secrets and rejects anything else', () => {
    const a = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
    const b = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;
    expect(checkHmacSecret(`${a} ${b}`)).toBe(`${a} ${b}`);
    expect(() => checkHmacSecret('hunter2')).toThrow(/hmacSecret must be/);
    expect(() => checkHmacSecret('hunter2')).not.toThrow(/hunter2/);
  });

  it('checks IP salt length, API key pairs and each external URL\'s role', () => {
    expect(() => checkIpSalt('short')).toThrow(/at least 16/);
    expect(() => checkApiKeys('ingestApiKeys', 'agent:short')).toThrow(/ingestApiKeys/);
    expect(checkApiKeys('ingestApiKeys', `agent:${'k'.repeat(24)},other:${'j'.repeat(30)}`)).toContain('agent:');
    expect(() => checkDatabaseUrl('cbc_ingest', 'postgres://postgres:pw@db/cbc')).toThrow(/externalDatabaseUrl_cbc_ingest must log in as cbc_ingest/);
    expect(() => checkDatabaseUrl('cbc_ingest', 'mysql://cbc_ingest:pw@db/cbc')).toThrow(/postgres:\/\//);
  });
});

describe('the program with bad configuration', () => {
  it.each([
    ['instances 0', { ...DEFAULT_CONFIG, postgres: { mode: 'cnpg', instances: 0 } }, /Invalid stack configuration: postgres\.instances/],
    ['an unknown postgres mode', { ...DEFAULT_CONFIG, postgres: { mode: 'aurora' } }, /Invalid stack configuration: postgres\.mode must be one of cnpg \| external/],
    ['an unknown top-level key', { ...DEFAULT_CONFIG, postgress: { mode: 'cnpg' } }, /unknown key\(s\) postgress/],
    ['external postgres without the URLs', { ...DEFAULT_CONFIG, postgres: { mode: 'external', cidrs: ['10.0.0.0/8'] } }, /externalDatabaseUrl_cbc_migrator/],
  ])('fails to load with %s, declaring nothing', async (_what, config, message) => {
    vi.resetModules();
    const { declared } = setup(config);
    await expect(import('../index')).rejects.toThrow(message);
    expect(declared.filter((d) => d.custom)).toEqual([]);
  });
});
