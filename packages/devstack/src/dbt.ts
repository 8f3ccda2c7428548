import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestStack } from './test-cluster';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const DBT = join(ROOT, '.venv', 'bin', 'dbt');
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
/** The wrapper every dbt run goes through: it holds the build's advisory lock (dbt/README.md). */
export const LOCKED_DBT = join(ROOT, 'dbt', 'scripts', 'locked_dbt.py');

/** The advisory lock key of dbt runs, read from the wrapper so tests hold exactly that lock. */
export function dbtLockKey(): string {
  const m = /^LOCK_KEY = (0x[0-9A-Fa-f]+)$/m.exec(readFileSync(LOCKED_DBT, 'utf8'));
  if (!m?.[1]) throw new Error(`no LOCK_KEY in ${LOCKED_DBT}`);
  return BigInt(m[1]).toString();
}

/**
 * Runs the real dbt CLI against a test database as the transformer role, through the locking
 * wrapper as the CronJob does. Each call gets its own target and log directories, so test files
 * running in parallel never share dbt's state (advisory locks are per database, so they never
 * wait for each other either). `env` adds variables, e.g. DBT_LOCK_WAIT_SECONDS.
 */
export async function runDbt(
  stack: TestStack,
  database: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  if (!existsSync(DBT)) throw new Error('dbt is not installed in .venv: run `make install` (make test does)');
  const work = await mkdtemp(join(tmpdir(), 'cbc-dbt-'));
  const childEnv = {
    ...process.env,
    DBT_HOST: '127.0.0.1',
    DBT_PORT: String(stack.port),
    DBT_DATABASE: database,
    DBT_USER: 'cbc_transformer',
    DBT_ENV_SECRET_PASSWORD: stack.passwords.cbc_transformer,
    DBT_TARGET_PATH: join(work, 'target'),
    DBT_LOG_PATH: join(work, 'logs'),
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    ...env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [LOCKED_DBT, ...args, '--profiles-dir', 'dbt', '--project-dir', 'dbt'], { cwd: ROOT, env: childEnv });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
