import { defineConfig } from 'vitest/config';

// The image checks read the Dockerfiles and the repository; nothing is started.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
  },
});
