// Every command answers --help with nothing set: an operator reads it before the environment exists.
import { describe, expect, it } from 'vitest';
import { runSeed, seedCommand } from '../src/commands/seed';
import { COMMAND_ENV, type CommandEnvSpec } from '../src/env';
import { COMMANDS, main } from '../src/main';
import { io } from './support';

/** What a command reads: its schema in env.ts, else what it declares itself. */
function variables(name: string): string[] {
  const spec = (COMMAND_ENV as Record<string, CommandEnvSpec>)[name];
  return Object.keys(spec ? spec.schema.properties : (COMMANDS[name]!.env ?? {}));
}

describe('<command> --help', () => {
  it.each(Object.keys(COMMANDS))('%s --help exits 0 without any environment and names every variable it reads', async (name) => {
    const x = io({});
    expect(await main([name, '--help'], x)).toBe(0);
    expect(x.err()).toBe('');
    expect(x.out()).toMatch(new RegExp(`^usage: npm run -s cli -- ${name}\\b`));
    expect(x.out()).toContain('environment:');
    for (const v of variables(name)) expect(x.out()).toMatch(new RegExp(`^  ${v} `, 'm'));
  });

  it('the commands with an env schema list it with what is required', async () => {
    const x = io({});
    await main(['wait-for-schema', '--help'], x);
    expect(x.out()).toContain('(at least one of DATABASE_URL, ADMIN_DATABASE_URL, DATABASE_READ_URL)');
    const y = io({});
    await main(['prune-retention', '--help'], y);
    expect(y.out()).toMatch(/^ {2}DATABASE_PRUNER_URL +required, a postgres:\/\/ URL$/m);
    expect(y.out()).toMatch(/^ {2}RETENTION_BROWSING_MONTHS +optional, whole months ≥ 1$/m);
  });

  it('every command that reads no env schema declares what it reads (seed: both modes)', async () => {
    const withoutSchema = Object.keys(COMMANDS).filter((n) => !(n in COMMAND_ENV));
    for (const name of withoutSchema) expect(COMMANDS[name]!.env, name).toBeDefined();
    // The names seed demands are the ones its --help lists.
    const apiMode = await runSeed({ env: {} }).catch((e: Error) => e.message);
    const bulkMode = await runSeed({ scale: 10, env: {} }).catch((e: Error) => e.message);
    expect(apiMode).toMatch(/^HMAC_SECRET is not set/);
    expect(bulkMode).toMatch(/^DATABASE_URL is not set/);
    expect(Object.keys(seedCommand.env ?? {})).toEqual(expect.arrayContaining(['HMAC_SECRET', 'INGEST_API_KEYS', 'DATABASE_URL', 'IP_SALT', 'PRIVACY_LEDGER_KEY']));
  });

  it('documents every option on its usage line', () => {
    for (const [name, c] of Object.entries(COMMANDS)) {
      for (const flag of (c.usage ?? '').match(/--[a-z-]+/g) ?? []) expect(c.help, `${name} ${flag}`).toContain(flag);
    }
  });

  it('--help wins over other arguments, even invalid ones', async () => {
    const x = io({});
    expect(await main(['seed', '--scale', 'many', '--help'], x)).toBe(0);
    expect(x.out()).toContain('--scale');
  });

  it('the command list points to per-command help', async () => {
    const x = io({});
    expect(await main(['--help'], x)).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(x.out()).toContain(`  ${name} `);
    expect(x.out()).toContain('<command> --help');
  });
});
