// The admin dashboard in the local stack: `make up` starts it after the API (startAdmin) with a
// dev admin account, and `make dev-admin` runs it with hot reload instead (this file's main).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findCredentialsByEmail, hashPassword, insertStaff } from '@cbc/staff';
import { LOCAL, PATHS, ROOT } from './paths';
import { servicePid, startService, stopService, waitForHttp } from './processes';
import { readStackEnv } from './stack-env';

export const ADMIN_PORT = Number(process.env.ADMIN_PORT ?? 3001);
export const ADMIN_EMAIL = 'admin@cbc.local';
const SERVER = join(ROOT, 'admin', '.next', 'standalone', 'admin', 'server.js');
/** The dev admin's generated password, kept across `make up` runs (mode 600, git-ignored). */
const CREDENTIALS = join(LOCAL, 'admin-dev.json');

/** What the admin process reads (admin/.env.example); nothing else from the stack's secrets. */
function adminEnv(stack: Record<string, string>, port: number): Record<string, string> {
  return {
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    NEXT_TELEMETRY_DISABLED: '1',
    API_URL: stack.API_URL ?? '',
    READ_API_KEYS: stack.READ_API_KEYS ?? '',
    PRIVACY_API_KEYS: stack.PRIVACY_API_KEYS ?? '',
    ADMIN_DATABASE_URL: stack.ADMIN_DATABASE_URL ?? '',
    // Empty when redis-server is missing: the admin then keeps sessions in its own memory
    // and says so in .local/logs/admin.log.
    REDIS_URL: stack.REDIS_URL ?? '',
  };
}

/**
 * The dev admin account: created on the first run with a generated password, which is kept
 * in .local/admin-dev.json. Later runs leave the account alone if it exists (a password
 * changed on the Staff page stays changed) and recreate it if it was removed.
 */
async function ensureDevAdmin(databaseUrl: string): Promise<{ password: string; created: boolean }> {
  const saved = existsSync(CREDENTIALS) ? (JSON.parse(readFileSync(CREDENTIALS, 'utf8')) as { password?: string }) : {};
  const password = saved.password ?? randomBytes(12).toString('base64url');
  if (!saved.password) writeFileSync(CREDENTIALS, JSON.stringify({ email: ADMIN_EMAIL, password }, null, 2), { mode: 0o600 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    if (await findCredentialsByEmail(pool, ADMIN_EMAIL)) return { password, created: false };
    await insertStaff(pool, { email: ADMIN_EMAIL, role: 'admin', passwordHash: await hashPassword(password) });
    return { password, created: true };
  } finally {
    await pool.end();
  }
}

/** Replaces (or adds) the ADMIN_* lines of .local/stack.env, leaving every other line as it is. */
function writeStackEnv(values: Record<string, string>) {
  const lines = readFileSync(PATHS.stackEnv, 'utf8')
    .split('\n')
    .filter((l) => l && !Object.keys(values).some((k) => l.startsWith(`${k}=`)));
  for (const [k, v] of Object.entries(values)) lines.push(`${k}='${v}'`);
  writeFileSync(PATHS.stackEnv, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/**
 * Starts the dashboard (the production build: `make up` builds first) on :3001 once the API is
 * ready, ensures the dev admin, writes ADMIN_URL/ADMIN_EMAIL/ADMIN_PASSWORD to stack.env and
 * adds them to `env` so `make up` prints them with the rest.
 */
export async function startAdmin(env: Record<string, string>, say: (line: string) => void = console.log): Promise<void> {
  const url = `http://localhost:${ADMIN_PORT}`;
  const dev = await ensureDevAdmin(env.ADMIN_DATABASE_URL ?? '');
  if (dev.created) say(`dev admin ${ADMIN_EMAIL} created (password in .local/stack.env and .local/admin-dev.json)`);
  if (servicePid('admin')) {
    say(`admin already running on :${ADMIN_PORT} (make down to stop it)`);
  } else {
    if (!existsSync(SERVER)) throw new Error('admin/.next/standalone is missing: run `make build` (make up does) first');
    startService('admin', process.execPath, [SERVER], adminEnv(env, ADMIN_PORT), join(ROOT, 'admin', '.next', 'standalone', 'admin'));
  }
  await waitForHttp(`http://127.0.0.1:${ADMIN_PORT}/api/health`, 60_000);
  const values = { ADMIN_URL: url, ADMIN_EMAIL, ADMIN_PASSWORD: dev.password };
  writeStackEnv(values);
  Object.assign(env, values);
}

/** `make dev-admin`: stop the built dashboard if `make up` runs it, then `next dev` on its port. */
async function dev() {
  const stack = readStackEnv();
  if (await stopService('admin')) console.log('stopped the built admin (`make up` starts it again)');
  const child = spawn('npm', ['run', '-s', 'dev', '-w', '@cbc/admin'], {
    cwd: ROOT,
    env: { ...process.env, ...adminEnv(stack, ADMIN_PORT) },
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[2] === 'dev') {
  dev().catch((err) => {
    console.error(`make dev-admin failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
