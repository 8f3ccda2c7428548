// The nightly full dbt test pass: a CronJob beside the hourly build, with the build's env,
// wrapper and conventions, DBT_FULL_TESTS=1, its own schedule, and never alongside a build.
import { describe, expect, it } from 'vitest';
import { byKind, component, type K8sObject, render, renderError } from './helm.js';

const cronJob = (objects: K8sObject[], name: string) => byKind(objects, 'CronJob').find((c) => component(c) === name);
const pod = (cj: K8sObject) => cj.spec.jobTemplate.spec.template.spec;
const envOf = (cj: K8sObject) => pod(cj).containers[0].env as { name: string; value?: string; valueFrom?: unknown }[];

describe('dbt-full-test CronJob', () => {
  const objects = render();
  const full = cronJob(objects, 'dbt-full-test') as K8sObject;
  const build = cronJob(objects, 'dbt-build') as K8sObject;

  it('is rendered by default, named like the other CronJobs', () => {
    expect(full).toBeDefined();
    expect(full.metadata.name).toBe('cbc-cbc-analytics-dbt-full-test');
  });

  it('runs `dbt test` through the advisory-lock wrapper, so it waits for a running build', () => {
    expect(pod(full).containers[0].command).toEqual(['python', '/app/dbt/scripts/locked_dbt.py', 'test', '--profiles-dir', '/app/dbt', '--project-dir', '/app/dbt', '--threads', '2']);
    expect(envOf(full)).toContainEqual({ name: 'DBT_LOCK_WAIT_SECONDS', value: '1800' });
  });

  it('tests every row: DBT_FULL_TESTS=1, which the build does not set', () => {
    expect(envOf(full)).toContainEqual({ name: 'DBT_FULL_TESTS', value: '1' });
    expect(envOf(build).map((e) => e.name)).not.toContain('DBT_FULL_TESTS');
  });

  it("has the build's env otherwise: connection, secret, zone, paths", () => {
    const others = (cj: K8sObject) => envOf(cj).filter((e) => !['DBT_FULL_TESTS', 'DBT_LOCK_WAIT_SECONDS'].includes(e.name));
    expect(others(full)).toEqual(others(build));
    expect(envOf(full)).toContainEqual({ name: 'DBT_ENV_SECRET_PASSWORD', valueFrom: { secretKeyRef: { name: 'cbc-cbc-analytics-credentials', key: 'DBT_ENV_SECRET_PASSWORD' } } });
  });

  it("has the build's image, security contexts and volumes, its own ServiceAccount and resources", () => {
    const [f, b] = [pod(full), pod(build)];
    expect(f.containers[0].image).toBe(b.containers[0].image);
    expect(f.securityContext).toEqual(b.securityContext);
    expect(f.containers[0].securityContext).toEqual(b.containers[0].securityContext);
    expect(f.volumes).toEqual(b.volumes);
    expect(f.serviceAccountName).toBe('cbc-cbc-analytics-dbt-full-test');
    expect(byKind(objects, 'ServiceAccount').map((s) => s.metadata.name)).toContain(f.serviceAccountName);
    expect(f.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } });
  });

  it('forbids concurrent runs, in the time zone of the other CronJobs', () => {
    expect(full.spec.concurrencyPolicy).toBe('Forbid');
    expect(full.spec.timeZone).toBe(build.spec.timeZone);
  });

  it('may reach Postgres (the jobs NetworkPolicy selects it)', () => {
    const jobs = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name.endsWith('-jobs')) as K8sObject;
    const selected = jobs.spec.podSelector.matchExpressions.find((e: { key: string }) => e.key === 'app.kubernetes.io/component').values;
    expect(selected).toContain('dbt-full-test');
  });

  it('takes its schedule, wait and suspension from values', () => {
    const set = render(undefined, ['--set', 'dbtFullTest.schedule=0 2 * * *', '--set', 'dbtFullTest.lockWaitSeconds=60', '--set', 'dbtFullTest.suspend=true']);
    const cj = cronJob(set, 'dbt-full-test') as K8sObject;
    expect(full.spec.schedule).toBe('30 3 * * *');
    expect(cj.spec.schedule).toBe('0 2 * * *');
    expect(cj.spec.suspend).toBe(true);
    expect(envOf(cj)).toContainEqual({ name: 'DBT_LOCK_WAIT_SECONDS', value: '60' });
    expect(renderError(undefined, ['--set', 'dbtFullTest.schedule=nightly'])).toMatch(/schedule/);
    expect(renderError(undefined, ['--set', 'dbtFullTest.retries=2'])).toMatch(/retries/);
  });

  it('is not rendered when disabled, nor without the build', () => {
    for (const off of ['dbtFullTest.enabled=false', 'dbt.enabled=false']) {
      const set = render(undefined, ['--set', off]);
      expect(cronJob(set, 'dbt-full-test'), off).toBeUndefined();
      expect(byKind(set, 'ServiceAccount').map((s) => s.metadata.name), off).not.toContain('cbc-cbc-analytics-dbt-full-test');
    }
  });

  it('counts its lock connection in the connection budget', () => {
    // Five threads fit with one lock connection (the build's) but not with the full test's too.
    expect(renderError(undefined, ['--set', 'dbt.threads=5'])).toMatch(/connection budget exceeded: .* jobs 11, reserve 10: 201 > /);
    expect(render(undefined, ['--set', 'dbt.threads=5', '--set', 'dbtFullTest.enabled=false']).length).toBeGreaterThan(0);
  });
});
