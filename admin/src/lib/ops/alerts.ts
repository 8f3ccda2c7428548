/**
 * The Prometheus alerts behind the Operations page's conditions (k8s/monitoring/rules), each with
 * its runbook section in docs/operations.md. test/unit/ops-alerts.test.ts holds this list, the
 * rules and the doc's headings together, so a renamed alert or section fails a test.
 */
export const ALERTS = {
  DbtBuildStale: { severity: 'ticket', when: 'dbt build has not succeeded for over 3 hours' },
  DbtFullTestFailed: { severity: 'ticket', when: 'the nightly full dbt test pass failed or has not succeeded for over 26 hours' },
  RetentionPruneStale: { severity: 'ticket', when: 'retention pruning has not succeeded for over 2 days' },
  BackupStale: { severity: 'ticket', when: 'no successful backup for over 26 hours' },
  JobFailed: { severity: 'ticket', when: 'a Kubernetes Job of the release failed and stopped retrying' },
  DataFreshnessStale: { severity: 'ticket', when: 'no new events stored for over 2 hours' },
  PiiQuarantined: { severity: 'ticket', when: 'mart rows holding PII wait in the quarantine' },
} as const satisfies Record<string, { severity: 'page' | 'ticket'; when: string }>;
export type AlertName = keyof typeof ALERTS;

/** Which alerts a failed or late run of each job leads to. */
export const JOB_ALERTS: Record<string, readonly AlertName[]> = {
  dbt_build: ['DbtBuildStale', 'JobFailed'],
  dbt_full_test: ['DbtFullTestFailed', 'JobFailed'],
  prune_retention: ['RetentionPruneStale', 'JobFailed'],
  backup: ['BackupStale', 'JobFailed'],
  ledger_replay: ['JobFailed'],
  restore: ['JobFailed'],
};

/** The same repository the rules' runbook_url annotations point to. */
export const OPERATIONS_DOC = 'https://github.com/coral-beach-club/cbc-analytics/blob/main/docs/operations.md';

/** The alert's section of docs/operations.md (a heading named after the alert). */
export const runbookUrl = (name: AlertName) => `${OPERATIONS_DOC}#${name.toLowerCase()}`;

export type AlertState = 'firing' | 'pending' | 'ok';

/**
 * The state of each listed alert from Prometheus' `GET /api/v1/alerts` answer: firing beats
 * pending; an alert Prometheus does not list is ok. Only the release's namespace counts when one
 * is given (another release's JobFailed is not this one's).
 */
export function alertStates(body: unknown, namespace: string | null): Record<AlertName, AlertState> | null {
  const alerts = (body as { status?: unknown; data?: { alerts?: unknown } } | null)?.data?.alerts;
  if ((body as { status?: unknown } | null)?.status !== 'success' || !Array.isArray(alerts)) return null;
  const states = Object.fromEntries(Object.keys(ALERTS).map((n) => [n, 'ok'])) as Record<AlertName, AlertState>;
  for (const a of alerts as { labels?: Record<string, string>; state?: string }[]) {
    const name = a.labels?.alertname;
    if (!name || !(name in ALERTS)) continue;
    if (namespace && a.labels?.namespace && a.labels.namespace !== namespace) continue;
    const key = name as AlertName;
    if (a.state === 'firing') states[key] = 'firing';
    else if (a.state === 'pending' && states[key] === 'ok') states[key] = 'pending';
  }
  return states;
}
