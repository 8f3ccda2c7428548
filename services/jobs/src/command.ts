import type { Readable, Writable } from 'node:stream';

export interface CommandIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

export interface Command {
  summary: string;
  /** What follows the command name on the usage line, e.g. `[--dry-run] [--class C]`. */
  usage?: string;
  /** Options, input and output formats: the body of `<command> --help`. */
  help?: string;
  /**
   * The variables of a command without a schema in env.ts (name → meaning). Commands with one
   * leave this out: their --help lists COMMAND_ENV, the schema they are validated against.
   */
  env?: Readonly<Record<string, string>>;
  /** Returns the process exit code. */
  run(args: string[], io: CommandIO): Promise<number>;
}
