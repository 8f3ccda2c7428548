// The one vitest globalSetup for every workspace whose tests need PostgreSQL and Redis:
//   globalSetup: ['@cbc/devstack/vitest-global-setup']
// It starts the stack once per run and hands it to the test files as `inject('stack')`.
import type { TestProject } from 'vitest/node';
// Loads vitest's types into this program, without which the augmentation below has no module to extend.
import type {} from 'vitest';
import { startTestStack, type TestStack } from './test-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: TestStack;
  }
}

/** The key under which test files `inject` the stack. */
export type ProvidedStack = { stack: TestStack };

export default async function setup(project: TestProject) {
  const { stack, stop } = await startTestStack();
  project.provide('stack', stack);
  return stop;
}
