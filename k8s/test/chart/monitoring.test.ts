// The chart consumes k8s/monitoring/ through copies in charts/cbc-analytics/files/monitoring/
// (Helm packages only files inside the chart). The copies must match, and what the chart renders
// from them must be the rules and dashboards as written.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MONITORING_DIR } from '../monitoring.js';
import { byKind, CHART_DIR, type K8sObject, render } from './helm.js';

const COPY_DIR = join(CHART_DIR, 'files/monitoring');
const STALE = 'is stale: run `make k8s-render` (scripts/render-k8s.sh) to copy k8s/monitoring into the chart';

const files = (dir: string, ext: string) => readdirSync(dir).filter((f) => f.endsWith(ext)).sort();

describe.each([
  ['rules', '.yaml'],
  ['dashboards', '.json'],
])('files/monitoring/%s', (dir, ext) => {
  it(`holds the same files as k8s/monitoring/${dir}`, () => {
    expect(files(join(COPY_DIR, dir), ext), `the chart's copy ${STALE}`).toEqual(files(join(MONITORING_DIR, dir), ext));
  });

  it.each(files(join(MONITORING_DIR, dir), ext))('%s is an exact copy', (name) => {
    const copy = readFileSync(join(COPY_DIR, dir, name), 'utf8');
    expect(copy === readFileSync(join(MONITORING_DIR, dir, name), 'utf8'), `files/monitoring/${dir}/${name} ${STALE}`).toBe(true);
  });
});

describe('rendered monitoring objects', () => {
  const objects = render();

  it('turn each rule file into a PrometheusRule with its groups, unchanged', () => {
    const rules = byKind(objects, 'PrometheusRule');
    const ruleFiles = files(join(MONITORING_DIR, 'rules'), '.yaml');
    expect(rules).toHaveLength(ruleFiles.length);
    for (const name of ruleFiles) {
      const source = parse(readFileSync(join(MONITORING_DIR, 'rules', name), 'utf8')) as { groups: unknown };
      const rule = rules.find((r) => r.metadata.name.endsWith(`-${name.replace(/\.yaml$/, '')}`)) as K8sObject;
      expect(rule.spec.groups, name).toEqual(source.groups);
    }
  });

  it('label rules and ServiceMonitors with what kube-prometheus-stack selects on', () => {
    const selected = objects.filter((o) => o.kind === 'PrometheusRule' || o.kind === 'ServiceMonitor');
    expect(selected.length).toBeGreaterThan(0);
    for (const o of selected) expect(o.metadata.labels?.release, `${o.kind}/${o.metadata.name}`).toBe('kube-prometheus-stack');
  });

  it('scrape ingest and admin Services whose names match the rules (".*ingest.*", ".*admin.*")', () => {
    const monitors = byKind(objects, 'ServiceMonitor');
    const services = byKind(objects, 'Service');
    for (const [name, port] of [
      ['ingest', 'metrics'],
      ['admin', 'http'],
    ] as const) {
      const sm = monitors.find((m) => m.metadata.labels?.['app.kubernetes.io/component'] === name) as K8sObject;
      const svc = services.find((s) =>
        Object.entries(sm.spec.selector.matchLabels as Record<string, string>).every(([k, v]) => s.metadata.labels?.[k] === v),
      ) as K8sObject;
      expect(svc.metadata.name).toMatch(new RegExp(name)); // the scrape job label is the Service name
      expect(svc.spec.ports.map((p: { name: string }) => p.name)).toContain(port);
      expect(sm.spec.endpoints[0].port).toBe(port);
    }
  });

  it('ship each dashboard in a ConfigMap labelled grafana_dashboard: "1", unchanged', () => {
    const maps = byKind(objects, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard === '1');
    const dashboards = files(join(MONITORING_DIR, 'dashboards'), '.json');
    expect(maps).toHaveLength(dashboards.length);
    for (const name of dashboards) {
      const map = maps.find((m) => m.data[name] !== undefined) as K8sObject;
      expect(JSON.parse(map.data[name] as string), name).toEqual(JSON.parse(readFileSync(join(MONITORING_DIR, 'dashboards', name), 'utf8')));
    }
  });
});
