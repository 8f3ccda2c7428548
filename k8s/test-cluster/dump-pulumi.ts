// Runs the Pulumi program under the test harness's mocks (no engine, no cluster) and prints the
// Kubernetes objects it declares as one JSON `List`, ready for `kubectl apply --server-side`.
// Helm charts the program installs (`helm.sh/v4:Chart`) are opaque under mocks, since their
// templates render inside the provider, so they are listed on stderr as skipped, not applied.
// Usage: npx tsx k8s/test-cluster/dump-pulumi.ts > objects.json
import { containsUnknown, DEFAULT_CONFIG, runProgram, unwrap } from '@cbc/pulumi/test-harness';

type Manifest = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;

// Kinds a namespaced object may need to exist first; applied in this order, the rest after.
const FIRST = ['Namespace', 'CustomResourceDefinition'];

/** `kubernetes:apps/v1:Deployment` → apps/v1, Deployment (`core/v1` is plain `v1`). */
function typeToGvk(type: string): { apiVersion: string; kind: string } | undefined {
  const m = /^kubernetes:([^:]+):([^:]+)$/.exec(type);
  if (!m) return undefined;
  return { apiVersion: m[1]!.replace(/^core\//, ''), kind: m[2]! };
}

async function main(): Promise<void> {
  const run = await runProgram(DEFAULT_CONFIG);
  const items: Manifest[] = [];
  const skipped: string[] = [];
  for (const d of run.declared) {
    const gvk = typeToGvk(d.type);
    if (!gvk) continue; // random passwords, the program's components: not Kubernetes objects
    // Checked before `custom`: a v4 Chart is a component whose objects only the provider knows.
    if (gvk.apiVersion.startsWith('helm.sh/') || gvk.apiVersion.startsWith('yaml/')) {
      skipped.push(`${d.type} ${d.name}`);
      continue;
    }
    if (!d.custom) continue;
    if (containsUnknown(d.inputs)) throw new Error(`${d.type} ${d.name}: inputs hold values unknown under mocks`);
    const obj = unwrap<Manifest>(d.inputs);
    obj.apiVersion ??= gvk.apiVersion;
    obj.kind ??= gvk.kind;
    // Pulumi auto-names objects without metadata.name (the resource name plus a suffix).
    obj.metadata = { ...obj.metadata, name: obj.metadata?.name ?? d.name };
    items.push(obj);
  }
  const rank = (m: Manifest) => (FIRST.includes(m.kind ?? '') ? FIRST.indexOf(m.kind ?? '') : FIRST.length);
  items.sort((a, b) => rank(a) - rank(b));
  for (const s of skipped) process.stderr.write(`skipped (Helm chart, opaque under mocks): ${s}\n`);
  process.stdout.write(`${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`);
  // The SDK keeps the mock runtime alive; the dump is complete.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
