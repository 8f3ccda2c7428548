import { defineConfig } from 'vitest/config';

// Each test file runs the Pulumi program once under mocks; files run in separate processes
// (vitest's default `forks` pool), so each gets a fresh Pulumi runtime and its own config.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // prerequisites-stack.test.ts reads a CRD the mocked cluster lacks, on purpose: the SDK then
    // rejects every output of that read. Those rejections, and only those, are the test's subject.
    onUnhandledError: (error) => !/^failed to read resource #\S+ 'missing CRD /.test(error.message ?? ''),
  },
});
