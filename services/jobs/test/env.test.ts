// Each command's env schema: every problem at once, before any connection is opened.
import { describe, expect, it } from 'vitest';
import { pruneRetentionCommand } from '../src/commands/prune-retention';
import { CommandEnvError, loadCommandEnv } from '../src/env';
import { io } from './support';

describe('loadCommandEnv', () => {
  it('returns only the variables the command reads', () => {
    const env = loadCommandEnv('migrate', { DATABASE_MIGRATOR_URL: 'postgres://m@h/db', DATABASE_URL: 'postgres://i@h/db' });
    expect(env).toEqual({ DATABASE_MIGRATOR_URL: 'postgres://m@h/db' });
  });

  it('lists every problem: a missing key, a wrong scheme, a bad month count', () => {
    const err = (() => {
      try {
        loadCommandEnv('restore', { DATABASE_ADMIN_URL: 'mysql://x' });
      } catch (e) {
        return e as CommandEnvError;
      }
    })();
    expect(err).toBeInstanceOf(CommandEnvError);
    expect(err?.problems).toEqual([
      'DATABASE_ADMIN_URL must be a postgres:// URL',
      'DATABASE_MIGRATOR_URL is not set (see .env.example; `make up` writes it to .local/stack.env)',
      'PRIVACY_LEDGER_KEY is not set (see .env.example; `make up` writes it to .local/stack.env)',
    ]);
  });

  it('wants one of the URLs wait-for-schema accepts', () => {
    expect(() => loadCommandEnv('wait-for-schema', {})).toThrow(/one of DATABASE_URL, ADMIN_DATABASE_URL, DATABASE_READ_URL must be set/);
    expect(loadCommandEnv('wait-for-schema', { ADMIN_DATABASE_URL: 'postgres://a@h/db' }).ADMIN_DATABASE_URL).toBe('postgres://a@h/db');
  });

  it('refuses a bad month count before prune-retention connects anywhere', async () => {
    // The URL points nowhere: reaching it would fail differently.
    const x = io({ DATABASE_PRUNER_URL: 'postgres://p@127.0.0.1:1/db', RETENTION_SERVICE_MONTHS: 'six' });
    await expect(pruneRetentionCommand.run(['--dry-run'], x)).rejects.toThrow('RETENTION_SERVICE_MONTHS must be a whole number of months');
  });
});
