import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrate, replayLedger } from '@cbc/db';
import { parseFlags } from '../args';
import { requireEnv, type Command } from '../command';
import { recordRun } from '../job-runs';
import { pgClientBin } from '../pg-tools';

const run = promisify(execFile);

/**
 * `restore [--file <dump>] [--dir .local/backups]`: restores the latest (or the named) backup,
 * then makes sure nothing erased comes back. The live deletion ledger is saved before the
 * restore (the dump's own ledger predates later erasures), merged back afterwards, and replayed
 * — all before the caller starts the API again (`make restore` does exactly that).
 */
export const restoreCommand: Command = {
  summary: 'Restore a backup (latest or --file) and re-apply the deletion ledger',
  async run(args, io) {
    const flags = parseFlags(args, { file: 'string', dir: 'string' });
    const dir = String(flags.dir ?? '.local/backups');
    const file = flags.file ? String(flags.file) : await latestDump(dir);
    const adminUrl = requireEnv(io, 'DATABASE_ADMIN_URL');
    const ledgerKey = requireEnv(io, 'PRIVACY_LEDGER_KEY');
    const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
    try {
      // 1. Keep the ledger as it is now: erasures after the backup must survive the restore.
      const saved = await admin
        .query<{ subject_hash: string; erased_at: Date; receipt_id: string }>('SELECT subject_hash, erased_at, receipt_id FROM privacy.deletion_ledger')
        .then((r) => r.rows)
        .catch(() => []);
      await writeFile(join(dir, `ledger-before-restore-${Date.now()}.json`), JSON.stringify(saved));
      io.stderr.write(`restoring ${file} (ledger entries kept aside: ${saved.length})\n`);

      // 2. Replace the database contents with the dump, in one transaction.
      await run(pgClientBin('pg_restore'), ['--clean', '--if-exists', '--single-transaction', '--exit-on-error', '--dbname', adminUrl, file]);
      // 3. A dump may predate newer migrations.
      await migrate({ databaseUrl: requireEnv(io, 'DATABASE_MIGRATOR_URL') });

      const result = await recordRun(admin, 'restore', async () => {
        const client = await admin.connect();
        try {
          for (const row of saved) {
            await client.query(
              'INSERT INTO privacy.deletion_ledger (subject_hash, erased_at, receipt_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
              [row.subject_hash, row.erased_at, row.receipt_id],
            );
          }
          // 4. Erase again whatever the ledger names.
          const replay = await replayLedger(client, ledgerKey, 'job:restore');
          return { file, ledger_entries_merged: saved.length, ...replay };
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
