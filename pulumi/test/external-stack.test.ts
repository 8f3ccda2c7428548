// Clusters that already run Postgres and Redis: no operator, no Cluster, no StatefulSet; the
// given URLs (secret config) flow into the app's Secrets unchanged.
import { LOGIN_ROLES, type LoginRole } from '@cbc/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { externalDatabaseUrlKey } from '../src/config';
import { URL_ROLES } from '../src/secrets';
import { DEFAULT_CONFIG, isSecretValue, ofType, one, runProgram, unwrap, type Run } from './harness';

const url = (role: LoginRole) => `postgres://${role}:secret-${role}@${role === 'cbc_reader' ? 'pg-replica' : 'pg-primary'}.db.internal:6432/analytics?sslmode=verify-full`;
const externalUrls = Object.fromEntries((Object.keys(LOGIN_ROLES) as LoginRole[]).map((r) => [externalDatabaseUrlKey(r), url(r)]));

let run: Run;
beforeAll(async () => {
  run = await runProgram(
    {
      ...DEFAULT_CONFIG,
      postgres: { mode: 'external', maxConnections: 300, cidrs: ['10.20.0.0/24'] },
      redis: { mode: 'external', cidrs: ['10.20.1.0/28'] },
      ...externalUrls,
      externalRedisUrl: 'rediss://:pw@redis.cache.internal:6380/2',
      hmacSecret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
    },
    [...Object.keys(externalUrls), 'externalRedisUrl', 'hmacSecret'],
  );
});

describe('postgres.mode=external, redis.mode=external', () => {
  it('declares no operator, Cluster, backup, Postgres monitor or Redis objects', () => {
    const types = new Set(run.declared.map((d) => d.type));
    for (const absent of [
      'cbc:k8s:CnpgOperator',
      'cbc:k8s:PostgresCluster',
      'cbc:k8s:Redis',
      'kubernetes:postgresql.cnpg.io/v1:Cluster',
      'kubernetes:postgresql.cnpg.io/v1:ScheduledBackup',
      'kubernetes:barmancloud.cnpg.io/v1:ObjectStore',
      'kubernetes:monitoring.coreos.com/v1:PodMonitor',
      'kubernetes:apps/v1:StatefulSet',
      'kubernetes:core/v1:Service',
      'kubernetes:policy/v1:PodDisruptionBudget',
    ]) {
      expect(types.has(absent), absent).toBe(false);
    }
    expect(ofType(run, 'kubernetes:helm.sh/v4:Chart').map((c) => c.name)).toEqual(['app']);
    expect(ofType(run, 'kubernetes:core/v1:Namespace').map((c) => c.name)).toEqual(['namespace']);
  });

  it('hands the configured URLs to the credentials Secret, still secret', () => {
    const secret = one(run, 'kubernetes:core/v1:Secret', 'secrets-credentials');
    expect(isSecretValue(secret.inputs.stringData)).toBe(true);
    const data = unwrap<Record<string, string>>(secret.inputs.stringData);
    for (const [key, role] of Object.entries(URL_ROLES)) expect(data[key], key).toBe(url(role));
    expect(data.DBT_ENV_SECRET_PASSWORD).toBe('secret-cbc_transformer');
    expect(data.REDIS_URL).toBe('rediss://:pw@redis.cache.internal:6380/2');
    expect(data.HMAC_SECRET).toBe(`whsec_${Buffer.alloc(32, 7).toString('base64')}`);
  });

  it('does not generate an HMAC secret that the config supplies', () => {
    expect(ofType(run, 'random:index/randomBytes:RandomBytes')).toHaveLength(0);
  });

  it('tells the chart where Postgres is (parsed from the transformer URL) and the stores\' CIDRs, without leaking credentials', () => {
    const chart = one(run, 'kubernetes:helm.sh/v4:Chart', 'app');
    const values = unwrap<{ postgres: unknown; networkPolicy: Record<string, unknown> }>(chart.inputs.values);
    expect(values.postgres).toEqual({ host: 'pg-primary.db.internal', port: 6432, database: 'analytics', sslMode: 'verify-full', maxConnections: 300 });
    expect(values.networkPolicy.postgres).toEqual({ podSelector: {}, namespaceSelector: {}, cidrs: ['10.20.0.0/24'] });
    expect(values.networkPolicy.redis).toEqual({ podSelector: {}, namespaceSelector: {}, cidrs: ['10.20.1.0/28'] });
    expect(JSON.stringify(chart.inputs)).not.toContain('secret-cbc_');
    expect(isSecretValue(chart.inputs.values)).toBe(false);
  });

  it('still parents everything to a component', () => {
    for (const urn of run.urns.filter((u) => !/::cbc:k8s:[A-Za-z]+::/.test(u))) expect(urn).toMatch(/::cbc:k8s:[A-Za-z]+\$[^$]+::/);
  });
});
