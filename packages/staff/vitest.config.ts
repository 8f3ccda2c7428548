import { defineConfig } from 'vitest/config';

// `unit` needs nothing running; `integration` gets a real PostgreSQL 17 (migrated, with the
// cbc_admin role) from @cbc/devstack, so the account SQL is tested under the role that runs it.
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/*.unit.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/*.int.test.ts'], globalSetup: ['@cbc/devstack/vitest-global-setup'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
