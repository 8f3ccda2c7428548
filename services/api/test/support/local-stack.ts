import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the settings file `make up` writes for the local stack. */
export const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
export const STACK_ENV = join(ROOT, '.local', 'stack.env');

/**
 * What the scripts run against the local stack (`make attack`, `make verify-metrics`) need from
 * it: its settings and, because they flood, scan or read as superuser whatever they are pointed
 * at, a refusal to talk to anything but this machine's loopback. `tool` names the script in its
 * messages; every failure exits 2 ("cannot run"), apart from the script's own verdict.
 */
export function localStack(tool: string) {
  const fail = (message: string): never => {
    console.error(`${tool}: ${message}`);
    process.exit(2);
  };
  const readStackEnv = (): Record<string, string> => {
    if (!existsSync(STACK_ENV)) fail('no .local/stack.env: start the stack with `make up` first');
    const env: Record<string, string> = {};
    for (const line of readFileSync(STACK_ENV, 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)='(.*)'$/.exec(line.trim());
      if (m) env[m[1]!] = m[2]!;
    }
    return env;
  };
  const loopbackOnly = (name: string, url: string | undefined): string => {
    if (!url) fail(`${name} is not set in .local/stack.env`);
    const host = new URL(url!).hostname;
    if (host !== '127.0.0.1') fail(`${name} points at ${host}: ${tool} only talks to 127.0.0.1`);
    return url!;
  };
  /** The first key of a `name:key,name:key` list. */
  const firstKey = (list: string | undefined, name: string): string => list?.split(',')[0]?.split(':').slice(1).join(':') || fail(`${name} has no key`);
  return { fail, readStackEnv, loopbackOnly, firstKey };
}
