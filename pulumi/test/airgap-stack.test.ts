// An air-gapped cluster: the operator charts from a local .tgz and an OCI registry, every image
// through one mirror, pulled with a secret. Nothing the program declares may reach for a public
// registry or chart repository.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartSource, mirrorImage, splitImage } from '../src/images';
import { DEFAULT_CONFIG, one, outputValue, runProgram, unwrap, type Run } from './harness';

const MIRROR = 'registry.internal:5000/mirror';
const OCI_PLUGIN = 'oci://registry.internal:5000/charts/plugin-barman-cloud';
type Obj = Record<string, unknown>;

let run: Run;
let operatorTgz: string;
beforeAll(async () => {
  // A stand-in archive: the program only hands the path to Helm, which the mock never calls.
  operatorTgz = join(mkdtempSync(join(tmpdir(), 'cbc-airgap-')), 'cloudnative-pg-0.29.0.tgz');
  writeFileSync(operatorTgz, '');
  run = await runProgram({
    ...DEFAULT_CONFIG,
    imageMirror: MIRROR,
    imagePullSecrets: ['registry-creds'],
    cnpg: { operatorChart: operatorTgz, barmanPluginChart: OCI_PLUGIN },
  });
});

describe('images and charts for an air-gapped cluster', () => {
  it('installs the operator from the local .tgz (no repository, the archive carries its version)', () => {
    const chart = unwrap<Obj & { values: Obj }>(one(run, 'kubernetes:helm.sh/v4:Chart', 'cnpg').inputs);
    expect(chart.chart).toBe(operatorTgz);
    expect(chart.repositoryOpts).toBeUndefined();
    expect(chart.version).toBeUndefined();
    expect(chart.values).toMatchObject({
      image: { repository: `${MIRROR}/cloudnative-pg/cloudnative-pg` },
      imagePullSecrets: [{ name: 'registry-creds' }],
    });
  });

  it('installs the Barman Cloud plugin from the OCI registry at the pinned version', () => {
    const chart = unwrap<Obj & { values: Obj }>(one(run, 'kubernetes:helm.sh/v4:Chart', 'cnpg-barman-cloud').inputs);
    expect(chart).toMatchObject({ chart: OCI_PLUGIN, version: '0.8.0' });
    expect(chart.repositoryOpts).toBeUndefined();
    expect(chart.values).toMatchObject({ image: { repository: `${MIRROR}/cloudnative-pg/plugin-barman-cloud` }, imagePullSecrets: [{ name: 'registry-creds' }] });
  });

  it('pulls Postgres, Redis and redis_exporter through the mirror with the pull secret', () => {
    const cluster = unwrap<{ spec: Obj }>(one(run, 'kubernetes:postgresql.cnpg.io/v1:Cluster').inputs);
    expect(cluster.spec).toMatchObject({ imageName: `${MIRROR}/cloudnative-pg/postgresql:17`, imagePullSecrets: [{ name: 'registry-creds' }] });
    const sts = unwrap<{ spec: { template: { spec: { imagePullSecrets: unknown; containers: { image: string }[] } } } }>(
      one(run, 'kubernetes:apps/v1:StatefulSet').inputs,
    );
    expect(sts.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
    expect(sts.spec.template.spec.containers.map((c) => c.image)).toEqual([`${MIRROR}/library/redis:7.4-alpine`, `${MIRROR}/oliver006/redis_exporter:v1.74.0`]);
  });

  it('hands the mirror and the pull secret to the app chart', () => {
    const values = unwrap<Obj>(one(run, 'kubernetes:helm.sh/v4:Chart', 'app').inputs.values);
    expect(values).toMatchObject({ global: { imageRegistry: MIRROR }, image: { registry: MIRROR }, imagePullSecrets: ['registry-creds'] });
  });

  it('runs the first-admin pod from the mirror too', async () => {
    const cmd = await outputValue((run.program as { firstAdminCommand: pulumi.Output<string> }).firstAdminCommand);
    expect(cmd).toContain(`--image=${MIRROR}/coral-beach-club/cbc-jobs:1.0.0`);
    expect(cmd).toContain('"imagePullSecrets":[{"name":"registry-creds"}]');
  });

  it('names no public registry or chart repository anywhere', () => {
    const text = JSON.stringify(run.declared.map((d) => unwrap(d.inputs)));
    for (const outside of ['ghcr.io', 'docker.io', 'quay.io', 'https://']) expect(text, outside).not.toContain(outside);
  });
});

describe('the mirror rule', () => {
  it.each([
    ['redis:7.4-alpine', 'docker.io', 'library/redis:7.4-alpine'],
    ['oliver006/redis_exporter:v1.74.0', 'docker.io', 'oliver006/redis_exporter:v1.74.0'],
    ['ghcr.io/cloudnative-pg/postgresql:17', 'ghcr.io', 'cloudnative-pg/postgresql:17'],
    ['localhost/cbc-jobs:1', 'localhost', 'cbc-jobs:1'],
    ['registry.internal:5000/a/b@sha256:abc', 'registry.internal:5000', 'a/b@sha256:abc'],
  ])('splits %s into its registry and path', (ref, registry, path) => {
    expect(splitImage(ref)).toEqual({ registry, path });
  });

  it('leaves references alone without a mirror', () => {
    expect(mirrorImage('redis:7.4-alpine', undefined)).toBe('redis:7.4-alpine');
  });

  it('picks the chart source from the reference', () => {
    expect(chartSource(undefined, 'cloudnative-pg', '0.29.0', 'https://repo')).toEqual({ chart: 'cloudnative-pg', version: '0.29.0', repositoryOpts: { repo: 'https://repo' } });
    expect(chartSource('oci://r/c', 'cloudnative-pg', '0.29.0', 'https://repo')).toEqual({ chart: 'oci://r/c', version: '0.29.0' });
    expect(chartSource('./c.tgz', 'cloudnative-pg', '0.29.0', 'https://repo')).toEqual({ chart: './c.tgz' });
  });
});
