import pg from 'pg';
import { replayLedger } from '@cbc/db';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';
import { recordRun } from '../job-runs';

export const replayLedgerCommand: Command = {
  summary: 'Re-apply every recorded GDPR erasure (run after any restore or rebuild)',
  help: 'No options. Prints a JSON summary of the rows erased again.',
  async run(_args, io) {
    const env = loadCommandEnv('replay-ledger', io.env);
    const pool = new pg.Pool({ connectionString: env.DATABASE_PRIVACY_URL, max: 2 });
    const key = env.PRIVACY_LEDGER_KEY;
    try {
      const result = await recordRun(pool, 'ledger_replay', async () => {
        const client = await pool.connect();
        try {
          return { ...(await replayLedger(client, key, 'job:replay-ledger')) };
        } finally {
          client.release();
        }
      });
      io.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    } finally {
      await pool.end();
    }
  },
};
