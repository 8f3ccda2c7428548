import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestStack } from './test-cluster';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const DBT = join(ROOT, '.venv', 'bin', 'dbt');

/**
 * Runs the real dbt CLI against a test database as the transformer role. Each call gets its own
 * target and log directories, so test files running in parallel never share dbt's state.
 */
export async function runDbt(stack: TestStack, database: string, args: string[]): Promise<{ code: number; output: string }> {
  if (!existsSync(DBT)) throw new Error('dbt is not installed in .venv: run `make install` (make test does)');
  const work = await mkdtemp(join(tmpdir(), 'cbc-dbt-'));
  const env = {
    ...process.env,
    DBT_HOST: '127.0.0.1',
    DBT_PORT: String(stack.port),
    DBT_DATABASE: database,
    DBT_USER: 'cbc_transformer',
    DBT_ENV_SECRET_PASSWORD: stack.passwords.cbc_transformer,
    DBT_TARGET_PATH: join(work, 'target'),
    DBT_LOG_PATH: join(work, 'logs'),
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(DBT, [...args, '--profiles-dir', 'dbt', '--project-dir', 'dbt'], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
