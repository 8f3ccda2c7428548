import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, replayLedger } from '@cbc/db';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';
import { recordRun } from '../job-runs';
import { pgClientBin } from '../pg-tools';

/**
 * Replaces every application schema with the dump's, in ONE transaction: psql -1 runs
 * "drop the schemas" followed by the dump as SQL, so a failed restore leaves the database as it
 * was. (pg_restore --clean cannot drop the inherited constraints of partitions.)
 */
async function replaceFromDump(adminUrl: string, file: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin
    .query<{ s: string }>(`SELECT quote_ident(nspname) AS s FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')`)
    .finally(() => admin.end());
  const preamble = rows.length ? `DROP SCHEMA ${rows.map((r) => r.s).join(', ')} CASCADE;\n` : '';
  await new Promise<void>((resolve, reject) => {
    const psql = spawn(pgClientBin('psql'), ['--single-transaction', '--quiet', '-v', 'ON_ERROR_STOP=1', '--dbname', adminUrl, '-f', '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    const restore = spawn(pgClientBin('pg_restore'), ['--file', '-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let errors = '';
    psql.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    restore.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    psql.stdin.write(preamble);
    restore.stdout.pipe(psql.stdin);
    restore.on('error', reject);
    psql.on('error', reject);
    psql.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`restore failed (psql exit ${code}): ${errors.trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

/**
 * `restore [--file <dump>] [--dir .local/backups]`: restores the latest (or the named) backup,
 * then makes sure nothing erased comes back. The live deletion ledger is saved before the
 * restore (the dump's own ledger predates later erasures), merged back afterwards, and replayed
 * — all before the caller starts the API again (`make restore` does exactly that).
 */
export const restoreCommand: Command = {
  summary: 'Restore a backup (latest or --file) and re-apply the deletion ledger',
  usage: '[--file <dump>] [--dir <directory>]',
  help: [
    'options:',
    '  --file <dump>      the dump to restore (default: the latest in --dir)',
    '  --dir <directory>  where backups are (default .local/backups)',
    'Checks the dump against its manifest first; needs pg_restore on PATH. Stop the API before.',
  ].join('\n'),
  async run(args, io) {
    const flags = parseFlags(args, { file: 'string', dir: 'string' });
    const dir = String(flags.dir ?? '.local/backups');
    const file = flags.file ? String(flags.file) : await latestDump(dir);
    const env = loadCommandEnv('restore', io.env);
    const adminUrl = env.DATABASE_ADMIN_URL;
    const ledgerKey = env.PRIVACY_LEDGER_KEY;
    const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
    try {
      // 1. Keep the ledger as it is now: erasures after the backup must survive the restore.
      const saved = await admin
        .query<{ subject_hash: string; erased_at: Date; receipt_id: string }>('SELECT subject_hash, erased_at, receipt_id FROM privacy.deletion_ledger')
        .then((r) => r.rows)
        .catch(() => []);
      // The audit log is append-only: entries written after the backup are kept too.
      const audit = await admin
        .query('SELECT audit_id, at, actor, actor_staff_id, action, subject_hash, result, details FROM privacy.audit_log')
        .then((r) => r.rows)
        .catch(() => []);
      await writeFile(join(dir, `ledger-before-restore-${Date.now()}.json`), JSON.stringify({ ledger: saved, audit }));
      io.stderr.write(`restoring ${file} (ledger entries kept aside: ${saved.length})\n`);

      // 2. Replace the database contents with the dump, in one transaction.
      await replaceFromDump(adminUrl, file);
      // 3. A dump may predate newer migrations.
      await migrate({ databaseUrl: env.DATABASE_MIGRATOR_URL });

      const result = await recordRun(admin, 'restore', async () => {
        const client = await admin.connect();
        try {
          for (const row of saved) {
            // The later erasure wins: the dump may hold an older entry for a guest erased again since.
            await client.query(
              `INSERT INTO privacy.deletion_ledger AS d (subject_hash, erased_at, receipt_id) VALUES ($1, $2, $3)
               ON CONFLICT (subject_hash) DO UPDATE SET erased_at = excluded.erased_at, receipt_id = excluded.receipt_id
               WHERE excluded.erased_at > d.erased_at`,
              [row.subject_hash, row.erased_at, row.receipt_id],
            );
          }
          for (const a of audit) {
            await client.query(
              `INSERT INTO privacy.audit_log (audit_id, at, actor, actor_staff_id, action, subject_hash, result, details)
               OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (audit_id) DO NOTHING`,
              [a.audit_id, a.at, a.actor, a.actor_staff_id ?? null, a.action, a.subject_hash, a.result, a.details],
            );
          }
          await client.query(`SELECT setval(pg_get_serial_sequence('privacy.audit_log', 'audit_id'), greatest((SELECT max(audit_id) FROM privacy.audit_log), 1))`);
          // 4. Erase again whatever the ledger names.
          const replay = await replayLedger(client, ledgerKey, 'job:restore');
          return { file, ledger_entries_merged: saved.length, audit_entries_kept: audit.length, ...replay };
        } finally {
          client.release();
        }
      });
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    } finally {
      await admin.end();
    }
  },
};

async function latestDump(dir: string): Promise<string> {
  const dumps = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.dump')).sort();
  const last = dumps.at(-1);
  if (!last) throw new Error(`no backup in ${dir}: run \`make backup\` first`);
  const file = join(dir, last);
  const manifest = JSON.parse(await readFile(file.replace(/\.dump$/, '.manifest.json'), 'utf8').catch(() => '{}')) as { sha256?: string };
  if (!manifest.sha256) throw new Error(`${file} has no manifest; pass --file to restore it anyway`);
  return file;
}
