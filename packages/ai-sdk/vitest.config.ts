import { defineConfig } from 'vitest/config';
import { sourceAliases } from '../../vitest.base';

export default defineConfig({
  // Tests import workspace packages from source, so they need no build first.
  resolve: { alias: sourceAliases(import.meta.url) },
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests talk to real servers over loopback: room for a busy machine.
    testTimeout: 90_000,
  },
});
