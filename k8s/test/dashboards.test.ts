// Dashboards are well-formed for Grafana's provisioning, every query parses as PromQL (checked
// by promtool, not by eye), and rules and dashboards only use metrics in known-metrics.txt.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  allPanels,
  loadDashboards,
  loadKnownMetrics,
  loadRuleFiles,
  rulesOf,
  runPromtool,
  variableExpr,
  type Dashboard,
} from './monitoring.js';
import { metricNames, substituteGrafanaVariables } from './promql.js';

const dashboards = loadDashboards();
const name = (d: Dashboard) => basename(d.path, '.json');

/** Every PromQL query on the dashboards, with Grafana variables substituted, and where it is. */
const queries = dashboards.flatMap((d) => [
  ...allPanels(d).flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `${name(d)}:panel_${p.id}_${t.refId ?? ''}`, expr: substituteGrafanaVariables(t.expr ?? '') })),
  ),
  ...(d.templating?.list ?? []).flatMap((v) => {
    const expr = variableExpr(v);
    return expr === undefined ? [] : [{ where: `${name(d)}:variable_${v.name}`, expr: substituteGrafanaVariables(expr) }];
  }),
]);

describe.each(dashboards.map((d) => [name(d), d] as const))('dashboard %s', (_name, d) => {
  const panels = allPanels(d);

  it('has a uid, a title and a current schema version', () => {
    expect(d.uid).toMatch(/^[\w-]{1,40}$/);
    expect(d.title).toBeTruthy();
    expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(d.schemaVersion).toBeLessThanOrEqual(41);
  });

  it('picks its Prometheus data source through ${datasource}', () => {
    const ds = d.templating?.list.find((v) => v.name === 'datasource');
    expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const p of panels.filter((p) => p.type !== 'row')) {
      expect(p.datasource, `panel ${p.id}`).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets ?? []) expect(t.datasource, `panel ${p.id} ${t.refId}`).toEqual(p.datasource);
    }
  });

  it('has unique panel ids', () => {
    const ids = panels.map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a query on every panel', () => {
    const empty = panels.filter((p) => p.type !== 'row' && !(p.targets ?? []).some((t) => t.expr?.trim())).map((p) => p.title);
    expect(empty).toEqual([]);
  });
});

describe('dashboard uids', () => {
  it('are unique', () => {
    const uids = dashboards.map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });
});

describe('PromQL on the dashboards', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cbc-dashboards-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // promtool has no "parse this expression" command, so each query becomes a recording rule
  // named after its panel; `check rules` parses them all and names the one that fails.
  it('parses with promtool', () => {
    const file = join(dir, 'dashboard-queries.yaml');
    const rules = queries.map((q) => ({ record: q.where.replace(/[^\w:]/g, '_'), expr: q.expr }));
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
    const { status, output } = runPromtool(['check', 'rules', file]);
    expect(status, output).toBe(0);
    expect(output).toContain(`SUCCESS: ${rules.length} rules found`);
  });
});

describe('metric catalogue (known-metrics.txt)', () => {
  const known = loadKnownMetrics();
  const rules = rulesOf(loadRuleFiles());
  const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
  const uses = [
    ...rules.map((r) => ({ where: `${basename(r.file)}:${r.alert ?? r.record ?? ''}`, expr: r.expr })),
    ...queries,
  ].flatMap((q) => metricNames(q.expr).map((metric) => ({ metric, where: q.where })));

  it('lists every metric the rules and dashboards use', () => {
    const listed = new Set([...known.values()].flat());
    const unknown = uses.filter((u) => !listed.has(u.metric) && !recorded.has(u.metric)).map((u) => `${u.metric} (${u.where})`);
    expect(unknown).toEqual([]);
  });

  it('lists each metric once', () => {
    const all = [...known.values()].flat();
    expect(all.filter((m, i) => all.indexOf(m) !== i)).toEqual([]);
  });

  // App sections list what the app exports; exporter sections list exactly what we use.
  it('lists no exporter metric that nothing uses', () => {
    const used = new Set(uses.map((u) => u.metric));
    const unused = [...known.entries()]
      .filter(([header]) => !header.startsWith('app:'))
      .flatMap(([header, metrics]) => metrics.filter((m) => !used.has(m)).map((m) => `${m} (${header})`));
    expect(unused).toEqual([]);
  });

  // Guards the checks above against passing vacuously on an unparsed file.
  it('is read, and uses are found', () => {
    expect(known.size).toBeGreaterThan(0);
    expect(uses.length).toBeGreaterThan(0);
  });
});
