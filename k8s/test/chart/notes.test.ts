// NOTES.txt tells whoever installed the chart how to reach the API and the dashboard, where the
// credentials come from, and how to create the first admin. `helm template` does not render
// NOTES, so a copy of the chart renders it as a ConfigMap through `tpl`.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_KEYS } from '@cbc/pulumi/credential-keys';
import { resolveEnv, validate } from './env-contract.js';
import { CHART_DIR, CI_DIR, helm, KUBE_VERSION, NAMESPACE, parseManifests, RELEASE } from './helm.js';

const dir = mkdtempSync(join(tmpdir(), 'cbc-notes-'));
const chart = join(dir, 'cbc-analytics');
cpSync(CHART_DIR, chart, { recursive: true });
cpSync(join(chart, 'templates/NOTES.txt'), join(chart, 'files/notes.txt'));
writeFileSync(
  join(chart, 'templates/zz-notes.yaml'),
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ tpl (.Files.Get "files/notes.txt") . | quote }}\n',
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function notes(valuesFile: string): string {
  const r = helm(['template', RELEASE, chart, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION, '-f', join(CI_DIR, valuesFile), '--show-only', 'templates/zz-notes.yaml']);
  expect(r.status, r.stderr).toBe(0);
  return String(parseManifests(r.stdout)[0]?.data.notes);
}

describe('NOTES.txt', () => {
  it('says how to reach the API and the dashboard', () => {
    const text = notes('default-values.yaml');
    expect(text).toContain('http://cbc-cbc-analytics-ingest.cbc.svc:80');
    expect(text).toContain('https://analytics.example.com');
    expect(notes('no-ingress-values.yaml')).toContain('port-forward svc/cbc-cbc-analytics-admin 3001:80');
  });

  it('gives the first-admin command with a pod spec that passes the hardening rules', () => {
    const text = notes('default-values.yaml');
    expect(text).toMatch(/kubectl -n cbc run cbc-cbc-analytics-create-staff --rm -it/);
    const overrides = JSON.parse(/--overrides='(.+)'/.exec(text)?.[1] ?? '{}');
    const container = overrides.spec.containers[0];
    expect(container.args).toEqual(['node', 'dist/cli.js', 'create-staff', '--email', 'you@example.com', '--role', 'admin']);
    expect(container.env[0].valueFrom.secretKeyRef.key).toBe('ADMIN_DATABASE_URL');
    // The variable create-staff reads, under its own name: the command's env schema accepts it.
    const resolved = resolveEnv(container, [], container.env[0].valueFrom.secretKeyRef.name, [...CREDENTIAL_KEYS]);
    expect(resolved.problems).toEqual([]);
    expect(validate(container, resolved.env)).toEqual({ deployable: 'jobs', error: undefined, unused: [] });
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(overrides.metadata.labels['app.kubernetes.io/component']).toBe('create-staff');
  });

  it('says where credentials come from, and warns about empty ones', () => {
    expect(notes('default-values.yaml')).toMatch(/WARNING: these secrets values are empty/);
    const external = notes('external-db-values.yaml');
    expect(external).toContain('Read from the existing Secret "cbc-analytics-credentials"');
    expect(external).not.toContain('WARNING');
  });
});
