import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { hashPassword, isStaffRole, normalizeEmail, passwordProblem, STAFF_ROLES, upsertStaff } from '@cbc/staff';
import { parseFlags } from '../args';
import type { Command } from '../command';
import { loadCommandEnv } from '../env';

/*
 * `create-staff --email E --role R [--password-stdin]`: creates a dashboard account, or resets
 * the role and password of an existing one (and re-enables it) — the way in for the first admin
 * and the way back for a forgotten password. The password is never an argument (it would land
 * in shell history and `ps`): it is typed at a prompt that does not echo, or piped in.
 */

type TtyIn = Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };

/** Reads one line from a terminal without echoing it. */
function promptHidden(question: string, input: TtyIn, output: Writable): Promise<string> {
  output.write(question);
  input.setRawMode!(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let buf = '';
    const finish = (err: Error | null) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(null);
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') buf = [...buf].slice(0, -1).join('');
        else if (ch >= ' ') buf += ch;
      }
    };
    input.on('data', onData);
  });
}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  // One trailing newline is how `echo` and heredocs end a line, not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function readPassword(fromStdin: boolean, io: { stdin: Readable; stderr: Writable }): Promise<string> {
  if (fromStdin) return readAll(io.stdin);
  const tty = io.stdin as TtyIn;
  if (!tty.isTTY || !tty.setRawMode) {
    throw new Error('no terminal to prompt for the password on: pipe it in with --password-stdin');
  }
  const first = await promptHidden('Password: ', tty, io.stderr);
  const problem = passwordProblem(first);
  if (problem) throw new Error(problem);
  const second = await promptHidden('Repeat the password: ', tty, io.stderr);
  if (first !== second) throw new Error('the passwords do not match');
  return first;
}

export const createStaffCommand: Command = {
  summary: `Create a dashboard account or reset one (--email E --role ${STAFF_ROLES.join('|')} [--password-stdin])`,
  usage: `--email <email> --role ${STAFF_ROLES.join('|')} [--password-stdin]`,
  help: [
    'options:',
    '  --email <email>    the account (case-insensitive); an existing one gets the new role and password',
    `  --role <role>      one of ${STAFF_ROLES.join(', ')}`,
    '  --password-stdin   read the password from stdin (first line) instead of prompting on a terminal',
  ].join('\n'),
  async run(args, io) {
    const f = parseFlags(args, { email: 'string', role: 'string', 'password-stdin': 'boolean' });
    const email = normalizeEmail(f.email);
    if (!email) throw new Error('--email needs a valid email address');
    if (!isStaffRole(f.role)) throw new Error(`--role must be one of ${STAFF_ROLES.join(', ')}`);
    const databaseUrl = loadCommandEnv('create-staff', io.env).ADMIN_DATABASE_URL;
    const password = await readPassword(f['password-stdin'] === true, io);
    const problem = passwordProblem(password);
    if (problem) throw new Error(problem);

    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      const { account, created } = await upsertStaff(pool, { email, role: f.role, passwordHash: await hashPassword(password) });
      io.stdout.write(`${created ? 'created' : 'updated'} staff account ${account.email} (${account.role})\n`);
      return 0;
    } finally {
      await pool.end();
    }
  },
};
