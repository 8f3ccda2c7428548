import type { Readable, Writable } from 'node:stream';

export interface CommandIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

export interface Command {
  summary: string;
  /** Returns the process exit code. */
  run(args: string[], io: CommandIO): Promise<number>;
}
