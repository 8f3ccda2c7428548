import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

export interface MigrateOptions {
  /** Connection string of the migrator role (a member of cbc_owner). */
  databaseUrl: string;
  direction?: 'up' | 'down';
  count?: number;
  dir?: string;
  log?: (msg: string) => void;
}

/**
 * Applies the versioned SQL migrations with node-pg-migrate: plain .sql files, one transaction
 * each, an advisory lock so concurrent runners (two Jobs, a test and `make up`) queue instead of
 * racing, and a history table in `ops`.
 */
export async function migrate(opts: MigrateOptions): Promise<string[]> {
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    // Objects must belong to the NOLOGIN owner, never to the login role that ran the migration.
    await client.query('SET ROLE cbc_owner');
    await client.query('CREATE SCHEMA IF NOT EXISTS ops');
    const applied = await runner({
      dbClient: client,
      dir: opts.dir ?? MIGRATIONS_DIR,
      direction: opts.direction ?? 'up',
      count: opts.count ?? Infinity,
      migrationsTable: 'schema_migrations',
      migrationsSchema: 'ops',
      checkOrder: true,
      log: opts.log ?? (() => {}),
    });
    return applied.map((m) => m.name);
  } finally {
    await client.end();
  }
}
