// Every Kubernetes object the program declares itself (the charts are opaque under mocks and
// are checked by the chart's own tests) must pass the API's schema for its kind: kubernetes-models
// for built-in kinds, its CloudNativePG and prometheus-operator packages for the CRs. The
// validators catch wrong types, missing required fields and bad enums, not unknown fields.
import { Cluster, ScheduledBackup } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, runProgram, unwrap, type Declared, type Run } from './harness';

type Validator = (obj: Record<string, unknown>) => void;
const model =
  <T extends { validate(): void }>(Kind: new (data: never) => T): Validator =>
  (obj) =>
    new Kind(obj as never).validate();

/**
 * barmancloud.cnpg.io/v1 ObjectStore has no kubernetes-models package: a hand-written subset of
 * its CRD (the required fields and the ones we set, with their types).
 */
const objectStore: Validator = (obj) => {
  const errors: string[] = [];
  const spec = obj.spec as { configuration?: Record<string, unknown>; retentionPolicy?: unknown } | undefined;
  if (obj.apiVersion !== 'barmancloud.cnpg.io/v1' || obj.kind !== 'ObjectStore') errors.push('apiVersion/kind');
  if (typeof (obj.metadata as { name?: unknown })?.name !== 'string') errors.push('metadata.name');
  const conf = spec?.configuration;
  if (typeof conf?.destinationPath !== 'string' || conf.destinationPath === '') errors.push('spec.configuration.destinationPath (required)');
  if (spec?.retentionPolicy !== undefined && !/^[1-9][0-9]*[dwm]$/.test(String(spec.retentionPolicy))) errors.push('spec.retentionPolicy pattern');
  const s3 = conf?.s3Credentials as Record<string, { name?: unknown; key?: unknown }> | undefined;
  for (const k of ['accessKeyId', 'secretAccessKey']) {
    if (s3 && (typeof s3[k]?.name !== 'string' || typeof s3[k]?.key !== 'string')) errors.push(`spec.configuration.s3Credentials.${k} {name,key}`);
  }
  for (const k of ['wal', 'data']) {
    const c = (conf?.[k] as { compression?: unknown } | undefined)?.compression;
    if (c !== undefined && !['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'].includes(String(c))) errors.push(`spec.configuration.${k}.compression enum`);
  }
  if (errors.length) throw new Error(`ObjectStore invalid: ${errors.join(', ')}`);
};

const VALIDATORS: Record<string, Validator> = {
  'kubernetes:core/v1:Namespace': model(Namespace),
  'kubernetes:core/v1:Secret': model(Secret),
  'kubernetes:core/v1:Service': model(Service),
  'kubernetes:apps/v1:StatefulSet': model(StatefulSet),
  'kubernetes:policy/v1:PodDisruptionBudget': model(PodDisruptionBudget),
  'kubernetes:postgresql.cnpg.io/v1:Cluster': model(Cluster),
  'kubernetes:postgresql.cnpg.io/v1:ScheduledBackup': model(ScheduledBackup),
  'kubernetes:monitoring.coreos.com/v1:PodMonitor': model(PodMonitor),
  'kubernetes:barmancloud.cnpg.io/v1:ObjectStore': objectStore,
};

let run: Run;
let objects: Declared[];
beforeAll(async () => {
  run = await runProgram(DEFAULT_CONFIG);
  objects = run.declared.filter((d) => d.custom && d.type.startsWith('kubernetes:'));
});

describe('declared Kubernetes objects validate against their schemas', () => {
  it('has a validator for every kind the program declares', () => {
    // And every validator is used: the default stack declares each kind at least once.
    expect([...new Set(objects.map((o) => o.type))].sort()).toEqual(Object.keys(VALIDATORS).sort());
  });

  it('validates each object', () => {
    for (const o of objects) {
      const obj = unwrap<Record<string, unknown>>(o.inputs);
      expect(() => VALIDATORS[o.type]!(obj), `${o.type} ${o.name}`).not.toThrow();
    }
  });

  it('would catch a broken object (the validators are not vacuous)', () => {
    const cluster = unwrap<Record<string, unknown>>(run.declared.find((d) => d.type === 'kubernetes:postgresql.cnpg.io/v1:Cluster')!.inputs);
    const spec = cluster.spec as Record<string, unknown>;
    expect(() => VALIDATORS['kubernetes:postgresql.cnpg.io/v1:Cluster']!({ ...cluster, spec: { ...spec, instances: 'two' } })).toThrow();
    expect(() => VALIDATORS['kubernetes:postgresql.cnpg.io/v1:Cluster']!({ ...cluster, spec: { ...spec, instances: 0 } })).toThrow();
    const roles = (spec.managed as { roles: Record<string, unknown>[] }).roles;
    expect(() =>
      VALIDATORS['kubernetes:postgresql.cnpg.io/v1:Cluster']!({ ...cluster, spec: { ...spec, managed: { roles: [{ ...roles[1], name: undefined }] } } }),
    ).toThrow();
    const sts = unwrap<Record<string, unknown>>(run.declared.find((d) => d.type === 'kubernetes:apps/v1:StatefulSet')!.inputs);
    expect(() => VALIDATORS['kubernetes:apps/v1:StatefulSet']!({ ...sts, spec: { ...(sts.spec as object), selector: undefined } })).toThrow();
    expect(() => objectStore({ apiVersion: 'barmancloud.cnpg.io/v1', kind: 'ObjectStore', metadata: { name: 'x' }, spec: { configuration: {} } })).toThrow(
      /destinationPath/,
    );
  });
});
