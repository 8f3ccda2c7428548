// Each command's env schema: every problem at once, before any connection is opened.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, exampleMismatch } from '@cbc/config';
import { pruneRetentionCommand } from '../src/commands/prune-retention';
import { COMMAND_ENV, loadCommandEnv } from '../src/env';
import { COMMANDS } from '../src/main';
import { io } from './support';

const HINT = '(see services/jobs/.env.example; `make up` writes it to .local/stack.env)';

describe('loadCommandEnv', () => {
  it('returns only the variables the command reads', () => {
    const env = loadCommandEnv('migrate', { DATABASE_MIGRATOR_URL: 'postgres://m@h/db', DATABASE_URL: 'postgres://i@h/db' });
    expect(env).toEqual({ DATABASE_MIGRATOR_URL: 'postgres://m@h/db' });
  });

  it('lists every problem: a missing key, a wrong scheme, a bad month count', () => {
    const err = (() => {
      try {
        loadCommandEnv('restore', { DATABASE_ADMIN_URL: 'mysql://x', DATABASE_MIGRATOR_URL: '' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err?.message).toMatch(/^invalid environment for restore:\n/);
    expect(err?.problems).toEqual([
      'DATABASE_ADMIN_URL: must be a postgres:// URL',
      `DATABASE_MIGRATOR_URL: is not set ${HINT}`,
      `PRIVACY_LEDGER_KEY: is not set ${HINT}`,
    ]);
  });

  it('wants one of the URLs wait-for-schema accepts', () => {
    expect(() => loadCommandEnv('wait-for-schema', {})).toThrow(/one of DATABASE_URL, ADMIN_DATABASE_URL, DATABASE_READ_URL must be set/);
    expect(() => loadCommandEnv('wait-for-schema', { DATABASE_URL: '' })).toThrow(/one of DATABASE_URL/);
    expect(loadCommandEnv('wait-for-schema', { ADMIN_DATABASE_URL: 'postgres://a@h/db' }).ADMIN_DATABASE_URL).toBe('postgres://a@h/db');
  });

  it('refuses a bad month count before prune-retention connects anywhere', async () => {
    // The URL points nowhere: reaching it would fail differently.
    const x = io({ DATABASE_PRUNER_URL: 'postgres://p@127.0.0.1:1/db', RETENTION_SERVICE_MONTHS: 'six' });
    await expect(pruneRetentionCommand.run(['--dry-run'], x)).rejects.toThrow('RETENTION_SERVICE_MONTHS: must be a whole number of months');
    expect(loadCommandEnv('prune-retention', { DATABASE_PRUNER_URL: 'postgres://p@h/db', RETENTION_SERVICE_MONTHS: '18' }).RETENTION_SERVICE_MONTHS).toBe(18);
  });
});

describe('services/jobs/.env.example', () => {
  it('documents exactly what the commands read: their schemas, and what seed and k8s declare', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const read = [
      ...Object.values(COMMAND_ENV).flatMap((spec) => Object.keys(spec.schema.properties)),
      ...Object.values(COMMANDS).flatMap((command) => Object.keys(command.env ?? {})),
    ];
    // pg-tools.ts reads it for backup and restore, beside their schemas.
    expect(exampleMismatch(example, read, ['PG_CLIENT_BIN_DIR'])).toEqual({ undocumented: [], unread: [] });
  });
});
