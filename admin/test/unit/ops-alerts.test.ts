import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERTS, JOB_ALERTS, OPERATIONS_DOC, alertStates, runbookUrl, type AlertName } from '@/lib/ops/alerts';
import { jobFailure } from '@/lib/shape/job-failure';
import type { JobRun } from '@cbc/contract';

const ROOT = join(__dirname, '..', '..', '..');
const rules = readdirSync(join(ROOT, 'k8s/monitoring/rules'))
  .map((f) => readFileSync(join(ROOT, 'k8s/monitoring/rules', f), 'utf8'))
  .join('\n');
const doc = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
const names = Object.keys(ALERTS) as AlertName[];

describe('the alerts the Operations page names', () => {
  it('are alerts of k8s/monitoring/rules, with the severity the rule gives', () => {
    for (const name of names) {
      const rule = new RegExp(`- alert: ${name}\\n[\\s\\S]*?severity: (\\w+)`).exec(rules);
      expect(rule, name).not.toBeNull();
      expect(rule![1], name).toBe(ALERTS[name].severity);
    }
    for (const job of Object.values(JOB_ALERTS)) for (const n of job) expect(names).toContain(n);
  });

  it('each link a heading of docs/operations.md in the repository the rules point to', () => {
    const headings = new Set([...doc.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    for (const name of names) {
      const anchor = runbookUrl(name).split('#')[1]!;
      expect(headings, name).toContain(anchor);
    }
    const repo = /runbook_url: (https:\/\/\S+?)\/k8s\/monitoring\/runbooks\//.exec(rules)?.[1];
    expect(OPERATIONS_DOC).toBe(`${repo}/docs/operations.md`);
  });
});

describe('alertStates (Prometheus GET /api/v1/alerts)', () => {
  const answer = (alerts: unknown[]) => ({ status: 'success', data: { alerts } });
  it('firing beats pending, an unlisted alert is ok, other namespaces and alerts are ignored', () => {
    const s = alertStates(
      answer([
        { labels: { alertname: 'JobFailed', namespace: 'cbc' }, state: 'pending' },
        { labels: { alertname: 'JobFailed', namespace: 'cbc' }, state: 'firing' },
        { labels: { alertname: 'DbtBuildStale', namespace: 'cbc' }, state: 'pending' },
        { labels: { alertname: 'BackupStale', namespace: 'other' }, state: 'firing' },
        { labels: { alertname: 'SomethingElse', namespace: 'cbc' }, state: 'firing' },
      ]),
      'cbc',
    );
    expect(s).toMatchObject({ JobFailed: 'firing', DbtBuildStale: 'pending', BackupStale: 'ok', PiiQuarantined: 'ok' });
  });
  it('is null (state unknown) for an answer that is not a success', () => {
    expect(alertStates({ status: 'error' }, null)).toBeNull();
    expect(alertStates(null, null)).toBeNull();
    expect(alertStates({ status: 'success', data: {} }, null)).toBeNull();
  });
});

describe('jobFailure', () => {
  const run = (status: string, details: Record<string, unknown> | null): JobRun => ({ run_id: 'r', started_at: '2026-12-01T00:00:00Z', finished_at: null, duration_s: null, status, details });
  it('names the failing dbt tests and what was skipped because of them', () => {
    const f = jobFailure(run('failure', { failed_checks: ['not_null_fct_chat_sessions_session_id'], failed_or_skipped: ['not_null_fct_chat_sessions_session_id', 'fct_daily'] }));
    expect(f).toEqual({ reason: '1 dbt model or test failed.', failing: ['not_null_fct_chat_sessions_session_id'], skipped: ['fct_daily'] });
  });
  it('prefers a recorded error message, and says when a run was abandoned or left no reason', () => {
    expect(jobFailure(run('failure', { error: 'connection refused' }))?.reason).toBe('connection refused');
    expect(jobFailure(run('failure', { abandoned: true }))?.reason).toMatch(/never finished/);
    expect(jobFailure(run('failure', null))?.reason).toMatch(/without recording a reason/);
  });
  it('is null for runs that did not fail', () => {
    expect(jobFailure(run('success', { failed_checks: ['x'] }))).toBeNull();
    expect(jobFailure(run('running', null))).toBeNull();
    expect(jobFailure(undefined)).toBeNull();
  });
});
