// What values do: the schema refuses what it should, the connection budget stops a release
// that would exhaust Postgres, and the switches render what they say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedVariables } from '@cbc/config';
import { byKind, component, containersOf, type K8sObject, podTemplates, render, renderError, REPO_DIR } from './helm.js';

const ingestDeployment = (objects: K8sObject[]) => byKind(objects, 'Deployment').find((d) => component(d) === 'ingest') as K8sObject;

describe('values.schema.json', () => {
  it('rejects an unknown top-level key', () => {
    expect(renderError(undefined, ['--set', 'foo=bar'])).toMatch(/Additional property foo is not allowed/);
  });

  it('rejects an unknown nested key (a typo is not silently ignored)', () => {
    expect(renderError(undefined, ['--set', 'ingest.replicaCount=3'])).toMatch(/replicaCount/);
    expect(renderError(undefined, ['--set', 'ingest.config.LOG_LEVLE=debug'])).toMatch(/LOG_LEVLE/);
  });

  it('rejects an HPA minReplicas below 2', () => {
    expect(renderError(undefined, ['--set', 'ingest.hpa.minReplicas=1'])).toMatch(/minReplicas/);
  });

  it('rejects a container without requests', () => {
    expect(renderError(undefined, ['--set', 'ingest.resources.requests=null'])).toMatch(/requests/);
  });

  it('rejects values outside an enum', () => {
    expect(renderError(undefined, ['--set', 'ingest.config.CONSENT_DEFAULT=maybe'])).toMatch(/CONSENT_DEFAULT/);
  });
});

describe('connection budget', () => {
  it('fails rendering when the pools exceed postgres.maxConnections', () => {
    const err = renderError(undefined, ['--set', 'ingest.hpa.maxReplicas=12']);
    expect(err).toMatch(/connection budget exceeded/);
    expect(err).toMatch(/> postgres.maxConnections 200/);
  });

  it('counts the admin, the jobs and the reserve too', () => {
    expect(renderError(undefined, ['--set', 'admin.replicas=3'])).toMatch(/connection budget exceeded/);
    expect(renderError(undefined, ['--set', 'postgres.reserve=15'])).toMatch(/connection budget exceeded/);
    expect(renderError(undefined, ['--set', 'dbt.threads=7'])).toMatch(/connection budget exceeded/);
    // Six threads fit only without the connections that hold or wait for the dbt advisory lock.
    expect(renderError(undefined, ['--set', 'dbt.threads=6'])).toMatch(/connection budget exceeded: .* jobs 12, reserve 10: 202 > /);
  });

  it('renders again once max_connections is raised', () => {
    expect(render(undefined, ['--set', 'ingest.hpa.maxReplicas=12', '--set', 'postgres.maxConnections=300']).length).toBeGreaterThan(0);
  });
});

describe('credentials', () => {
  it('renders no Secret with existingSecret, and reads that one instead', () => {
    const objects = render('external-db-values.yaml');
    expect(byKind(objects, 'Secret')).toEqual([]);
    const names = podTemplates(objects).flatMap((p) =>
      containersOf(p).flatMap(({ container }) =>
        (container.env ?? []).map((e: { valueFrom?: { secretKeyRef?: { name: string } } }) => e.valueFrom?.secretKeyRef?.name).filter(Boolean),
      ),
    );
    expect(new Set(names)).toEqual(new Set(['cbc-analytics-credentials']));
  });

  it('rolls pods when existingSecretChecksum changes', () => {
    const checksum = (objects: K8sObject[]) => ingestDeployment(objects).spec.template.metadata.annotations['checksum/secret'];
    const a = render('external-db-values.yaml');
    const b = render('external-db-values.yaml', ['--set', 'existingSecretChecksum=other']);
    expect(checksum(a)).not.toBe(checksum(b));
  });

  it('rolls pods when a secret value changes', () => {
    const checksum = (objects: K8sObject[]) => ingestDeployment(objects).spec.template.metadata.annotations['checksum/secret'];
    expect(checksum(render())).not.toBe(checksum(render(undefined, ['--set', 'secrets.ipSalt=0123456789abcdef'])));
  });
});

describe('ingest settings', () => {
  /** Every variable of services/api/.env.example (the API's schema, its tests say) must be set in the ingest container. */
  const documented = documentedVariables(readFileSync(join(REPO_DIR, 'services/api/.env.example'), 'utf8'));

  it('sets every variable of services/api/.env.example', () => {
    const objects = render();
    const container = ingestDeployment(objects).spec.template.spec.containers[0];
    const configMap = byKind(objects, 'ConfigMap').find((c) => c.metadata.name === container.envFrom[0].configMapRef.name) as K8sObject;
    const set = new Set([...container.env.map((e: { name: string }) => e.name), ...Object.keys(configMap.data)]);
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((name) => !set.has(name))).toEqual([]);
  });

  it('renders numbers as plain digits', () => {
    const cm = byKind(render(), 'ConfigMap').find((c) => c.data?.BODY_LIMIT_BYTES !== undefined) as K8sObject;
    expect(cm.data.BODY_LIMIT_BYTES).toBe('1048576');
    expect(cm.data.COLLECT_PII).toBe('false');
  });
});

describe('switches', () => {
  describe('Job names (a Job\'s pod template is immutable: what changes it must change the name)', () => {
    const jobName = (objects: K8sObject[], which: string) => (byKind(objects, 'Job').find((j) => component(j) === which) as K8sObject).metadata.name;
    const migrate = (extra: string[] = []) => jobName(render(undefined, extra), 'migrate');
    const replay = (extra: string[] = []) => jobName(render('external-db-values.yaml', extra), 'ledger-replay');

    it('gives the same values the same names (an unchanged upgrade leaves the finished Jobs alone)', () => {
      expect(migrate()).toMatch(/^cbc-cbc-analytics-migrate-[0-9a-f]{10}$/);
      expect(jobName(render(undefined, ['--set', 'ingest.replicas=3']), 'migrate')).toBe(migrate());
      expect(replay()).toMatch(/^cbc-cbc-analytics-ledger-replay-restore-2026-11-29-[0-9a-f]{10}$/);
      expect(jobName(render('external-db-values.yaml', ['--set', 'ingest.replicas=3']), 'ledger-replay')).toBe(replay());
    });

    it.each([
      ['image.tag', ['--set', 'image.tag=1.4.0-rc.1']],
      ['images.jobs.tag', ['--set', 'images.jobs.tag=1.4.0']],
      ['images.jobs.digest', ['--set', `images.jobs.digest=sha256:${'c'.repeat(64)}`]],
      ['global.imageRegistry', ['--set', 'global.imageRegistry=mirror.example']],
      ['the env (existingSecret)', ['--set', 'existingSecret=other-credentials']],
      ['resources', ['--set', 'migrations.resources.limits.memory=300Mi', '--set', 'ledgerReplay.resources.limits.memory=300Mi']],
      ['securityContext.runAsUser', ['--set', 'securityContext.runAsUser=10002']],
    ])('gives a new name when %s changes', (_what, extra) => {
      expect(migrate(extra)).not.toBe(migrate());
      expect(replay(extra)).not.toBe(replay());
    });

    it('gives ledger replay a new Job for a new runId', () => {
      expect(replay(['--set', 'ledgerReplay.runId=restore-2026-12-01'])).toMatch(/-ledger-replay-restore-2026-12-01-[0-9a-f]{10}$/);
    });

    it('keeps names within 63 characters, cutting the release prefix rather than the hash', () => {
      const long = ['--set', `fullnameOverride=${'x'.repeat(63)}`, '--set', `ledgerReplay.runId=r${'1'.repeat(19)}`];
      expect(migrate(long)).toMatch(/^x+-migrate-[0-9a-f]{10}$/);
      expect(migrate(long).length).toBeLessThanOrEqual(63);
      expect(replay(long)).toMatch(/^x+-ledger-replay-r1{19}-[0-9a-f]{10}$/);
      expect(replay(long).length).toBeLessThanOrEqual(63);
    });

    it('runs the migrations image with the migrate command', () => {
      const job = byKind(render(undefined, ['--set', 'image.tag=1.4.0-rc.1']), 'Job')[0] as K8sObject;
      expect(job.spec.template.spec.containers[0].image).toBe('ghcr.io/coral-beach-club/cbc-jobs:1.4.0-rc.1');
      expect(job.spec.template.spec.containers[0].args).toEqual(['node', 'dist/cli.js', 'migrate']);
    });
  });

  it('defaults image tags to the appVersion and honours global.imageRegistry', () => {
    const images = (objects: K8sObject[]) => podTemplates(objects).flatMap((p) => containersOf(p).map(({ container }) => container.image as string));
    expect(new Set(images(render()))).toEqual(
      new Set(['ghcr.io/coral-beach-club/cbc-ingest:0.1.0', 'ghcr.io/coral-beach-club/cbc-admin:0.1.0', 'ghcr.io/coral-beach-club/cbc-jobs:0.1.0', 'ghcr.io/coral-beach-club/cbc-dbt:0.1.0']),
    );
    expect(images(render(undefined, ['--set', 'global.imageRegistry=mirror.example'])).every((i) => i.startsWith('mirror.example/'))).toBe(true);
  });

  it('pins an image by digest when one is given, over any tag, mirror included', () => {
    const digest = (c: string) => `sha256:${c.repeat(64)}`;
    const pins = ['ingest', 'admin', 'jobs', 'dbt', 'docsServer'].flatMap((image, i) => ['--set', `images.${image}.digest=${digest('abcde'[i]!)}`]);
    const images = (extra: string[]) => new Set(podTemplates(render('external-db-values.yaml', extra)).flatMap((p) => containersOf(p).map(({ container }) => container.image as string)));
    expect(images([...pins, '--set', 'image.tag=9.9.9'])).toEqual(
      new Set([
        `ghcr.io/coral-beach-club/cbc-ingest@${digest('a')}`,
        `ghcr.io/coral-beach-club/cbc-admin@${digest('b')}`,
        `ghcr.io/coral-beach-club/cbc-jobs@${digest('c')}`,
        `ghcr.io/coral-beach-club/cbc-dbt@${digest('d')}`,
        `docker.io/nginxinc/nginx-unprivileged@${digest('e')}`,
      ]),
    );
    for (const image of images([...pins, '--set', 'global.imageRegistry=mirror.internal:5000'])) expect(image).toMatch(/^mirror\.internal:5000\/[^:]+@sha256:[a-e]{64}$/);
    // One image pinned, the others still by tag.
    expect(images(['--set', `images.dbt.digest=${digest('d')}`])).toContain('ghcr.io/coral-beach-club/cbc-ingest:0.1.0');
  });

  it('refuses a digest that is not sha256:<64 hex digits>', () => {
    expect(renderError(undefined, ['--set', 'images.jobs.digest=sha256:abc'])).toMatch(/images\.jobs\.digest: Does not match pattern/);
    expect(renderError(undefined, ['--set', `images.docsServer.digest=${'a'.repeat(64)}`])).toMatch(/images\.docsServer\.digest: Does not match pattern/);
  });

  it('takes every image from the mirror with the pull secrets, dbt docs server included (air-gapped installs)', () => {
    const objects = render('external-db-values.yaml', ['--set', 'global.imageRegistry=mirror.internal:5000/hub', '--set', 'imagePullSecrets[0]=registry-creds']);
    const pods = podTemplates(objects);
    expect(pods.map((p) => p.owner)).toContainEqual(expect.stringMatching(/dbt-docs-server/));
    for (const pod of pods) {
      expect(pod.spec.imagePullSecrets, pod.owner).toEqual([{ name: 'registry-creds' }]);
      for (const { container, where } of containersOf(pod)) expect(container.image, where).toMatch(/^mirror\.internal:5000\/hub\//);
    }
  });

  it('appends the admin\'s own key entries to the lists the API accepts (the chart\'s own Secret)', () => {
    const secret = byKind(
      render(undefined, ['--set', 'secrets.readApiKeys=bi:bi-secret-0123456789', '--set', 'secrets.adminReadApiKey=admin:read-0123456789abcdef', '--set', 'secrets.adminPrivacyApiKey=admin:priv-0123456789abcdef']),
      'Secret',
    )[0] as K8sObject;
    const decoded = (k: string) => Buffer.from(secret.data[k], 'base64').toString();
    expect(decoded('READ_API_KEYS')).toBe('bi:bi-secret-0123456789,admin:read-0123456789abcdef');
    expect(decoded('PRIVACY_API_KEYS')).toBe('admin:priv-0123456789abcdef');
    expect(decoded('ADMIN_READ_API_KEY')).toBe('admin:read-0123456789abcdef');
  });

  it('renders the ledger replay Job only when enabled, and only with a runId', () => {
    expect(byKind(render(), 'Job').map((j) => j.metadata.name)).not.toContainEqual(expect.stringMatching(/ledger-replay/));
    const job = byKind(render('external-db-values.yaml'), 'Job').find((j) => component(j) === 'ledger-replay') as K8sObject;
    expect(job.spec.template.spec.containers[0].args).toEqual(['node', 'dist/cli.js', 'replay-ledger']);
    expect(renderError(undefined, ['--set', 'ledgerReplay.enabled=true'])).toMatch(/ledgerReplay.runId is required/);
  });

  it('runs dbt build through the advisory-lock wrapper, with the configured wait', () => {
    const build = (objects: K8sObject[]) => byKind(objects, 'CronJob').find((c) => component(c) === 'dbt-build') as K8sObject;
    const container = (objects: K8sObject[]) => build(objects).spec.jobTemplate.spec.template.spec.containers[0];
    expect(container(render()).command).toEqual(['python', '/app/dbt/scripts/locked_dbt.py', 'build', '--profiles-dir', '/app/dbt', '--project-dir', '/app/dbt', '--threads', '2']);
    expect(container(render()).env).toContainEqual({ name: 'DBT_LOCK_WAIT_SECONDS', value: '300' });
    expect(container(render(undefined, ['--set', 'dbt.lockWaitSeconds=0'])).env).toContainEqual({ name: 'DBT_LOCK_WAIT_SECONDS', value: '0' });
  });

  it('serves dbt docs from the claim the docs CronJob writes, read-only', () => {
    const objects = render('external-db-values.yaml');
    const claim = byKind(objects, 'PersistentVolumeClaim')[0] as K8sObject;
    const server = byKind(objects, 'Deployment').find((d) => component(d) === 'dbt-docs-server') as K8sObject;
    const docs = byKind(objects, 'CronJob').find((c) => component(c) === 'dbt-docs') as K8sObject;
    const claimOf = (spec: { volumes: { persistentVolumeClaim?: { claimName: string } }[] }) =>
      spec.volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    expect(claimOf(server.spec.template.spec)).toBe(claim.metadata.name);
    expect(claimOf(docs.spec.jobTemplate.spec.template.spec)).toBe(claim.metadata.name);
    expect(server.spec.template.spec.containers[0].volumeMounts).toContainEqual(expect.objectContaining({ readOnly: true, mountPath: '/usr/share/nginx/html' }));
  });

  it('drops the admin Ingress and every monitoring object when switched off', () => {
    const objects = render('no-ingress-values.yaml');
    expect(byKind(objects, 'Ingress')).toEqual([]);
    expect(objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com/'))).toEqual([]);
    expect(byKind(objects, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard)).toEqual([]);
  });

  it('opens ingest to the ingress controller only when its Ingress is on', () => {
    const fromIngressController = (objects: K8sObject[]) =>
      byKind(objects, 'NetworkPolicy')
        .filter((p) => component(p) === 'ingest')
        .flatMap((p) => p.spec.ingress.flatMap((r: { from: { namespaceSelector?: { matchLabels?: Record<string, string> } }[] }) => r.from))
        .some((peer: { namespaceSelector?: { matchLabels?: Record<string, string> } }) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'ingress-nginx');
    expect(fromIngressController(render())).toBe(false);
    expect(fromIngressController(render('external-db-values.yaml'))).toBe(true);
  });

  it('allows an external datastore by CIDR alone', () => {
    const jobs = byKind(render('external-db-values.yaml'), 'NetworkPolicy').find((p) => p.metadata.name.endsWith('-jobs')) as K8sObject;
    expect(jobs.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '10.20.0.0/24' } }]);
  });

  it('refuses a datastore policy with neither selector nor CIDRs (it would allow every destination)', () => {
    expect(renderError(undefined, ['--set', 'networkPolicy.postgres.podSelector=null'])).toMatch(/networkPolicy.postgres: set podSelector or cidrs/);
  });
});
