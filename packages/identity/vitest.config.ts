import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The Redis tests need Debian's redis-server: their own step (`pnpm test:redis`), which
    // verify runs where the binary exists and CI requires (.ci/run installs it).
    exclude: [...configDefaults.exclude, 'test/redis-*.test.ts'],
    // Registers the opt-in tweetnacl backend, so TOLLGATE_IDENTITY_BACKEND=tweetnacl works.
    setupFiles: ['test/setup.ts'],
    // The second run uses tweetnacl (pure JavaScript): on a loaded 2-core machine one test of
    // many signatures can take several seconds. Generous limits; nothing asserts a duration.
    testTimeout: 90_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
});
