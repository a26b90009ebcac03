import { defineConfig } from 'vitest/config';

// The release path end to end: a local registry, publishing, consumer installs. One file at a
// time (they share one registry and the npm cache), with room for installs and builds.
export default defineConfig({
  test: {
    include: ['test/release/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
