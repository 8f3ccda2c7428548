import { defineConfig } from 'vitest/config';

// The Dockerfile checks and the chart-to-podman translation of `make test-images`: they read the
// Dockerfiles, the repository and `helm template` output; nothing is started.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'images/check/**/*.test.ts'],
  },
});
