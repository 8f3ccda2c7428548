// The step lines of `make up`: "[3/8] roles and migrations … 2.1 s". A tool's own output is
// captured and shown only when its step fails; a step may report progress, which redraws its
// line on a terminal and is printed at each quarter otherwise (CI logs stay a few lines long).
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

export interface StepContext {
  /** done of total units; `detail` names the current unit (a dbt model, say). */
  progress(done: number, total: number, detail?: string): void;
  /** Appended to the step's final line, e.g. a one-line summary. */
  note(text: string): void;
}

/** A failed command: its captured output travels with the error so the step can show it. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

export const seconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

const QUARTERS = [0.25, 0.5, 0.75];

export class Steps {
  private n = 0;
  /** The line being redrawn on a terminal, if any: cleared before anything else is printed. */
  private live = '';

  constructor(
    private readonly total: number,
    private readonly out: Writable & { isTTY?: boolean } = process.stdout,
  ) {}

  /** Prints a line, keeping a live (redrawn) line below it on a terminal. */
  print(line: string): void {
    if (this.out.isTTY && this.live) this.out.write('\r\u001b[K');
    this.out.write(`${line}\n`);
    if (this.out.isTTY && this.live) this.out.write(this.live);
  }

  private redraw(text: string): void {
    this.live = text;
    if (this.out.isTTY) this.out.write(`\r\u001b[K${text}`);
  }

  /** Runs the next step: "[n/total] name …", then its time (or its captured output if it fails). */
  async run<T>(name: string, fn: (s: StepContext) => Promise<T>): Promise<T> {
    const label = `[${++this.n}/${this.total}] ${name}`;
    const started = performance.now();
    const notes: string[] = [];
    let quarter = 0;
    const elapsed = () => seconds(performance.now() - started);
    this.redraw(`${label} …`);
    const ctx: StepContext = {
      progress: (done, total, detail) => {
        const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
        const text = `${label} ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${pct} %)${detail ? ` ${detail}` : ''}`;
        if (this.out.isTTY) this.redraw(`${text} … ${elapsed()}`);
        else if (quarter < QUARTERS.length && done >= total * QUARTERS[quarter]!) {
          while (quarter < QUARTERS.length && done >= total * QUARTERS[quarter]!) quarter++;
          this.out.write(`${text} … ${elapsed()}\n`);
        }
      },
      note: (text) => notes.push(text),
    };
    // The final line replaces the live one.
    const finish = (line: string) => {
      if (this.out.isTTY && this.live) this.out.write('\r\u001b[K');
      this.live = '';
      this.out.write(`${line}\n`);
    };
    try {
      const result = await fn(ctx);
      finish(`${label} … ${elapsed()}${notes.length ? `  ${notes.join('; ')}` : ''}`);
      return result;
    } catch (err) {
      finish(`${label} failed after ${elapsed()}`);
      if (err instanceof CommandError && err.output.trim()) this.print(err.output.trimEnd());
      throw err;
    }
  }
}

/**
 * Runs a command with its output captured (shown by the step only if it fails). `onLine` sees
 * each stdout line as it arrives, for progress.
 */
export function runQuiet(
  cmd: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; onLine?: (line: string) => void; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], ...(opts.signal ? { signal: opts.signal } : {}) });
    let output = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (!opts.onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) opts.onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => reject(new CommandError(`${cmd}: ${err.message}`, output)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else reject(new CommandError(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`, output));
    });
  });
}
