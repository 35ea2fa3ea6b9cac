import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration/workflow/e2e tests start the local stand-ins
// (dynalite, aws-ses-v2-local, s3rver) on free loopback ports, so they run in forked processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ['test/setup/zod-locale.ts'],
  },
});
