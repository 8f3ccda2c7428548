import { describe, expect, it } from 'vitest';
import { containerRun, envFileText, podmanRunArgs, quantityBytes, type Manifest } from './chart';

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** A rendering the size of what the checks read: one Secret, one ConfigMap, one workload. */
function manifests(pod: Record<string, unknown>, kind = 'Deployment'): Manifest[] {
  const template = { spec: pod };
  return [
    { kind: 'Secret', metadata: { name: 'r-credentials' }, data: { DATABASE_URL: b64('postgres://u:p%40ss@127.0.0.1:5/cbc'), API_KEYS: b64('a:b') } },
    { kind: 'ConfigMap', metadata: { name: 'r-config' }, data: { PORT: '8001', LOG_LEVEL: 'info' } },
    {
      kind,
      metadata: { name: 'r-cbc-analytics-api', labels: { 'app.kubernetes.io/component': 'api' } },
      spec: kind === 'CronJob' ? { jobTemplate: { spec: { template } } } : { template },
    },
  ];
}

const hardened = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

describe('containerRun', () => {
  it('resolves env as the kubelet does: envFrom first, then env in order, later names win', () => {
    const m = manifests({
      containers: [
        {
          name: 'api',
          image: 'img',
          envFrom: [{ configMapRef: { name: 'r-config' } }],
          env: [
            { name: 'LOG_LEVEL', value: 'debug' },
            { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'r-credentials', key: 'DATABASE_URL' } } },
            { name: 'P', valueFrom: { configMapKeyRef: { name: 'r-config', key: 'PORT' } } },
            { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'P', value: '9' },
          ],
        },
      ],
    });
    expect(containerRun(m, 'Deployment', 'api', 'api', 'prod').env).toEqual({
      PORT: '8001',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgres://u:p%40ss@127.0.0.1:5/cbc',
      P: '9',
      NS: 'prod',
    });
  });

  it('fails on a reference the rendering cannot satisfy instead of running without it', () => {
    const missingKey = manifests({ containers: [{ name: 'api', image: 'i', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'r-credentials', key: 'NOPE' } } }] }] });
    expect(() => containerRun(missingKey, 'Deployment', 'api', 'api')).toThrow(/no key NOPE/);
    const missingSecret = manifests({ containers: [{ name: 'api', image: 'i', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'other', key: 'K' } } }] }] });
    expect(() => containerRun(missingSecret, 'Deployment', 'api', 'api')).toThrow(/Secret\/other/);
  });

  it('lets the container securityContext override the pod one field by field', () => {
    const m = manifests({
      securityContext: { runAsUser: 1, runAsGroup: 10001, runAsNonRoot: true },
      containers: [{ name: 'api', image: 'i', securityContext: { runAsUser: 10002, readOnlyRootFilesystem: true } }],
    });
    const c = containerRun(m, 'Deployment', 'api', 'api');
    expect([c.runAsUser, c.runAsGroup, c.runAsNonRoot, c.readOnlyRootFilesystem]).toEqual([10002, 10001, true, true]);
  });

  it('finds init containers and CronJob pods', () => {
    const m = manifests({ initContainers: [{ name: 'wait', image: 'jobs', args: ['node', 'dist/cli.js'] }], containers: [] }, 'CronJob');
    expect(containerRun(m, 'CronJob', 'api', 'wait').args).toEqual(['node', 'dist/cli.js']);
  });

  it('turns emptyDirs into tmpfs sizes and refuses volumes podman cannot stand in for', () => {
    const ok = manifests({
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }, { name: 'cache', emptyDir: {} }],
      containers: [{ name: 'api', image: 'i', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'cache', mountPath: '/c' }] }],
    });
    expect(containerRun(ok, 'Deployment', 'api', 'api').emptyDirs).toEqual({ '/tmp': 64 * 1024 * 1024, '/c': undefined });
    const pvc = manifests({
      volumes: [{ name: 'docs', persistentVolumeClaim: { claimName: 'x' } }],
      containers: [{ name: 'api', image: 'i', volumeMounts: [{ name: 'docs', mountPath: '/docs' }] }],
    });
    expect(() => containerRun(pvc, 'Deployment', 'api', 'api')).toThrow(/not an emptyDir/);
  });
});

describe('podmanRunArgs', () => {
  const run = (container: Record<string, unknown>, pod: Record<string, unknown> = {}) =>
    podmanRunArgs(containerRun(manifests({ ...pod, containers: [{ name: 'api', image: 'img:1', ...container }] }), 'Deployment', 'api', 'api'), '/w/env');

  it('maps the hardened securityContext to user, read-only root without podman\'s own tmpfs, no caps, no new privileges', () => {
    const { options } = run(
      { securityContext: hardened, volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] },
      { volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '1Mi' } }] },
    );
    expect(options).toEqual([
      '--network=host',
      '--no-healthcheck',
      '--env-file=/w/env',
      '--user=10001:10001',
      '--read-only',
      '--read-only-tmpfs=false',
      '--tmpfs=/tmp:rw,exec,size=1048576',
      '--cap-drop=ALL',
      '--security-opt=no-new-privileges',
    ]);
  });

  it('adds nothing the container did not ask for', () => {
    expect(run({}).options).toEqual(['--network=host', '--no-healthcheck', '--env-file=/w/env']);
  });

  it('replaces the ENTRYPOINT with command and the CMD with args, as Kubernetes does', () => {
    expect(run({ command: ['python', 'x.py'], args: ['build'] })).toEqual({
      options: ['--network=host', '--no-healthcheck', '--env-file=/w/env', '--entrypoint=["python","x.py"]'],
      trailing: ['img:1', 'build'],
    });
    expect(run({ args: ['node', 'dist/server.js'] })).toEqual({
      options: ['--network=host', '--no-healthcheck', '--env-file=/w/env'],
      trailing: ['img:1', 'node', 'dist/server.js'],
    });
    expect(run({}).trailing).toEqual(['img:1']);
  });
});

describe('envFileText and quantityBytes', () => {
  it('writes values literally and refuses multi-line values an env file cannot carry', () => {
    expect(envFileText({ A: 'x=y "z"', B: '' })).toBe('A=x=y "z"\nB=\n');
    expect(() => envFileText({ PEM: 'a\nb' })).toThrow(/PEM/);
  });

  it('reads Kubernetes quantities', () => {
    expect(quantityBytes('512Mi')).toBe(536870912);
    expect(quantityBytes('1Gi')).toBe(1073741824);
    expect(quantityBytes('100M')).toBe(100_000_000);
    expect(() => quantityBytes('1Ti')).toThrow();
  });
});
