// A stand-in for the few kube-apiserver endpoints the k8s module calls: namespaced lists with
// label (and, for events, field) selectors, and Job creation with generateName. Anything it does
// not implement answers 404, so a module that calls an unexpected endpoint fails its test.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

type Obj = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; generateName?: string; [k: string]: unknown }; [k: string]: unknown };

/** Collection paths (after /namespaces/<ns>/) the fake serves, by resource. */
const ROUTES: Record<string, string> = {
  cronjobs: '/apis/batch/v1',
  jobs: '/apis/batch/v1',
  pods: '/api/v1',
  events: '/api/v1',
  deployments: '/apis/apps/v1',
  horizontalpodautoscalers: '/apis/autoscaling/v2',
};

export interface FakeKubeApi {
  url: string;
  /** Objects by resource (`cronjobs`, …), each with metadata.namespace set. */
  objects: Record<string, Obj[]>;
  /** `verb resource` pairs answered 403, e.g. `list cronjobs`, `create jobs`. */
  deny: Set<string>;
  /** Resources answered 500. */
  broken: Set<string>;
  /** Resources never answered (the connection stays open until close()). */
  hang: Set<string>;
  /** Every request, `GET /apis/batch/v1/namespaces/cbc/cronjobs?labelSelector=…`. */
  requests: string[];
  /** Bodies of POSTs. */
  created: Obj[];
  kubeConfig(namespace?: string): KubeConfig;
  close(): Promise<void>;
}

/** `a=b,c=d` (equality only: all the module uses). */
function matches(selector: string | null, values: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=') as [string, string];
    return values?.[k] === v;
  });
}

function fieldValues(o: Obj): Record<string, string> {
  const io = (o.involvedObject ?? {}) as Record<string, string>;
  return { 'involvedObject.kind': io.kind ?? '', 'involvedObject.name': io.name ?? '' };
}

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

async function body(req: IncomingMessage): Promise<Obj> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Obj;
}

export async function startFakeKubeApi(): Promise<FakeKubeApi> {
  const fake = { objects: {}, deny: new Set(), broken: new Set(), hang: new Set(), requests: [], created: [] } as unknown as FakeKubeApi;
  let seq = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      fake.requests.push(`${req.method} ${u.pathname}${u.search}`);
      const send = (code: number, payload: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const m = /^(\/apis?(?:\/[a-z0-9.]+)?\/v[0-9a-z]+)\/namespaces\/([^/]+)\/([a-z]+)$/.exec(u.pathname);
      const resource = m?.[3];
      if (!m || !resource || ROUTES[resource] !== m[1]) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      const ns = m[2]!;
      const verb = req.method === 'POST' ? 'create' : 'list';
      if (fake.deny.has(`${verb} ${resource}`)) {
        return send(403, status(403, 'Forbidden', `${resource} is forbidden: User "system:serviceaccount:${ns}:x" cannot ${verb} resource "${resource}"`));
      }
      if (fake.hang.has(resource)) return;
      if (fake.broken.has(resource)) return send(500, status(500, 'InternalError', 'etcd leader changed'));
      if (verb === 'create') {
        const obj = await body(req);
        const meta = obj.metadata ?? {};
        const name = meta.name ?? `${meta.generateName ?? ''}${(++seq).toString(36).padStart(5, 'x')}`;
        const stored = { ...obj, metadata: { ...meta, name, namespace: ns, uid: `uid-${name}` } };
        fake.created.push(stored);
        (fake.objects[resource] ??= []).push(stored);
        return send(201, stored);
      }
      const items = (fake.objects[resource] ?? []).filter(
        (o) => o.metadata?.namespace === ns && matches(u.searchParams.get('labelSelector'), o.metadata?.labels) && matches(u.searchParams.get('fieldSelector'), fieldValues(o)),
      );
      send(200, { kind: 'List', apiVersion: 'v1', metadata: {}, items });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.kubeConfig = (namespace = 'cbc') => {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: fake.url, skipTLSVerify: true }],
      users: [{ name: 'operator', token: 'fake-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'operator', namespace }],
      currentContext: 'fake',
    });
    return kc;
  };
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}
