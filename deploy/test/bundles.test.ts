// The API and jobs images hold an esbuild bundle plus `npm ci --omit=dev` of their workspace: a
// package the bundle imports at run time but the workspace's production dependencies do not bring
// starts fine in the repository (everything is installed there) and crashes in the image. This
// bundles each deployable as its build script does and checks every run-time import against the
// packages the image installs. (It found the ops CLI importing fastify through the API's index.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'cbc-bundles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Pkg {
  name: string;
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}
const readPkg = (dir: string): Pkg => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Pkg;
const workspaces = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
const byName = new Map(workspaces.map((w) => [readPkg(join(ROOT, w)).name, w]));

/** What `npm ci --omit=dev -w <workspace>` makes resolvable: its dependencies, through workspace links too. */
function installed(workspace: string, seen = new Set<string>()): Set<string> {
  for (const dep of Object.keys(readPkg(join(ROOT, workspace)).dependencies ?? {})) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    const linked = byName.get(dep);
    if (linked) installed(linked, seen);
  }
  return seen;
}

const packageOf = (path: string) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!);

describe.each(['services/api', 'services/jobs'])('%s bundle', (workspace) => {
  it('imports at run time only packages its production dependencies install', () => {
    const dir = join(ROOT, workspace);
    const entries = /bundle\.mjs (.+)$/.exec(readPkg(dir).scripts?.build ?? '')?.[1]?.split(' ') ?? [];
    expect(entries.length).toBeGreaterThan(0);
    const out = join(tmp, workspace.replace('/', '-'));
    execFileSync(process.execPath, [join(ROOT, 'deploy/bundle.mjs'), ...entries], { cwd: dir, env: { ...process.env, BUNDLE_OUTDIR: out }, stdio: 'pipe' });
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { outputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
    const imported = new Set<string>();
    for (const o of Object.values(meta.outputs)) for (const i of o.imports) if (i.external && !i.path.startsWith('node:')) imported.add(packageOf(i.path));
    expect(imported.size).toBeGreaterThan(0);
    const available = installed(workspace);
    expect([...imported].filter((p) => !available.has(p)).sort()).toEqual([]);
  });
});
