import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS } from './paths';

/**
 * Starts a detached service whose output goes to .local/logs/<name>.log and whose pid goes to
 * .local/run/<name>.pid, so `make logs-<name>` and `make down` find it after this script exits.
 */
export function startService(name: string, cmd: string, args: string[], env: Record<string, string>, cwd: string): number {
  const log = openSync(join(PATHS.logs, `${name}.log`), 'a');
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', log, log] });
  child.unref();
  writeFileSync(join(PATHS.run, `${name}.pid`), String(child.pid));
  return child.pid!;
}

export function servicePid(name: string): number | null {
  const f = join(PATHS.run, `${name}.pid`);
  if (!existsSync(f)) return null;
  const pid = Number(readFileSync(f, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** SIGTERM (the service drains), then SIGKILL if it has not exited in time. */
export async function stopService(name: string, timeoutMs = 20_000): Promise<boolean> {
  const pid = servicePid(name);
  rmSync(join(PATHS.run, `${name}.pid`), { force: true });
  if (!pid) return false;
  try {
    process.kill(-pid, 'SIGTERM'); // the whole process group: npm/tsx wrappers included
  } catch {
    process.kill(pid, 'SIGTERM');
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  return true;
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms (${last})`);
}
