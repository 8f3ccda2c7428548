// `make down`: stops what `make up` started, in reverse order. Safe to run when nothing runs.
import { stopCluster, stopRedis } from '@cbc/devstack';
import { PATHS } from './paths';
import { stopService } from './processes';

async function main() {
  for (const name of ['admin', 'api']) if (await stopService(name)) console.log(`stopped ${name}`);
  await stopRedis(PATHS.redis);
  await stopCluster(PATHS.pgData);
  console.log('stack stopped (data kept in .local/; `make clean DATA=1` removes it)');
}

main().catch((err) => {
  console.error(`make down failed: ${(err as Error).message}`);
  process.exit(1);
});
