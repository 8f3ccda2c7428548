import { parseFlags } from '../args';
import type { Command, CommandIO } from '../command';
import { clusterStatus, loadClusterConfig, parseRunTarget, runNow, type ClusterStatus, type ClusterTarget, type Section } from '../k8s/index';

const USAGE = '<subcommand> [options]';
const DETAILS = `subcommands:
  status [--json]                      the release's CronJobs (last runs, failures), the ingest
                                       Deployment and its HPA (metrics, recent scaling)
  run dbt-build                        start the dbt build now (a Job from its CronJob)
  run dbt-full-test                    start the nightly full dbt test pass now
  run prune --class browsing|service|consent
                                       start one class's retention pruning now

options (every subcommand):
  --namespace <ns>     default: K8S_NAMESPACE, else the service account's or the kubeconfig context's
  --selector <labels>  the release's labels; default: K8S_RELEASE_SELECTOR, else app.kubernetes.io/name=cbc-analytics

Needs the verbs of the chart's admin Role (list, and create jobs for run).
`;
const HELP = `usage: npm run -s cli -- k8s ${USAGE}\n\n${DETAILS}`;

function target(flags: Record<string, string | boolean | undefined>, io: CommandIO): ClusterTarget | undefined {
  const env = { ...io.env };
  if (typeof flags.namespace === 'string') env.K8S_NAMESPACE = flags.namespace;
  if (typeof flags.selector === 'string') env.K8S_RELEASE_SELECTOR = flags.selector;
  const config = loadClusterConfig(env);
  if (!config.inCluster) {
    io.stderr.write(`k8s: ${config.reason}\n`);
    return undefined;
  }
  return config.target;
}

function sectionText<T>(title: string, s: Section<T>, body: (v: T) => string[]): string[] {
  if (s.state !== 'ok') return [`${title}: ${s.state === 'forbidden' ? 'not allowed' : 'unavailable'}: ${s.message}`];
  return [title, ...body(s.value).map((l) => `  ${l}`)];
}

export function statusText(s: ClusterStatus): string {
  const lines = [`namespace ${s.namespace}, selector ${s.selector} (${s.source})`, ''];
  lines.push(
    ...sectionText('CronJobs', s.cronJobs, (cjs) =>
      cjs.length === 0
        ? ['none match the selector']
        : cjs.flatMap((c) => [
            `${c.name}  "${c.schedule}"${c.suspended ? '  SUSPENDED' : ''}  last scheduled ${c.lastScheduleTime ?? 'never'}, last success ${c.lastSuccessfulTime ?? 'never'}`,
            ...c.activeJobs.map((j) => `  active: ${j}`),
            ...c.failedJobs.flatMap((f) => [`  failed: ${f.name} ${f.reason ?? ''} ${f.finishedAt ?? ''}`.trimEnd(), ...f.terminations.map((t) => `    ${t}`)]),
          ]),
    ),
  );
  lines.push(...sectionText('Ingest Deployment', s.deployment, (d) => (d ? [`${d.name}: ${d.ready}/${d.desired} ready, ${d.updated} updated, ${d.available} available`] : ['not found'])));
  lines.push(
    ...sectionText('Ingest HPA', s.hpa, (h) =>
      h
        ? [
            `${h.name}: ${h.currentReplicas} → ${h.desiredReplicas} replicas (${h.minReplicas}–${h.maxReplicas})`,
            ...h.metrics.map((m) => `${m.name}: ${m.current ?? 'unknown'} / target ${m.target}`),
            ...h.events.map((e) => `${e.at ?? ''} ${e.reason}: ${e.message}`),
          ]
        : ['not found'],
    ),
  );
  return `${lines.join('\n')}\n`;
}

const failed = (s: Section<unknown>) => s.state !== 'ok';

/** `k8s status | run dbt-build | run dbt-full-test | run prune --class <c>`: the Operations page's cluster view and buttons, from a terminal. */
export const k8sCommand: Command = {
  summary: 'Cluster view and run-now of the CronJobs (status, run dbt-build|dbt-full-test, run prune --class)',
  usage: USAGE,
  help: DETAILS,
  env: {
    KUBERNETES_SERVICE_HOST: 'set in a pod: the API server is reached with the pod’s service account',
    KUBECONFIG: 'otherwise: the kubeconfig file (the first of a list) naming the API server',
    K8S_NAMESPACE: 'optional, the release’s namespace',
    K8S_RELEASE_SELECTOR: 'optional, the release’s labels',
  },
  async run(args, io) {
    const [sub, ...rest] = args;
    if (!sub || sub === '--help' || sub === 'help') {
      io.stdout.write(HELP);
      return sub ? 0 : 2;
    }
    if (sub === 'status') {
      const flags = parseFlags(rest, { json: 'boolean', namespace: 'string', selector: 'string' });
      const t = target(flags, io);
      if (!t) return 1;
      const s = await clusterStatus(t);
      io.stdout.write(flags.json ? `${JSON.stringify(s, null, 2)}\n` : statusText(s));
      return [s.cronJobs, s.deployment, s.hpa].some(failed) ? 1 : 0;
    }
    if (sub === 'run') {
      const [job, ...more] = rest;
      const flags = parseFlags(more, { class: 'string', namespace: 'string', selector: 'string' });
      const run = parseRunTarget(job, typeof flags.class === 'string' ? flags.class : undefined);
      const t = target(flags, io);
      if (!t) return 1;
      const r = await runNow(t, run);
      if (r.state === 'created') {
        io.stdout.write(`created Job ${r.job} from CronJob ${r.cronJob} in namespace ${t.namespace}\n`);
        return 0;
      }
      io.stderr.write(`k8s run: ${r.state === 'forbidden' ? 'not allowed: ' : ''}${r.message}\n`);
      return 1;
    }
    io.stderr.write(`unknown k8s subcommand "${sub}"\n\n${HELP}`);
    return 2;
  },
};
