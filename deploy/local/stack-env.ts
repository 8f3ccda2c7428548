import { existsSync, readFileSync } from 'node:fs';
import { PATHS } from './paths';

/** Reads .local/stack.env (written by `make up`) into an object. */
export function readStackEnv(): Record<string, string> {
  if (!existsSync(PATHS.stackEnv)) throw new Error('no .local/stack.env: run `make up` first');
  const env: Record<string, string> = {};
  for (const line of readFileSync(PATHS.stackEnv, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)='(.*)'$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}
