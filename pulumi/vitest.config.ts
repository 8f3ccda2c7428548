import { defineConfig } from 'vitest/config';

// Each test file runs the Pulumi program once under mocks; files run in separate processes
// (vitest's default `forks` pool), so each gets a fresh Pulumi runtime and its own config.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
