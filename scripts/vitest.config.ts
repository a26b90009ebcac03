import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The release tests publish to a local registry and install consumer projects: their own
    // step (`pnpm test:release`, vitest.release.config.ts), not part of `pnpm test`.
    exclude: [...configDefaults.exclude, 'test/release/**'],
    // These tests spawn node and generators; a busy 2-core machine needs room.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
});
