import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';
import { recordRun } from '../job-runs';
import { pgClientBin } from '../pg-tools';

const run = promisify(execFile);

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * `backup [--dir .local/backups]`: a consistent compressed dump (pg_dump custom format: one
 * snapshot, so every table is from the same instant) plus a manifest with checksum, size,
 * migrations and row counts, so a restore can be checked before it is trusted.
 */
export const backupCommand: Command = {
  summary: 'Dump the database (pg_dump custom format) with a manifest (--dir)',
  usage: '[--dir <directory>]',
  help: [
    'options:',
    '  --dir <directory>  where the dump and its manifest go (default .local/backups)',
    'Writes cbc-<time>.dump (pg_dump custom format) and cbc-<time>.manifest.json (sha256, size,',
    'migrations, row counts), and prints the manifest. Needs pg_dump on PATH.',
  ].join('\n'),
  async run(args, io) {
    const flags = parseFlags(args, { dir: 'string' });
    const dir = String(flags.dir ?? '.local/backups');
    const url = loadCommandEnv('backup', io.env).DATABASE_ADMIN_URL;
    await mkdir(dir, { recursive: true });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    try {
      const manifest = await recordRun(pool, 'backup', async () => {
        const file = join(dir, `cbc-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
        try {
          return await dumpWithManifest(pool, url, file);
        } catch (err) {
          await rm(file, { force: true }); // never leave a dump without its manifest
          throw err;
        }
      });
      io.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
      return 0;
    } finally {
      await pool.end();
    }
  },
};

/**
 * The manifest's counts and the dump come from one exported snapshot, so they describe the same
 * instant even while the API keeps writing.
 */
async function dumpWithManifest(pool: pg.Pool, url: string, file: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: snap } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    await run(pgClientBin('pg_dump'), ['--format=custom', '--compress=6', `--snapshot=${snap[0]!.id}`, '--file', file, url]);
    const { rows: migrations } = await client.query<{ name: string }>('SELECT name FROM ops.schema_migrations ORDER BY id');
    const { rows: counts } = await client.query<{ t: string; n: string }>(`
      SELECT 'raw.events' AS t, count(*) AS n FROM raw.events
      UNION ALL SELECT 'raw.consent_records', count(*) FROM raw.consent_records
      UNION ALL SELECT 'privacy.deletion_ledger', count(*) FROM privacy.deletion_ledger
      UNION ALL SELECT 'privacy.audit_log', count(*) FROM privacy.audit_log`);
    const { rows: version } = await client.query<{ v: string }>('SHOW server_version');
    await client.query('COMMIT');
    const m = {
      file,
      format: 'pg_dump custom',
      created_at: new Date().toISOString(),
      server_version: version[0]?.v,
      bytes: (await stat(file)).size,
      sha256: await sha256(file),
      migrations: migrations.map((r) => r.name),
      row_counts: Object.fromEntries(counts.map((r) => [r.t, Number(r.n)])),
    };
    await writeFile(file.replace(/\.dump$/, '.manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
    return m;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
