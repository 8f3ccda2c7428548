import { migrate } from '@cbc/db';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';

export const migrateCommand: Command = {
  summary: 'Apply pending database migrations (as DATABASE_MIGRATOR_URL)',
  usage: '[--down]',
  help: [
    'options:',
    '  --down  revert the latest migration instead (development only)',
    'Prints the migrations applied, or "database is up to date".',
  ].join('\n'),
  async run(args, io) {
    const down = args.includes('--down');
    const applied = await migrate({
      databaseUrl: loadCommandEnv('migrate', io.env).DATABASE_MIGRATOR_URL,
      direction: down ? 'down' : 'up',
      count: down ? 1 : Infinity,
      log: (m) => io.stderr.write(`${m}\n`),
    });
    io.stdout.write(applied.length ? `${down ? 'reverted' : 'applied'}: ${applied.join(', ')}\n` : 'database is up to date\n');
    return 0;
  },
};
