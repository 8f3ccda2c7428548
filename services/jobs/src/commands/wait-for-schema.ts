import { readdirSync } from 'node:fs';
import pg from 'pg';
import { MIGRATIONS_DIR } from '@cbc/db';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';

/**
 * `wait-for-schema [--timeout 300]`: blocks until every migration this build ships has been
 * applied. Kubernetes runs it as an initContainer, so app pods never serve an unmigrated database.
 */
export const waitForSchemaCommand: Command = {
  summary: 'Wait until the database has every migration of this build (--timeout seconds)',
  usage: '[--timeout <seconds>]',
  help: 'options:\n  --timeout <seconds>  how long to wait (default 300) before exiting 1, naming the missing migrations',
  async run(args, io) {
    const flags = parseFlags(args, { timeout: 'string' });
    const deadline = Date.now() + Number(flags.timeout ?? 300) * 1000;
    const expected = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, ''));
    const env = loadCommandEnv('wait-for-schema', io.env);
    // oneOf in its schema guarantees one of them.
    const url = (env.DATABASE_URL ?? env.ADMIN_DATABASE_URL ?? env.DATABASE_READ_URL)!;
    for (;;) {
      const missing = await pendingMigrations(url, expected).catch((err: Error) => [`(database not reachable: ${err.message.split('\n')[0]})`]);
      if (missing.length === 0) {
        io.stdout.write(`schema is current (${expected.length} migrations)\n`);
        return 0;
      }
      if (Date.now() > deadline) {
        io.stderr.write(`timed out waiting for migrations: ${missing.join(', ')}\n`);
        return 1;
      }
      io.stderr.write(`waiting for: ${missing.join(', ')}\n`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  },
};

async function pendingMigrations(url: string, expected: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('SELECT name FROM ops.schema_migrations');
    const applied = new Set(rows.map((r) => r.name));
    return expected.filter((m) => !applied.has(m));
  } finally {
    await client.end();
  }
}
