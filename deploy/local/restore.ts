// `make restore [FILE=…]`: stop the API, restore the backup and re-apply the deletion ledger,
// and only then start the API again, so it never serves data an erasure has removed.
import { spawnSync } from 'node:child_process';
import { ROOT } from './paths';
import { servicePid, startService, stopService, waitForHttp } from './processes';
import { readStackEnv } from './stack-env';

async function main() {
  const env = readStackEnv();
  const wasRunning = servicePid('api') !== null;
  if (wasRunning) {
    console.log('▸ stopping the API for the restore');
    await stopService('api');
  }
  const args = ['run', '-s', 'cli', '--', 'restore', ...(process.env.FILE ? ['--file', process.env.FILE] : [])];
  const r = spawnSync('npm', args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('restore failed; the API stays stopped. Fix the cause, then run `make restore` again or `make up`.');
    process.exit(r.status ?? 1);
  }
  console.log('▸ ledger re-applied; starting the API');
  startService('api', process.execPath, ['--enable-source-maps', 'services/api/dist/server.js'], env, ROOT);
  await waitForHttp(`${env.API_URL}/ready`, 30_000);
  console.log('API is serving the restored data');
}

main().catch((err) => {
  console.error(`make restore failed: ${(err as Error).message}`);
  process.exit(1);
});
