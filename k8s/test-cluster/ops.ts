// The ops CLI's cluster commands (`k8s status`, `k8s run …`, services/jobs/src/k8s) against the
// real API server, as the admin's own ServiceAccount: a token from the TokenRequest API, so what
// is allowed and denied is decided by the chart's Role, not by the harness's admin certificate.
// Called by run.ts once a release is installed; the Jobs started here are owned by the release's
// CronJobs, so the uninstall step that follows also proves they are garbage-collected with them.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type K8sObject, kubectl, poll, run, step, TIMEOUT } from './harness';

const MANUAL_ANNOTATION = 'cronjob.kubernetes.io/instantiate';
/** A namespace the admin's Role does not reach (it exists in every cluster). */
const OTHER_NAMESPACE = 'default';

interface Cli {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run -s cli -- k8s …` with only the token's kubeconfig: no in-cluster variables, no admin certificate. */
function cli(root: string, kubeconfig: string, args: string[]): Cli {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KUBECONFIG: kubeconfig };
  const r = spawnSync('npx', ['tsx', 'services/jobs/src/cli.ts', 'k8s', ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 16 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const show = (r: Cli) => `exit ${r.status}\n${r.stdout}${r.stderr}`.trim();

/** A kubeconfig holding only a bearer token for `serviceAccount`, defaulting to `ns`. */
function tokenKubeconfig(ns: string, serviceAccount: string, file: string): void {
  const token = kubectl('-n', ns, 'create', 'token', serviceAccount, '--duration=30m').trim();
  const admin = JSON.parse(kubectl('config', 'view', '--raw', '--minify', '--flatten', '-o', 'json')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  };
  const cluster = admin.clusters[0]!.cluster;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'test', cluster: { server: cluster.server, 'certificate-authority-data': cluster['certificate-authority-data'] } }],
    users: [{ name: serviceAccount, user: { token } }],
    contexts: [{ name: 'sa', context: { cluster: 'test', user: serviceAccount, namespace: ns } }],
    'current-context': 'sa',
  };
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
}

/** Runs kubectl as the token; the call must be refused by RBAC (403), not fail for another reason. */
function denied(kubeconfig: string, what: string, args: string[]): string {
  let out: string;
  try {
    out = run('kubectl', ['--kubeconfig', kubeconfig, ...args]);
  } catch (error) {
    const message = (error as Error).message;
    if (!/forbidden/i.test(message)) throw new Error(`${what}: refused, but not by RBAC: ${message}`);
    return what;
  }
  throw new Error(`${what}: allowed (${out.trim()}), the Role should deny it`);
}

type Job = { metadata: { name: string; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[] } };
type StatusJson = {
  cronJobs: { state: string; value?: { name: string; schedule: string; activeJobs: string[]; failedJobs: { name: string; reason?: string }[] }[] };
  deployment: { state: string; value?: { name: string; desired: number; ready: number } | null };
  hpa: { state: string; value?: { name: string; minReplicas: number; maxReplicas: number; metrics: { name: string; target: string }[] } | null };
};

/**
 * `k8s run …` as the token for each target, then each Job through the API: made from its
 * CronJob as `kubectl create job --from` makes it, and Complete (waited for together).
 */
function runNowStep(subject: string, root: string, ns: string, kubeconfig: string, selector: string, targets: { component: string; args: string[] }[], cronJobs: K8sObject[]): boolean {
  return step(subject, `k8s ${targets.map((t) => t.args.join(' ')).join(' + ')} → Jobs Complete`, () => {
    const jobs = targets.map(({ component, args }) => {
      const r = cli(root, kubeconfig, [...args, '--selector', selector]);
      const m = /^created Job (\S+) from CronJob (\S+) in namespace (\S+)$/m.exec(r.stdout);
      if (r.status !== 0 || !m) throw new Error(`k8s ${args.join(' ')}: ${show(r)}`);
      const [, jobName, cronJobName, where] = m;
      const cj = cronJobs.find((c) => c.metadata.name === cronJobName && c.metadata.labels?.['app.kubernetes.io/component'] === component);
      if (!cj || where !== ns) throw new Error(`expected the ${component} CronJob in ${ns}, got ${cronJobName} in ${where}`);
      const job = JSON.parse(kubectl('-n', ns, 'get', 'job', jobName!, '-o', 'json')) as Job;
      const owner = job.metadata.ownerReferences?.[0];
      if (owner?.kind !== 'CronJob' || owner.uid !== cj.metadata.uid || owner.controller !== true) {
        throw new Error(`Job ${jobName} is not controlled by CronJob ${cronJobName}: ${JSON.stringify(job.metadata.ownerReferences)}`);
      }
      if (job.metadata.annotations?.[MANUAL_ANNOTATION] !== 'manual') throw new Error(`Job ${jobName} lacks ${MANUAL_ANNOTATION}: manual`);
      return jobName!;
    });
    kubectl('-n', ns, 'wait', '--for=condition=Complete', ...jobs.map((j) => `job/${j}`), `--timeout=${TIMEOUT}`);
    return `${jobs.join(', ')}: each controlled by its CronJob, ${MANUAL_ANNOTATION}=manual, Complete`;
  });
}

/**
 * The checks. `release` is the chart's object prefix; `objects` the release manifest (the
 * CronJobs' schedules and the HPA's bounds the status must report).
 */
export function opsFlow(subject: string, root: string, ns: string, release: string, selector: string, objects: K8sObject[], tmp: string): void {
  const kubeconfig = join(tmp, `${ns}-admin-token.json`);
  const serviceAccount = `${release}-admin`;
  const cronJobs = () => (JSON.parse(kubectl('-n', ns, 'get', 'cronjob', '-o', 'json')) as { items: K8sObject[] }).items;
  const status = (): StatusJson => {
    const r = cli(root, kubeconfig, ['status', '--json', '--selector', selector]);
    if (r.status !== 0) throw new Error(`k8s status: ${show(r)}`);
    return JSON.parse(r.stdout) as StatusJson;
  };
  try {
    void (
      step(subject, `token for ServiceAccount ${serviceAccount} (TokenRequest)`, () => {
        tokenKubeconfig(ns, serviceAccount, kubeconfig);
        const who = run('kubectl', ['--kubeconfig', kubeconfig, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']).trim();
        if (who !== `system:serviceaccount:${ns}:${serviceAccount}`) throw new Error(`the token authenticates as ${who}`);
        return who;
      }) &&
      step(subject, 'k8s status as the admin ServiceAccount', () => {
        const s = status();
        const expected = objects.filter((o) => o.kind === 'CronJob');
        const got = s.cronJobs.value ?? [];
        if (s.cronJobs.state !== 'ok') throw new Error(`cronJobs: ${JSON.stringify(s.cronJobs)}`);
        for (const cj of expected) {
          const view = got.find((v) => v.name === cj.metadata.name);
          const schedule = (cj.spec as { schedule: string }).schedule;
          if (view?.schedule !== schedule) throw new Error(`CronJob ${cj.metadata.name}: expected schedule ${schedule}, status says ${JSON.stringify(view)}`);
        }
        if (got.length !== expected.length) throw new Error(`status lists ${got.map((v) => v.name).join(', ')}; the release has ${expected.map((c) => c.metadata.name).join(', ')}`);
        const d = s.deployment.value;
        if (s.deployment.state !== 'ok' || !d || !d.name.endsWith('-ingest') || d.desired < 2 || d.ready !== d.desired) throw new Error(`deployment: ${JSON.stringify(s.deployment)}`);
        const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
        const h = s.hpa.value;
        const spec = hpa?.spec as { minReplicas: number; maxReplicas: number } | undefined;
        if (s.hpa.state !== 'ok' || !h || !spec || h.minReplicas !== spec.minReplicas || h.maxReplicas !== spec.maxReplicas || !h.metrics.some((m) => m.name === 'cpu')) {
          throw new Error(`hpa: ${JSON.stringify(s.hpa)}`);
        }
        return `${got.length} CronJobs with their schedules, ${d.name} ${d.ready}/${d.desired} ready, HPA ${h.minReplicas}–${h.maxReplicas} on ${h.metrics.map((m) => m.name).join('+')}`;
      }) &&
      runNowStep(subject, root, ns, kubeconfig, selector, [
        { component: 'dbt-build', args: ['run', 'dbt-build'] },
        { component: 'prune-browsing', args: ['run', 'prune', '--class', 'browsing'] },
      ], cronJobs()) &&
      step(subject, 'k8s status reports a failed run and why', () => {
        // A run that cannot be scheduled (no node has the label) and gives up after 1 s: the
        // Job controller marks it DeadlineExceeded, as a run that hung would be.
        const cj = cronJobs().find((c) => c.metadata.labels?.['app.kubernetes.io/component'] === 'prune-service');
        if (!cj) throw new Error('no prune-service CronJob');
        const template = (cj.spec as { jobTemplate: { metadata?: { labels?: Record<string, string> }; spec: { template: { spec: Record<string, unknown> } } } }).jobTemplate;
        const job = {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: {
            generateName: `${cj.metadata.name}-stuck-`,
            labels: template.metadata?.labels,
            ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true }],
          },
          spec: { ...template.spec, activeDeadlineSeconds: 1, backoffLimit: 0, template: { ...template.spec.template, spec: { ...template.spec.template.spec, nodeSelector: { 'cbc.test/no-such-node': 'true' } } } },
        };
        const name = run('kubectl', ['-n', ns, 'create', '-f', '-', '-o', 'jsonpath={.metadata.name}'], JSON.stringify(job)).trim();
        kubectl('-n', ns, 'wait', '--for=condition=Failed', `job/${name}`, `--timeout=${TIMEOUT}`);
        const failed = poll('the failed run in k8s status', 60, () => {
          const view = (status().cronJobs.value ?? []).find((v) => v.name === cj.metadata.name);
          const f = view?.failedJobs.find((j) => j.name === name);
          return f ? `${f.name}: ${f.reason}` : undefined;
        });
        if (!failed.endsWith('DeadlineExceeded')) throw new Error(`expected DeadlineExceeded, got ${failed}`);
        return failed;
      }) &&
      step(subject, 'RBAC: the admin ServiceAccount is denied the rest', () => {
        const refused = [
          denied(kubeconfig, 'delete a Deployment', ['-n', ns, 'delete', 'deployment', `${release}-ingest`, '--dry-run=server']),
          denied(kubeconfig, `create a Job in ${OTHER_NAMESPACE}`, ['-n', OTHER_NAMESPACE, 'create', 'job', 'cbc-escape', '--image=registry.k8s.io/pause:3.10', '--dry-run=server']),
          denied(kubeconfig, 'read Secrets', ['-n', ns, 'get', 'secrets']),
          denied(kubeconfig, 'patch a CronJob', ['-n', ns, 'patch', 'cronjob', cronJobs()[0]!.metadata.name, '--type=merge', '-p', '{"spec":{"suspend":true}}', '--dry-run=server']),
        ];
        // Through the module: a 403 becomes a sentence and exit 1, not a crash.
        const runElsewhere = cli(root, kubeconfig, ['run', 'dbt-build', '--namespace', OTHER_NAMESPACE]);
        if (runElsewhere.status !== 1 || !/^k8s run: not allowed: not allowed to list cronjobs in namespace default/m.test(runElsewhere.stderr) || /\n\s+at /.test(runElsewhere.stderr)) {
          throw new Error(`k8s run in ${OTHER_NAMESPACE}: ${show(runElsewhere)}`);
        }
        const statusElsewhere = cli(root, kubeconfig, ['status', '--json', '--namespace', OTHER_NAMESPACE]);
        const s = statusElsewhere.status === 1 ? (JSON.parse(statusElsewhere.stdout) as StatusJson) : undefined;
        if (!s || [s.cronJobs, s.deployment, s.hpa].some((x) => x.state !== 'forbidden')) throw new Error(`k8s status in ${OTHER_NAMESPACE}: ${show(statusElsewhere)}`);
        return `${refused.join(', ')}: Forbidden; k8s run/status in ${OTHER_NAMESPACE}: "not allowed", exit 1`;
      })
    );
  } finally {
    rmSync(kubeconfig, { force: true });
  }
}
