import { defineConfig } from 'vitest/config';

// The replay cache on a real redis-server (Debian's package), started by the tests themselves.
export default defineConfig({
  test: {
    include: ['test/redis-*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
  },
});
