// The hardening and operability invariants (non-root, read-only root, probes, requests, …),
// asserted on what the chart renders for every values file under ci/.
import { describe, expect, it } from 'vitest';
import { byKind, CI_VALUES, component, containersOf, type K8sObject, podTemplates, render } from './helm.js';

function matches(selector: { matchLabels?: Record<string, string> }, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

describe.each(CI_VALUES)('invariants with ci/%s', (file) => {
  const objects = render(file);
  const pods = podTemplates(objects);
  const containers = pods.flatMap(containersOf);

  it('renders workloads to check', () => {
    expect(pods.length).toBeGreaterThan(3);
  });

  describe.each(containers.map((c) => [c.where, c] as const))('%s', (_where, { container }) => {
    it('requests cpu and memory and limits memory', () => {
      expect(container.resources?.requests?.cpu).toBeTruthy();
      expect(container.resources?.requests?.memory).toBeTruthy();
      expect(container.resources?.limits?.memory).toBeTruthy();
    });

    it('runs non-root, read-only, without privilege escalation or capabilities', () => {
      const sc = container.securityContext ?? {};
      expect(sc.runAsNonRoot).toBe(true);
      expect(sc.runAsUser).toBeGreaterThan(0);
      expect(sc.readOnlyRootFilesystem).toBe(true);
      expect(sc.allowPrivilegeEscalation).toBe(false);
      expect(sc.capabilities?.drop).toEqual(['ALL']);
      expect(sc.capabilities?.add).toBeUndefined();
      expect(sc.privileged).not.toBe(true);
      expect(sc.seccompProfile?.type).toBe('RuntimeDefault');
    });

    it('has a writable /tmp (the root filesystem is read-only)', () => {
      expect(container.volumeMounts?.map((m: { mountPath: string }) => m.mountPath)).toContain('/tmp');
    });

    it('reads secrets key by key, never a whole Secret', () => {
      expect((container.envFrom ?? []).filter((e: { secretRef?: unknown }) => e.secretRef)).toEqual([]);
    });
  });

  describe.each(pods.map((p) => [p.owner, p] as const))('pod of %s', (_owner, pod) => {
    it('has seccomp RuntimeDefault and runs as non-root at pod level', () => {
      expect(pod.spec.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.spec.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
    });

    it('has its own ServiceAccount, with no API token mounted (but the admin\'s, for cluster operations)', () => {
      // Only the admin's Operations page talks to the Kubernetes API (admin.clusterOperations),
      // and its token comes with a RoleBinding; no other pod has either.
      const bound = byKind(objects, 'RoleBinding').some((b) =>
        (b as unknown as { subjects: { name: string }[] }).subjects.some((s) => s.name === pod.spec.serviceAccountName),
      );
      const token = bound && pod.owner.endsWith('-admin');
      expect(bound, 'a RoleBinding for a pod other than the admin').toBe(token);
      expect(pod.spec.automountServiceAccountToken).toBe(token);
      const sa = byKind(objects, 'ServiceAccount').find((s) => s.metadata.name === pod.spec.serviceAccountName);
      expect(sa, `ServiceAccount ${pod.spec.serviceAccountName}`).toBeDefined();
      expect((sa as unknown as { automountServiceAccountToken: boolean }).automountServiceAccountToken).toBe(token);
      const sharing = pods.filter((p) => p.spec.serviceAccountName === pod.spec.serviceAccountName);
      expect(sharing.map((p) => p.owner)).toEqual([pod.owner]);
    });

    it('backs every volume mount with a volume', () => {
      const volumes = new Set((pod.spec.volumes ?? []).map((v: { name: string }) => v.name));
      for (const { container, where } of containersOf(pod)) {
        for (const m of container.volumeMounts ?? []) expect(volumes.has(m.name), `${where} mounts ${m.name}`).toBe(true);
      }
    });

    if (pod.longRunning) {
      it('probes readiness and liveness on every container', () => {
        for (const c of pod.spec.containers) {
          expect(c.readinessProbe, c.name).toBeDefined();
          expect(c.livenessProbe, c.name).toBeDefined();
        }
      });
    }

    if (!pod.owner.startsWith('Job/')) {
      it('carries checksum annotations, so config and secret changes roll it', () => {
        expect(pod.metadata.annotations?.['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
        expect(pod.metadata.annotations?.['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
      });
    }
  });

  it('gives the migrator URL to the migrations Job alone', () => {
    const holders = pods.filter((p) =>
      containersOf(p).some(({ container }) =>
        (container.env ?? []).some(
          (e: { name: string; valueFrom?: { secretKeyRef?: { key: string } } }) =>
            e.name === 'DATABASE_MIGRATOR_URL' || e.valueFrom?.secretKeyRef?.key === 'DATABASE_MIGRATOR_URL',
        ),
      ),
    );
    expect(holders.map((p) => p.owner)).toEqual([expect.stringMatching(/^Job\/.*-migrate-/)]);
  });

  it('reads only keys the credentials Secret defines', () => {
    const secret = byKind(objects, 'Secret')[0];
    if (!secret) return; // existingSecret: checked in values.test.ts
    const keys = new Set(Object.keys(secret.data ?? {}));
    const refs = containers.flatMap(({ container, where }) =>
      (container.env ?? [])
        .map((e: { valueFrom?: { secretKeyRef?: { name: string; key: string } } }) => e.valueFrom?.secretKeyRef)
        .filter(Boolean)
        .map((ref: { name: string; key: string }) => ({ ...ref, where })),
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.name, ref.where).toBe(secret.metadata.name);
      expect(keys.has(ref.key), `${ref.where} reads ${ref.key}`).toBe(true);
    }
  });

  describe('ingest', () => {
    const deployment = byKind(objects, 'Deployment').find((d) => component(d) === 'ingest') as K8sObject;
    const spec = deployment.spec.template.spec;
    const main = spec.containers.find((c: { name: string }) => c.name === 'ingest');

    it('runs node dist/server.js behind /health and /ready probes', () => {
      expect(main.args).toEqual(['node', 'dist/server.js']);
      expect(main.livenessProbe.httpGet.path).toBe('/health');
      expect(main.readinessProbe.httpGet.path).toBe('/ready');
    });

    it('sleeps in preStop, with a grace period longer than the sleep plus the drain', () => {
      const sleep = main.lifecycle.preStop.sleep.seconds;
      expect(sleep).toBeGreaterThanOrEqual(5);
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(sleep + 25);
    });

    it('waits for the schema before starting', () => {
      const init = spec.initContainers.find((c: { name: string }) => c.name === 'wait-for-schema');
      expect(init.args.slice(0, 3)).toEqual(['node', 'dist/cli.js', 'wait-for-schema']);
    });

    it('spreads across nodes and zones', () => {
      const keys = spec.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey);
      expect(keys).toEqual(expect.arrayContaining(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']));
      const zone = spec.topologySpreadConstraints.find((t: { topologyKey: string }) => t.topologyKey === 'topology.kubernetes.io/zone');
      expect(zone.whenUnsatisfiable).toBe('ScheduleAnyway');
    });

    it('is scaled by an autoscaling/v2 HPA: min ≥ 2, fast up, slow down', () => {
      const hpas = byKind(objects, 'HorizontalPodAutoscaler');
      expect(hpas).toHaveLength(1);
      const hpa = hpas[0] as K8sObject;
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef.name).toBe(deployment.metadata.name);
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(deployment.spec.replicas).toBeUndefined(); // the HPA owns the count
      expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
      expect(hpa.spec.behavior.scaleUp.stabilizationWindowSeconds).toBe(0);
      expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(300);
      expect(hpa.spec.behavior.scaleDown.policies).toEqual([{ type: 'Pods', value: 1, periodSeconds: 60 }]);
    });

    it('has a PodDisruptionBudget', () => {
      const pdb = byKind(objects, 'PodDisruptionBudget').find((p) => matches(p.spec.selector, deployment.spec.template.metadata.labels));
      expect(pdb).toBeDefined();
      expect(pdb?.spec.maxUnavailable ?? pdb?.spec.minAvailable).toBe(1);
    });

    it('is exposed by a ClusterIP Service on 80 → http and 9464 → metrics', () => {
      const svc = byKind(objects, 'Service').find((s) => component(s) === 'ingest') as K8sObject;
      expect(svc.spec.type).toBe('ClusterIP');
      expect(svc.spec.ports).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ port: 80, targetPort: 'http' }),
          expect.objectContaining({ port: 9464, targetPort: 'metrics' }),
        ]),
      );
    });
  });

  it('gives the admin a startup probe on /api/health and the Next.js cache volume', () => {
    const admin = byKind(objects, 'Deployment').find((d) => component(d) === 'admin') as K8sObject;
    const c = admin.spec.template.spec.containers[0];
    expect(c.startupProbe.httpGet.path).toBe('/api/health');
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/app/.next/cache');
  });

  it('schedules every CronJob with Forbid, a starting deadline, history limits and job deadlines', () => {
    const cronJobs = byKind(objects, 'CronJob');
    expect(cronJobs.length).toBeGreaterThanOrEqual(4);
    for (const cj of cronJobs) {
      expect(cj.spec.concurrencyPolicy, cj.metadata.name).toBe('Forbid');
      expect(cj.spec.startingDeadlineSeconds, cj.metadata.name).toBeGreaterThan(0);
      expect(cj.spec.successfulJobsHistoryLimit, cj.metadata.name).toBeGreaterThanOrEqual(0);
      expect(cj.spec.failedJobsHistoryLimit, cj.metadata.name).toBeGreaterThan(0);
      expect(cj.spec.jobTemplate.spec.activeDeadlineSeconds, cj.metadata.name).toBeGreaterThan(0);
      expect(cj.spec.jobTemplate.spec.backoffLimit, cj.metadata.name).toBeGreaterThanOrEqual(0);
    }
    // One retention CronJob per class, named so the RetentionPruneStale alert finds them.
    const prune = cronJobs.filter((cj) => /prune/.test(cj.metadata.name));
    expect(prune.map((cj) => cj.spec.jobTemplate.spec.template.spec.containers[0].args.at(-1)).sort()).toEqual(['browsing', 'consent', 'service']);
    expect(new Set(prune.map((cj) => cj.spec.schedule)).size).toBe(3);
  });

  it('runs Jobs as plain Jobs (no Helm hooks) with deadlines, retries and a TTL', () => {
    const jobs = byKind(objects, 'Job');
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    for (const job of jobs) {
      expect(job.metadata.annotations?.['helm.sh/hook']).toBeUndefined();
      expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(job.spec.backoffLimit).toBe(2);
      expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
    }
  });

  describe('network policies', () => {
    const policies = byKind(objects, 'NetworkPolicy');

    it('deny all ingress and egress of the release by default', () => {
      const deny = policies.find((p) => !p.spec.ingress && !p.spec.egress);
      expect(deny?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      for (const pod of pods) expect(matches(deny?.spec.podSelector, pod.metadata.labels), pod.owner).toBe(true);
    });

    it('never open a rule to everyone (an empty from/to)', () => {
      for (const p of policies) {
        for (const rule of p.spec.ingress ?? []) expect(rule.from?.length, p.metadata.name).toBeGreaterThan(0);
        for (const rule of p.spec.egress ?? []) expect(rule.to?.length, p.metadata.name).toBeGreaterThan(0);
      }
    });

    it('allow DNS egress on UDP and TCP 53', () => {
      const dns = policies.find((p) => (p.spec.egress ?? []).some((r: { ports?: { port: number }[] }) => r.ports?.some((x) => x.port === 53)));
      expect(dns?.spec.egress[0].ports).toEqual(
        expect.arrayContaining([
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ]),
      );
    });

    it('let Postgres be reached by ingest, admin and every job', () => {
      const postgresPort = 5432;
      const reaches = (labels: Record<string, string>) =>
        policies.some(
          (p) => matchesSelector(p.spec.podSelector, labels) && (p.spec.egress ?? []).some((r: { ports?: { port: number }[] }) => r.ports?.some((x) => x.port === postgresPort)),
        );
      for (const pod of pods.filter((p) => component(p) !== 'dbt-docs-server')) {
        expect(reaches(pod.metadata.labels ?? {}), pod.owner).toBe(true);
      }
    });
  });
});

/** matchLabels and matchExpressions (In only, as the chart uses). */
function matchesSelector(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values: string[] }[] },
  labels: Record<string, string>,
): boolean {
  return (
    matches(selector, labels) &&
    (selector.matchExpressions ?? []).every((e) => e.operator === 'In' && e.values.includes(labels[e.key] ?? ''))
  );
}
