import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` gets a real PostgreSQL 17 and a real
// Redis from the shared @cbc/devstack global set-up. `make test-api` runs the first, `make test-integration` the second.
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['@cbc/devstack/vitest-global-setup'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
