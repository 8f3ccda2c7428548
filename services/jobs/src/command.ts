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

/** Reads a required environment variable or explains which one is missing. */
export function requireEnv(io: CommandIO, name: string): string {
  const v = io.env[name];
  if (!v) throw new Error(`${name} is not set (see .env.example; \`make up\` writes it to .local/stack.env)`);
  return v;
}
