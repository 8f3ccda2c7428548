// The Pulumi → chart contract, checked against the chart itself: the values the program passes
// (merged over the chart's defaults, as Helm does) must satisfy charts/cbc-analytics/values.schema.json,
// which rejects unknown keys; and, where a helm binary is at hand, `helm template` must render them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { appValues, type AppReleaseArgs } from '../src/app-release';
import { CREDENTIAL_KEYS } from '../src/secrets';
import { DEFAULT_CONFIG, one, outputValue, runProgram, unwrap, type Run } from './harness';

const CHART = resolve(import.meta.dirname, '../../charts/cbc-analytics');
const chartDefaults = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's coalescing: maps merge key by key, anything else replaces the default. */
function helmMerge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = helmMerge(base[k], v);
  return out;
}

function schemaErrors(values: Values): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validate(helmMerge(chartDefaults, values)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** helm from PATH, or the one scripts/install-helm.sh puts in .tools/bin. */
function findHelm(): string | undefined {
  const local = resolve(import.meta.dirname, '../../.tools/bin/helm');
  for (const candidate of [process.env.HELM, 'helm', local].filter(Boolean) as string[]) {
    try {
      execFileSync(candidate, ['version', '--short'], { stdio: 'pipe' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}
const helm = findHelm();

function helmTemplate(values: Values): Values[] {
  const file = join(mkdtempSync(join(tmpdir(), 'cbc-values-')), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  const out = execFileSync(helm!, ['template', 'cbc', CHART, '--namespace', 'cbc', '-f', file], { encoding: 'utf8', stdio: 'pipe' });
  return parseAllDocuments(out)
    .map((d) => d.toJSON() as Values)
    .filter(Boolean);
}

const JOBS_DIGEST = `sha256:${'a'.repeat(64)}`;
const DBT_DIGEST = `sha256:${'b'.repeat(64)}`;

let run: Run;
let defaultValues: Values;
let externalValues: Values;
beforeAll(async () => {
  run = await runProgram(DEFAULT_CONFIG);
  defaultValues = unwrap<Values>(one(run, 'kubernetes:helm.sh/v4:Chart', 'app').inputs.values);
  // The external variant, through the same function the program uses.
  const args: AppReleaseArgs = {
    namespace: 'cbc',
    releaseName: 'cbc',
    chartPath: CHART,
    // jobs and dbt pinned by digest, ingest and admin by tag.
    image: { registry: 'registry.example.com:5000', repositoryPrefix: 'cbc', tag: '2.3.4', digests: { jobs: JOBS_DIGEST, dbt: DBT_DIGEST } },
    // Air-gapped: every image through the mirror, pulled with a secret.
    imageMirror: 'mirror.internal:5000/hub',
    imagePullSecrets: ['registry-creds'],
    existingSecret: 'cbc-credentials',
    existingSecretChecksum: 'f'.repeat(64),
    hosts: { admin: 'analytics.example.com' },
    tls: { enabled: false },
    adminTrustedProxies: ['10.244.0.0/16', 'fd00:10::/64'],
    ingestReplicas: { minReplicas: 3, maxReplicas: 8 },
    postgres: { host: 'db.example.com', port: 5432, database: 'analytics', sslMode: 'verify-full', maxConnections: 400 },
    peers: { postgres: { cidrs: ['10.20.0.0/24'] }, redis: { cidrs: ['10.20.1.0/28'] } },
    monitoring: { enabled: false, labels: {}, prometheusNamespace: 'observability' },
    dependsOn: [],
  };
  externalValues = (await outputValue(appValues(args))) as Values;
});

describe('values for charts/cbc-analytics', () => {
  it('satisfy the chart\'s values.schema.json (default stack)', () => {
    expect(schemaErrors(defaultValues)).toEqual([]);
  });

  it('satisfy the chart\'s values.schema.json (external Postgres/Redis, no ingress TLS, no monitoring)', () => {
    expect(schemaErrors(externalValues)).toEqual([]);
  });

  it('fill exactly the keys the chart\'s own Secret template has (the existingSecret contract)', () => {
    const template = readFileSync(join(CHART, 'templates/secret.yaml'), 'utf8');
    const chartKeys = [...template.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(chartKeys.length).toBeGreaterThan(0);
    expect([...CREDENTIAL_KEYS].sort()).toEqual(chartKeys.sort());
    // And every key a template reads with secretKeyRef is one of them.
    const templates = readdirSync(join(CHART, 'templates'), { recursive: true })
      .map(String)
      .filter((f) => /\.(yaml|tpl)$/.test(f))
      .map((f) => readFileSync(join(CHART, 'templates', f), 'utf8'))
      .join('\n');
    const read = new Set([
      ...[...templates.matchAll(/secretEnv" \(dict [^)]*?"name" "([A-Z0-9_]+)"(?: "key" "([A-Z0-9_]+)")?/g)].map((m) => m[2] ?? m[1]),
      ...[...templates.matchAll(/"urlKey" "([A-Z0-9_]+)"/g)].map((m) => m[1]),
      // `range list "A" "B" }}` immediately followed by a secretEnv include.
      ...[...templates.matchAll(/range list ((?:"[A-Z0-9_]+"\s*)+)\}\}\s*\{\{-?\s*include "cbc-analytics\.secretEnv"/g)].flatMap(
        (m) => m[1]!.match(/[A-Z0-9_]+/g) ?? [],
      ),
    ]);
    expect(read.size).toBeGreaterThan(0);
    for (const key of read) expect(CREDENTIAL_KEYS, key).toContain(key);
  });

  it('would be rejected with a key the chart does not know (the schema check is not vacuous)', () => {
    expect(schemaErrors({ ...defaultValues, postgres: { ...(defaultValues.postgres as Values), readHost: 'x' } })).not.toEqual([]);
  });

  it.skipIf(!helm)('render with helm template, wiring the Secret, the images, the monitoring label and the store peers', () => {
    const objects = helmTemplate(defaultValues);
    const kinds = (k: string) => objects.filter((o) => o.kind === k) as Array<Values & { metadata: { name: string; labels?: Values }; spec: Values }>;
    expect(kinds('Secret')).toEqual([]); // existingSecret: the chart renders none of its own
    const ingest = kinds('Deployment').find((d) => d.metadata.name === 'cbc-ingest');
    expect(ingest, 'Deployment cbc-ingest').toBeDefined();
    const text = JSON.stringify(ingest);
    expect(text).toContain('"name":"cbc-credentials"');
    expect(text).toContain('ghcr.io/coral-beach-club/cbc-ingest:1.0.0');
    // No trusted proxy unless configured: the admin counts the socket address.
    expect(JSON.stringify(kinds('Deployment').find((d) => d.metadata.name === 'cbc-admin'))).toContain('{"name":"TRUSTED_PROXIES","value":""}');
    expect(kinds('Service').map((s) => s.metadata.name)).toContain('cbc-ingest');
    for (const sm of kinds('ServiceMonitor')) expect(sm.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    expect(kinds('ServiceMonitor').length).toBeGreaterThan(0);
    const egress = JSON.stringify(kinds('NetworkPolicy'));
    expect(egress).toContain('"cnpg.io/cluster":"cbc-pg"');
    expect(egress).toContain('"app.kubernetes.io/instance":"cbc-redis"');
    expect(kinds('HorizontalPodAutoscaler')[0]?.spec).toMatchObject({ minReplicas: 2, maxReplicas: 6 });
  });

  it.skipIf(!helm)('render with helm template for the external variant', () => {
    const objects = helmTemplate(externalValues);
    const egress = JSON.stringify(objects.filter((o) => o.kind === 'NetworkPolicy'));
    expect(egress).toContain('10.20.0.0/24');
    expect(egress).toContain('10.20.1.0/28');
    const images = new Set(objects.flatMap((o) => [...JSON.stringify(o).matchAll(/"image":"([^"]+)"/g)].map((m) => m[1])));
    expect(images).toEqual(
      new Set([
        'mirror.internal:5000/hub/cbc/cbc-ingest:2.3.4',
        'mirror.internal:5000/hub/cbc/cbc-admin:2.3.4',
        `mirror.internal:5000/hub/cbc/cbc-jobs@${JOBS_DIGEST}`,
        `mirror.internal:5000/hub/cbc/cbc-dbt@${DBT_DIGEST}`,
      ]),
    );
    const admin = objects.find((o) => o.kind === 'Deployment' && (o.metadata as Values).name === 'cbc-admin');
    expect(JSON.stringify(admin)).toContain('{"name":"TRUSTED_PROXIES","value":"10.244.0.0/16,fd00:10::/64"}');
    const pods = objects.flatMap((o) => {
      const spec = (o.spec ?? {}) as { template?: { spec: Values }; jobTemplate?: { spec: { template: { spec: Values } } } };
      return spec.template ? [spec.template.spec] : spec.jobTemplate ? [spec.jobTemplate.spec.template.spec] : [];
    });
    expect(pods.length).toBeGreaterThan(3);
    for (const pod of pods) {
      expect(pod.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
      for (const c of [...((pod.containers as Values[]) ?? []), ...((pod.initContainers as Values[]) ?? [])]) expect(String(c.image)).toMatch(/^mirror\.internal:5000\/hub\//);
    }
    expect(objects.filter((o) => o.kind === 'Ingress').map((o) => (o.metadata as Values).name)).toEqual(['cbc-admin']);
  });

  it('reports whether helm was available for the render checks', () => {
    // Not a check: makes a skipped render visible in the output instead of silently green.
    console.log(helm ? `helm template checks ran with ${helm}` : 'helm not found (PATH, $HELM, .tools/bin): render checks skipped');
    expect(existsSync(CHART)).toBe(true);
  });
});
