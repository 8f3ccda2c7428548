// Static checks of deploy/images/*.Dockerfile: no Docker engine here, so this reads them with a
// real Dockerfile parser (dockerfile-ast) and checks what can be known without building: the
// stage structure, the final stage's user and contents, that every COPY source exists (in the
// repo for the build context, or as something the named stage produces), and that the npm
// scripts and workspaces the builds call exist.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const IMAGES = join(ROOT, 'deploy/images');
const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };

interface Stage {
  name: string | null;
  base: string;
  instructions: Instruction[];
}

interface Parsed {
  file: string;
  stages: Stage[];
  final: Stage;
}

const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const flag = (i: Instruction, name: string) =>
  (i as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.().find((f) => f.getName() === name)?.getValue() ?? undefined;
const runText = (i: Instruction) => (i.getArgumentsContent() ?? '').replace(/\\\r?\n/g, ' ');
const of = (s: Stage, keyword: string) => s.instructions.filter((i) => i.getKeyword() === keyword);

function parse(file: string): Parsed {
  const dockerfile = DockerfileParser.parse(readFileSync(join(IMAGES, file), 'utf8'));
  const stages: Stage[] = [];
  for (const i of dockerfile.getInstructions()) {
    if (i.getKeyword() === 'FROM') {
      const from = i as unknown as { getBuildStage(): string | null; getImage(): string | null };
      stages.push({ name: from.getBuildStage(), base: from.getImage() ?? '', instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(i);
    }
  }
  return { file, stages, final: stages.at(-1)! };
}

/** The stage and every stage it is built FROM (a stage inherits its base stage's files). */
function lineage(p: Parsed, name: string): Stage[] {
  const stage = p.stages.find((s) => s.name === name);
  if (!stage) return [];
  return [stage, ...lineage(p, stage.base)];
}

/** Minimal .dockerignore semantics: globs with `**`, last match wins, `!` re-includes, parents count. */
function ignored(path: string, patterns: string[]): boolean {
  const toRegex = (glob: string) =>
    new RegExp(
      '^' +
        glob
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '\uE000')
          .replace(/\*\*/g, '.*')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
          .replace(/\uE000/g, '(.*/)?') +
        '$',
    );
  const parts = path.split('/');
  const candidates = parts.map((_, n) => parts.slice(0, n + 1).join('/'));
  let result = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const re = toRegex(negate ? raw.slice(1) : raw);
    if (candidates.some((c) => re.test(c))) result = !negate;
  }
  return result;
}
const dockerignore = readFileSync(join(IMAGES, 'dockerignore.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

/** Workspace paths whose package.json has a build script (their dist/ is a build output). */
const builtWorkspaces = rootPkg.workspaces.filter((w) => {
  const file = join(ROOT, w, 'package.json');
  return existsSync(file) && Boolean((JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts?.build);
});

/**
 * Can stage `from` (or a stage it is built FROM) have produced `src`? Yes when the path is a
 * repo file it copied from the context, a build output of a workspace it built (dist/, .next/,
 * node_modules from npm ci), or a path one of its RUN lines creates.
 */
function producedBy(p: Parsed, from: string, src: string): boolean {
  const stages = lineage(p, from);
  if (!stages.length) return false;
  const workdir = of(stages.at(-1)!, 'WORKDIR').map((i) => args(i)[0]!)[0] ?? '/';
  const inRepo = src.startsWith(`${workdir}/`) ? posix.relative(workdir, src) : undefined;
  const runs = stages.flatMap((s) => of(s, 'RUN').map(runText));
  const copiesContext = stages.some((s) => of(s, 'COPY').some((c) => !flag(c, 'from') && args(c)[0] === '.'));
  if (inRepo !== undefined) {
    if (copiesContext && existsSync(join(ROOT, inRepo)) && !ignored(inRepo, dockerignore)) return true;
    if (inRepo === 'node_modules' || /\/node_modules$/.test(inRepo)) return runs.some((r) => /\bnpm ci\b/.test(r));
    const ws = builtWorkspaces.find((w) => inRepo.startsWith(`${w}/`));
    if (ws && /^(dist|\.next)(\/|$)/.test(inRepo.slice(ws.length + 1))) {
      return runs.some((r) => r.includes(`npm run build -w ${ws}`));
    }
    return false;
  }
  // An absolute path outside the source tree must be written by one of the stage's RUN lines.
  const top = src.split('/').slice(0, 3).join('/');
  return runs.some((r) => r.includes(top));
}

const files = readdirSync(IMAGES).filter((f) => f.endsWith('.Dockerfile')).sort();
const parsed = files.map(parse);

describe('deploy/images', () => {
  it('has the four images', () => {
    expect(files).toEqual(['admin.Dockerfile', 'dbt.Dockerfile', 'ingest.Dockerfile', 'jobs.Dockerfile']);
  });

  describe.each(parsed.map((p) => [p.file, p] as const))('%s', (_file, p) => {
    it('is multi-stage, with named build stages and a pinned base image family', () => {
      expect(p.stages.length).toBeGreaterThanOrEqual(2);
      for (const s of p.stages.slice(0, -1)) expect(s.name, 'every stage before the last is named').toBeTruthy();
      expect(p.final.base).toMatch(/^\$\{(NODE|PYTHON)_IMAGE\}$/);
      const text = readFileSync(join(IMAGES, p.file), 'utf8');
      expect(text).toMatch(/^ARG (NODE_IMAGE=node:20-bookworm-slim|PYTHON_IMAGE=python:3\.11-slim-bookworm)$/m);
    });

    it('runs the final stage as a numeric non-root user (10001, the chart\'s securityContext)', () => {
      const users = of(p.final, 'USER');
      expect(users.length).toBeGreaterThan(0);
      const [uid, gid] = args(users.at(-1)!)[0]!.split(':');
      expect(uid).toMatch(/^\d+$/);
      expect(Number(uid)).not.toBe(0);
      if (gid !== undefined) expect(Number(gid)).not.toBe(0);
      expect(Number(uid)).toBe(10001);
      // Nothing after the last USER switches back.
      const last = p.final.instructions.indexOf(users.at(-1)!);
      expect(p.final.instructions.slice(last + 1).filter((i) => i.getKeyword() === 'USER')).toEqual([]);
    });

    it('installs no packages in the final stage, and no dev dependencies anywhere it copies from', () => {
      for (const run of of(p.final, 'RUN').map(runText)) {
        expect(run).not.toMatch(/\bnpm (install|i|ci|add)\b|\bpip install\b|\byarn\b|\bpnpm\b/);
      }
      // Every node_modules the final stage copies comes from a stage whose npm ci omits dev deps.
      for (const copy of of(p.final, 'COPY')) {
        const from = flag(copy, 'from');
        if (!from || !args(copy).some((a) => a.includes('node_modules'))) continue;
        const runs = lineage(p, from)[0]!.instructions.filter((i) => i.getKeyword() === 'RUN').map(runText);
        // Next.js standalone: node_modules is traced from what the server imports, not installed.
        if (runs.some((r) => r.includes('.next/standalone') && r.includes('/out/node_modules'))) continue;
        const npmCis = runs.filter((r) => /\bnpm ci\b/.test(r));
        expect(npmCis.length, `${from} installs its own node_modules`).toBeGreaterThan(0);
        for (const r of npmCis) expect(r).toMatch(/--omit=dev/);
      }
    });

    it('copies only sources that exist in the repo or that the named stage produces', () => {
      for (const stage of p.stages) {
        for (const copy of of(stage, 'COPY')) {
          const [...srcs] = args(copy).slice(0, -1);
          const from = flag(copy, 'from');
          for (const src of srcs) {
            if (from) {
              expect(producedBy(p, from, src), `${stage.name ?? 'final'}: COPY --from=${from} ${src}`).toBe(true);
            } else if (src !== '.') {
              expect(existsSync(join(ROOT, src)), `COPY ${src} exists`).toBe(true);
              expect(ignored(src, dockerignore), `COPY ${src} is not dockerignored`).toBe(false);
            }
          }
        }
      }
    });

    it('copies every file a copied requirements file pulls in with -r/-c, where pip looks for it', () => {
      for (const stage of p.stages) {
        const copies = of(stage, 'COPY').filter((c) => !flag(c, 'from'));
        // Where a context file lands: COPY a b dir/ puts each in dir/; COPY a file renames it.
        const landings = copies.flatMap((c) => {
          const a = args(c);
          const dest = a.at(-1)!;
          const srcs = a.slice(0, -1);
          return srcs.map((src) => ({ src, dest: dest.endsWith('/') || srcs.length > 1 ? posix.join(dest, posix.basename(src)) : dest }));
        });
        const check = (src: string, dest: string, seen: Set<string>) => {
          if (seen.has(src)) return;
          seen.add(src);
          for (const m of readFileSync(join(ROOT, src), 'utf8').matchAll(/^\s*(?:-[rc]|--requirement|--constraint)[\s=]+(\S+)/gm)) {
            // pip resolves a reference relative to the file that makes it.
            const ref = posix.join(posix.dirname(src), m[1]!);
            const want = posix.join(posix.dirname(dest), m[1]!);
            expect(
              landings.some((l) => l.src === ref && l.dest === want),
              `${stage.name ?? 'final'}: ${src} refers to ${m[1]}, so COPY ${ref} to ${want}`,
            ).toBe(true);
            check(ref, want, seen);
          }
        };
        for (const l of landings.filter((x) => /requirements[^/]*\.txt$/.test(x.src))) check(l.src, l.dest, new Set());
      }
    });

    it('calls npm scripts and workspaces that exist', () => {
      for (const run of p.stages.flatMap((s) => of(s, 'RUN')).map(runText)) {
        for (const m of run.matchAll(/npm run (\S+) -w (\S+)/g)) {
          const [, script, ws] = m as unknown as [string, string, string];
          expect(rootPkg.workspaces, `workspace ${ws}`).toContain(ws);
          const pkg = JSON.parse(readFileSync(join(ROOT, ws, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
          expect(pkg.scripts?.[script], `${ws} has script ${script}`).toBeTruthy();
        }
        for (const m of run.matchAll(/npm ci [^&;]*-w (\S+)/g)) expect(rootPkg.workspaces).toContain(m[1]);
        for (const m of run.matchAll(/node (deploy\/\S+\.mjs)/g)) expect(existsSync(join(ROOT, m[1]!)), m[1]).toBe(true);
      }
    });

    it('carries the OCI labels', () => {
      const labels = of(p.final, 'LABEL').flatMap(args).join(' ');
      for (const key of ['title', 'description', 'source', 'version', 'revision', 'created']) {
        expect(labels).toContain(`org.opencontainers.image.${key}=`);
      }
    });

    it('states its health check: an HTTP probe for servers, NONE for batch images', () => {
      const hc = of(p.final, 'HEALTHCHECK');
      expect(hc).toHaveLength(1);
      const text = hc[0]!.getArgumentsContent() ?? '';
      if (p.file === 'ingest.Dockerfile') expect(text).toContain("/health'");
      else if (p.file === 'admin.Dockerfile') expect(text).toContain("/api/health'");
      else expect(text.trim()).toBe('NONE');
      // No curl/wget in slim images: the probe must not depend on one.
      expect(text).not.toMatch(/\b(curl|wget)\b/);
    });
  });

  it('matches what the chart runs: `node dist/<entry>.js` in WORKDIR for ingest and jobs', () => {
    for (const [file, entry, ws] of [
      ['ingest.Dockerfile', 'dist/server.js', 'services/api'],
      ['jobs.Dockerfile', 'dist/cli.js', 'services/jobs'],
    ] as const) {
      const p = parsed.find((x) => x.file === file)!;
      const workdir = args(of(p.final, 'WORKDIR').at(-1)!)[0]!;
      expect(workdir).toBe(`/app/${ws}`);
      expect(of(p.final, 'COPY').some((c) => args(c).at(-1) === './dist' && args(c)[0] === `/src/${ws}/dist`)).toBe(true);
      expect(of(p.final, 'ENTRYPOINT'), 'no ENTRYPOINT: the chart passes the whole command as args').toEqual([]);
      expect((JSON.parse(of(p.final, 'CMD')[0]!.getArgumentsContent()!) as string[]).slice(0, 2)).toEqual(['node', entry]);
      // Unconditional: a chart that moved must fail here, not skip the comparison.
      const chartPath = join(ROOT, 'charts/cbc-analytics/templates');
      const templates = readdirSync(chartPath, { recursive: true })
        .filter((f) => String(f).endsWith('.yaml') || String(f).endsWith('.tpl'))
        .map((f) => readFileSync(join(chartPath, String(f)), 'utf8'))
        .join('\n');
      expect(templates).toContain(`"node", "${entry}"`);
    }
  });

  it('puts the migrations beside the jobs bundle, where @cbc/db looks for them', () => {
    const migrate = readFileSync(join(ROOT, 'packages/db/src/migrate.ts'), 'utf8');
    expect(migrate).toContain("new URL('../migrations', import.meta.url)");
    const jobs = parsed.find((x) => x.file === 'jobs.Dockerfile')!;
    const copy = of(jobs.final, 'COPY').find((c) => args(c)[0] === '/src/packages/db/migrations')!;
    expect(args(copy).at(-1)).toBe('./migrations'); // WORKDIR/migrations = dist/../migrations
  });

  it('keeps secrets, dependencies and build outputs out of the build context, but every workspace manifest in', () => {
    for (const path of ['.local/secrets.json', '.env', 'node_modules/x', 'services/api/node_modules/x', 'services/api/dist/server.js', 'admin/.next/cache', '.git/config', 'pulumi/Pulumi.prod.yaml', 'dbt/target/manifest.json']) {
      expect(ignored(path, dockerignore), path).toBe(true);
    }
    for (const path of ['.env.example', 'package-lock.json', 'deploy/bundle.mjs', 'dbt/requirements.txt', 'packages/db/migrations/0001_raw_events.sql', 'pulumi/Pulumi.example.yaml']) {
      expect(ignored(path, dockerignore), path).toBe(false);
    }
    for (const ws of rootPkg.workspaces) expect(ignored(`${ws}/package.json`, dockerignore), `${ws}/package.json`).toBe(false);
  });
});
