// Every alert is actionable (severity, summary, description, a runbook that exists) and tested
// both ways in promtool; every runbook belongs to an alert. promtool itself runs in promtool.sh.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadRuleFiles,
  loadUnitTestFiles,
  RUNBOOK_URL_PREFIX,
  RUNBOOKS_DIR,
  runbookNames,
  rulesOf,
} from './monitoring.js';

const ruleFiles = loadRuleFiles();
const alerts = rulesOf(ruleFiles).filter((r) => r.alert !== undefined);
const alertNames = alerts.map((a) => a.alert ?? '');
const unitTestFiles = loadUnitTestFiles();

/** Alert rule test cases with the rule files they were evaluated against. */
const cases = unitTestFiles.flatMap((f) => {
  const ruleFilesUnderTest = f.rule_files.map((p) => resolve(dirname(f.path), p));
  return f.tests.flatMap((t) =>
    (t.alert_rule_test ?? []).map((c) => ({
      ...c,
      firing: (c.exp_alerts ?? []).length > 0,
      ruleFilesUnderTest,
      where: `${f.path} › ${t.name ?? '(unnamed)'} @ ${c.eval_time}`,
    })),
  );
});

describe('alert rules', () => {
  it('exist, with unique names', () => {
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alertNames).size).toBe(alertNames.length);
  });

  describe.each(alerts.map((a) => [a.alert, a] as const))('%s', (name, alert) => {
    it('has a page or ticket severity', () => {
      expect(['page', 'ticket']).toContain(alert.labels?.severity);
    });

    it('has a summary and a description', () => {
      expect(alert.annotations?.summary?.trim()).toBeTruthy();
      expect(alert.annotations?.description?.trim()).toBeTruthy();
    });

    it('links a runbook that exists', () => {
      expect(alert.annotations?.runbook_url).toBe(`${RUNBOOK_URL_PREFIX}${name}.md`);
      expect(existsSync(join(RUNBOOKS_DIR, `${name}.md`))).toBe(true);
    });

    it('has a firing and a non-firing promtool case against its own rule file', () => {
      const own = cases.filter((c) => c.alertname === name && c.ruleFilesUnderTest.includes(alert.file));
      expect(own.filter((c) => c.firing).map((c) => c.where), 'firing cases').not.toHaveLength(0);
      expect(own.filter((c) => !c.firing).map((c) => c.where), 'non-firing cases').not.toHaveLength(0);
    });
  });
});

describe('promtool unit tests', () => {
  it('only test alerts that exist', () => {
    const unknown = cases.filter((c) => !alertNames.includes(c.alertname)).map((c) => `${c.alertname} (${c.where})`);
    expect(unknown).toEqual([]);
  });

  it('load rule files that exist', () => {
    const missing = unitTestFiles.flatMap((f) =>
      f.rule_files.map((p) => resolve(dirname(f.path), p)).filter((p) => !existsSync(p)),
    );
    expect(missing).toEqual([]);
  });
});

describe('runbooks', () => {
  it('each belongs to an alert', () => {
    expect(runbookNames().filter((n) => !alertNames.includes(n))).toEqual([]);
  });

  it.each(runbookNames())('%s has a title and the four sections', (name) => {
    const text = readFileSync(join(RUNBOOKS_DIR, `${name}.md`), 'utf8');
    expect(text.startsWith(`# ${name}\n`)).toBe(true);
    for (const section of ['Meaning', 'Impact', 'Diagnosis', 'Mitigation']) {
      expect(text, `section ${section}`).toMatch(new RegExp(`^## ${section}$`, 'm'));
    }
  });
});
