// The one CLI for operations (`npm run -s cli -- <command>`): the same commands run locally, in
// CI and as Kubernetes Jobs/CronJobs. Each command lives in commands/<name>.ts.
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
import type { Command } from './command';

const COMMANDS: Record<string, Command> = {
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

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`);
  return `usage: npm run -s cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return command.run(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
