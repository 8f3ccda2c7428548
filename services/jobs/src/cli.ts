// The one CLI for operations (`npm run -s cli -- <command>`): the same commands run locally, in
// CI and as Kubernetes Jobs/CronJobs. Each command lives in commands/<name>.ts, the table in main.ts.
import { main } from './main';

main(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
