import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// State shared through a real redis-server (Debian's package), started by the tests themselves.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/redis-*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
