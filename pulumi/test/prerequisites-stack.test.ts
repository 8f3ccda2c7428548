// A cluster that already runs CloudNativePG (cnpg.install=false) and is meant to be monitored:
// the program reads the CRDs it relies on, and a missing one stops the run with a sentence that
// says what to install.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseStackConfig } from '../src/config';
import { ClusterPrerequisites, requiredCrds } from '../src/prerequisites';
import { DEFAULT_CONFIG, runProgram, type Run } from './harness';

const CRD = 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition';
const config = { ...DEFAULT_CONFIG, cnpg: { install: false } };

// The cluster the mocks stand for lacks this CRD (the program itself reads only ones it has).
const ABSENT = 'objectbuckets.example.io';

let run: Run;
beforeAll(async () => {
  run = await runProgram(config, [], { missing: [ABSENT] });
});

describe('CRDs other operators must provide', () => {
  it('reads the CNPG and prometheus-operator CRDs, each named with its fix', () => {
    const reads = run.reads.filter((d) => d.type === CRD).map((d) => d.name).sort();
    expect(reads).toEqual([
      'missing CRD clusters.postgresql.cnpg.io: install the CloudNativePG operator first, or set cnpg.install=true',
      'missing CRD objectstores.barmancloud.cnpg.io: install the Barman Cloud plugin beside the operator first, or set cnpg.install=true',
      'missing CRD podmonitors.monitoring.coreos.com: install prometheus-operator (kube-prometheus-stack) first, or set monitoring.enabled=false',
      'missing CRD prometheusrules.monitoring.coreos.com: install prometheus-operator (kube-prometheus-stack) first, or set monitoring.enabled=false',
      'missing CRD scheduledbackups.postgresql.cnpg.io: install the CloudNativePG operator first, or set cnpg.install=true',
      'missing CRD servicemonitors.monitoring.coreos.com: install prometheus-operator (kube-prometheus-stack) first, or set monitoring.enabled=false',
    ]);
  });

  it('fails when one is missing, and the failing read is named with the fix', async () => {
    const probe = new ClusterPrerequisites('probe', { crds: [{ name: ABSENT, fix: 'install the bucket operator first' }] });
    const read = probe.crds[0]!;
    const urn = (read.urn as unknown as { promise(): Promise<string> }).promise();
    // The SDK's message carries the read's name, so the fix is printed beside "does not exist".
    await expect(urn).rejects.toThrow(`'missing CRD ${ABSENT}: install the bucket operator first' [${CRD}]: resource "${ABSENT}" does not exist`);
  });

  it('asks only for what the stack does not install itself', () => {
    const names = (patch: Record<string, unknown>) => requiredCrds(parseStackConfig({ ...DEFAULT_CONFIG, ...patch })).map((c) => c.name);
    // The default stack installs CNPG and its plugin, so only cert-manager (for the plugin) and prometheus-operator remain.
    expect(names({})).toEqual(['certificates.cert-manager.io', 'servicemonitors.monitoring.coreos.com', 'podmonitors.monitoring.coreos.com', 'prometheusrules.monitoring.coreos.com']);
    expect(names({ monitoring: { enabled: false }, postgres: { mode: 'cnpg' } })).toEqual([]);
    expect(names({ monitoring: { enabled: false }, postgres: { mode: 'external', cidrs: ['10.0.0.0/24'] }, cnpg: { install: false } })).toEqual([]);
  });
});
