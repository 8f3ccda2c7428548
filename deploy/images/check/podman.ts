// The podman calls of the boot checks. Every call gets the project's containers.conf (runc and
// ulimits this host needs) unless the caller already set CONTAINERS_CONF.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envFileText, podmanRunArgs, type ContainerRun } from './chart';

const CONF = new URL('../../../scripts/images/containers.conf', import.meta.url).pathname;

/** Runs podman; `output` interleaves stdout and stderr (for messages), `stdout` is stdout alone. */
export function podman(args: string[]): Promise<{ code: number; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('podman', args, { env: { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? CONF } });
    let output = '';
    let stdout = '';
    p.stdout.on('data', (d: Buffer) => ((output += d.toString()), (stdout += d.toString())));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? 1, output, stdout }));
  });
}

let envFiles = 0;
function runArgs(c: ContainerRun, workDir: string): { options: string[]; trailing: string[] } {
  // Secrets go through a file only root can read, never the command line.
  const envFile = join(workDir, `env-${++envFiles}`);
  writeFileSync(envFile, envFileText(c.env), { mode: 0o600 });
  return podmanRunArgs(c, envFile);
}

/** Runs `c` to completion. */
export async function podmanRun(c: ContainerRun, workDir: string, extraArgs: string[] = []) {
  const { options, trailing } = runArgs(c, workDir);
  return podman(['run', '--rm', ...options, ...trailing, ...extraArgs]);
}

/** Starts `c` detached as `name` (replacing a leftover of an earlier run); returns the name. */
export async function podmanStart(c: ContainerRun, workDir: string, name: string): Promise<string> {
  await podman(['rm', '-f', '-t', '0', name]);
  const { options, trailing } = runArgs(c, workDir);
  const r = await podman(['run', '-d', `--name=${name}`, ...options, ...trailing]);
  if (r.code !== 0) throw new Error(`podman run: ${r.output.trim()}`);
  return name;
}

async function logsTail(name: string): Promise<string> {
  const r = await podman(['logs', '--tail', '15', name]);
  return r.output.trim();
}

/** Polls `url` until it answers 200; fails early when the container `name` has exited. */
export async function waitForHttp(url: string, timeoutMs: number, name: string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
      if (res.status === 200) return `200 after ${((timeoutMs - (deadline - Date.now())) / 1000).toFixed(1)} s`;
      last = `status ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    const state = await podman(['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', name]);
    if (state.stdout.startsWith('false')) throw new Error(`${name} exited (${state.stdout.trim()})\n${await logsTail(name)}`);
    if (Date.now() > deadline) throw new Error(`${url}: ${last}\n${await logsTail(name)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * SIGTERM (what the kubelet sends), then the container must exit 0 within `graceSeconds`, and
 * its whole log must show no write refused by the read-only root (a cache or temp file the
 * chart gives no volume for fails quietly in some frameworks and only logs).
 */
export async function podmanStop(name: string, graceSeconds: number): Promise<string> {
  const start = Date.now();
  await podman(['stop', '-t', String(graceSeconds), name]);
  const state = await podman(['inspect', '--format', '{{.State.ExitCode}}', name]);
  if (state.stdout.trim() !== '0') throw new Error(`exit ${state.stdout.trim()}\n${await logsTail(name)}`);
  const refused = (await podman(['logs', name])).output.split('\n').filter((l) => /EROFS|EACCES|read-only file system/i.test(l));
  if (refused.length) throw new Error(`exit 0, but writes were refused\n${refused.slice(0, 5).join('\n')}`);
  return `exit 0 after ${((Date.now() - start) / 1000).toFixed(1)} s, no refused writes in the log`;
}
