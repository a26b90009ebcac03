import { defineConfig } from 'vitest/config';
import { sourceAliases } from '../../vitest.base';

export default defineConfig({
  // Tests import workspace packages from source, so they need no build first.
  resolve: { alias: sourceAliases(import.meta.url, 'sdk') },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Integration tests talk to a real server and spawn processes: room for a busy machine.
    testTimeout: 120_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
});
