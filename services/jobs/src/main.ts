// The command table and the dispatcher, apart from cli.ts (which only binds the process), so
// tests run every command's --help in-process.
import { backupCommand } from './commands/backup';
import { createStaffCommand } from './commands/create-staff';
import { explainMetricCommand } from './commands/explain-metric';
import { k8sCommand } from './commands/k8s';
import { migrateCommand } from './commands/migrate';
import { pruneRetentionCommand } from './commands/prune-retention';
import { redactCommand } from './commands/redact';
import { replayLedgerCommand } from './commands/replay-ledger';
import { restoreCommand } from './commands/restore';
import { seedCommand } from './commands/seed';
import { waitForSchemaCommand } from './commands/wait-for-schema';
import type { Command, CommandIO } from './command';
import { COMMAND_ENV, type CommandEnvSpec } from './env';

export const COMMANDS: Record<string, Command> = {
  migrate: migrateCommand,
  'wait-for-schema': waitForSchemaCommand,
  redact: redactCommand,
  'prune-retention': pruneRetentionCommand,
  'replay-ledger': replayLedgerCommand,
  seed: seedCommand,
  'explain-metric': explainMetricCommand,
  'create-staff': createStaffCommand,
  backup: backupCommand,
  restore: restoreCommand,
  k8s: k8sCommand,
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`);
  return `usage: npm run -s cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n<command> --help shows its options and the environment it needs.\n`;
}

function envLines(name: string, command: Command): string[] {
  const spec = (COMMAND_ENV as Record<string, CommandEnvSpec>)[name];
  if (!spec) return Object.entries(command.env ?? {}).map(([v, meaning]) => `  ${v.padEnd(26)} ${meaning}`);
  const required = new Set<string>(spec.schema.required ?? []);
  const lines = Object.entries(spec.schema.properties).map(([v, s]) => `  ${v.padEnd(26)} ${required.has(v) ? 'required' : 'optional'}, ${(s as { description?: string }).description}`);
  if (spec.oneOf) lines.push(`  (at least one of ${spec.oneOf.join(', ')})`);
  return lines;
}

/** `<command> --help`: usage, options and formats, and the environment; needs no env set. */
export function commandHelp(name: string, command: Command): string {
  const env = envLines(name, command);
  return [
    `usage: npm run -s cli -- ${name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.summary,
    ...(command.help ? ['', command.help.trimEnd()] : []),
    '',
    'environment:',
    ...(env.length ? env : ['  none']),
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  // Before the command parses anything: help must work with no environment and any other flags.
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(commandHelp(name, command));
    return 0;
  }
  return command.run(args, io);
}
