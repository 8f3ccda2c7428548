import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src', import.meta.url));

/*
 * Two projects. `unit`: data shaping, CSV, session/CSRF logic, role guards, components rendered
 * to markup — nothing running. `e2e`: the real stack (PostgreSQL + Redis from @cbc/devstack,
 * the Ingest API in-process, the seed, a real dbt build, the production Next build served by
 * its standalone server) driven by headless Debian Chromium; started once by
 * test/e2e/global-setup.ts. The e2e files run one after another: they share one server and
 * one browser binary on a 2-core machine, and one of them stops the admin's Redis on purpose.
 */
export default defineConfig({
  resolve: {
    alias: {
      '@/': `${src}/`,
      // The real package throws outside React's server environment; here it has nothing to guard.
      'server-only': fileURLToPath(new URL('./test/support/server-only.ts', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          // Timeouts only detect a hang; tests synchronise on conditions (a response, a drawn
          // chart). A 2-core machine shared under load (load average 20) makes a multi-page
          // test several times slower, so the deadline leaves room for that.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
