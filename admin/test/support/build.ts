import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN = fileURLToPath(new URL('../..', import.meta.url));
const ROOT = join(ADMIN, '..');
const STAMP = join(ADMIN, '.next', 'cbc-build-hash');
export const SERVER = join(ADMIN, '.next', 'standalone', 'admin', 'server.js');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Everything the production build depends on: a change anywhere means build again. */
function sourceHash(): string {
  const h = createHash('sha256');
  const inputs = [
    ...files(join(ADMIN, 'src')),
    // The workspaces the admin bundles: a change in any of them means build again too.
    ...files(join(ROOT, 'packages', 'staff', 'src')),
    ...files(join(ROOT, 'packages', 'contract', 'src')),
    ...files(join(ROOT, 'services', 'jobs', 'src', 'k8s')),
    join(ADMIN, 'next.config.ts'),
    join(ADMIN, 'postcss.config.mjs'),
    join(ADMIN, 'package.json'),
    join(ROOT, 'package-lock.json'),
  ].sort();
  for (const f of inputs) h.update(relative(ROOT, f)).update(readFileSync(f));
  return h.digest('hex');
}

/**
 * `npm run build` (next build + copying static assets into the standalone server) once, and
 * again only when a source changed since: the e2e suite and the benchmark share the build.
 */
export async function ensureBuild(log: (line: string) => void): Promise<{ built: boolean; seconds: number }> {
  const hash = sourceHash();
  if (existsSync(SERVER) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return { built: false, seconds: 0 };
  const started = Date.now();
  log('next build (production, standalone)…');
  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'build'], { cwd: ADMIN, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`next build failed:\n${output.join('').slice(-6000)}`);
  writeFileSync(STAMP, hash);
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  log(`next build done in ${seconds} s`);
  return { built: true, seconds };
}
