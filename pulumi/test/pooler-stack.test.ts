// postgres.pooler.enabled: a CloudNativePG Pooler (PgBouncer, session mode) in front of the
// primary; ingest's write URL and the admin's URL go through it, the reader stays on -ro, and
// the chart learns about it (connection budget, NetworkPolicies).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pooler } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseStackConfig } from '../src/config';
import { POOLED_ROLES } from '../src/postgres-cluster';
import { URL_ROLES } from '../src/secrets';
import { DEFAULT_CONFIG, ofType, one, runProgram, unwrap, type Run } from './harness';

type Obj = Record<string, unknown> & { metadata?: { name?: string }; spec?: Record<string, unknown> };
const POOLER = 'kubernetes:postgresql.cnpg.io/v1:Pooler';

// One program run per file (the harness imports the program once); the default stack's own
// tests show every URL on -rw or -ro without the pooler.
let run: Run;
beforeAll(async () => {
  run = await runProgram({ ...DEFAULT_CONFIG, postgres: { ...DEFAULT_CONFIG.postgres, pooler: { enabled: true, instances: 3, defaultPoolSize: 25 } } });
});

const credentials = (r: Run) => unwrap<Obj>(one(r, 'kubernetes:core/v1:Secret', 'secrets-credentials').inputs).stringData as Record<string, string>;

describe('postgres.pooler', () => {
  it('declares a session-mode Pooler on the primary that validates against the CRD', () => {
    const p = unwrap<Obj>(one(run, POOLER).inputs);
    expect(p).toMatchObject({
      metadata: { name: 'cbc-pg-pooler-rw', namespace: 'cbc' },
      spec: { cluster: { name: 'cbc-pg' }, instances: 3, type: 'rw', pgbouncer: { poolMode: 'session', parameters: { default_pool_size: '25', max_client_conn: '1000' } } },
    });
    expect(() => new Pooler(p as never).validate()).not.toThrow();
    const container = (p.spec as { template: { spec: { containers: { name: string; resources: { requests: object; limits: { memory: string } } }[] } } }).template.spec.containers[0]!;
    expect(container.name).toBe('pgbouncer');
    expect(container.resources.limits.memory).toBeTruthy();
    const monitor = unwrap<Obj>(one(run, 'kubernetes:monitoring.coreos.com/v1:PodMonitor', 'postgres-pooler-monitor').inputs);
    expect(monitor.spec).toMatchObject({ selector: { matchLabels: { 'cnpg.io/poolerName': 'cbc-pg-pooler-rw' } } });
    expect(() => new PodMonitor(monitor as never).validate()).not.toThrow();
  });

  it('points the pooled roles at the pooler, the reader at -ro and the rest at -rw', () => {
    const data = credentials(run);
    for (const [key, role] of Object.entries(URL_ROLES)) {
      const host = role === 'cbc_reader' ? 'cbc-pg-ro' : POOLED_ROLES.includes(role) ? 'cbc-pg-pooler-rw' : 'cbc-pg-rw';
      expect(new URL(data[key]!).hostname, key).toBe(`${host}.cbc.svc`);
    }
    expect(new URL(data.DATABASE_URL!).hostname).toBe('cbc-pg-pooler-rw.cbc.svc');
    expect(new URL(data.ADMIN_DATABASE_URL!).hostname).toBe('cbc-pg-pooler-rw.cbc.svc');
  });

  it("hands the chart the pooler's name and sizes for its budget and NetworkPolicies", () => {
    const values = unwrap<{ postgres: Record<string, unknown> }>(one(run, 'kubernetes:helm.sh/v4:Chart', 'app').inputs.values);
    expect(values.postgres.pooler).toEqual({ enabled: true, name: 'cbc-pg-pooler-rw', instances: 3, defaultPoolSize: 25, maxClientConn: 1000 });
    expect(values.postgres.host).toBe('cbc-pg-rw.cbc.svc');
  });

  it('renders through the chart: its budget accepts the stack and ingest may reach the pooler', () => {
    const values = unwrap<Record<string, unknown>>(one(run, 'kubernetes:helm.sh/v4:Chart', 'app').inputs.values);
    const file = join(mkdtempSync(join(tmpdir(), 'cbc-pooler-')), 'values.json');
    writeFileSync(file, JSON.stringify(values));
    const chart = resolve(import.meta.dirname, '../../charts/cbc-analytics');
    const out = execFileSync(process.env.HELM ?? 'helm', ['template', 'cbc', chart, '--namespace', 'cbc', '--kube-version', '1.32.0', '-f', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(out).toContain('cnpg.io/poolerName: cbc-pg-pooler-rw');
  });

  it('is off by default', () => {
    const pg = parseStackConfig(DEFAULT_CONFIG).postgres;
    expect(pg.mode === 'cnpg' && pg.pooler).toEqual({ enabled: false, instances: 2, defaultPoolSize: 20, maxClientConn: 1000 });
    expect(ofType(run, POOLER)).toHaveLength(1);
  });

  it("refuses a pooler that could open more connections as cbc_ingest than the role's limit, and unknown keys", () => {
    const stack = (pooler: unknown) => ({ ...DEFAULT_CONFIG, postgres: { ...DEFAULT_CONFIG.postgres, pooler } });
    expect(() => parseStackConfig(stack({ enabled: true, instances: 5, defaultPoolSize: 30 }))).toThrow(ConfigError);
    expect(() => parseStackConfig(stack({ enabled: true, instances: 5, defaultPoolSize: 30 }))).toThrow(/150 exceeds cbc_ingest's connection limit 100/);
    expect(() => parseStackConfig(stack({ enabled: true, poolMode: 'transaction' }))).toThrow(/postgres.pooler has unknown key\(s\) poolMode/);
  });
});
