import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests import workspace packages from source, so they need no build first.
const src = (pkg: string, entry = 'index') =>
  fileURLToPath(new URL(`../${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@tollgate/api/schemas': src('api', 'schemas'),
      '@tollgate/api/contract': src('api', 'contract'),
      '@tollgate/api': src('api'),
      '@tollgate/identity/redis': src('identity', 'redis'),
      '@tollgate/identity/revocations': src('identity', 'revocations'),
      '@tollgate/identity/testing': src('identity', 'testing'),
      '@tollgate/identity': src('identity'),
    },
  },
  // Some tests spawn the bin or fire hundreds of signed calls: room for a busy machine.
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // The shared-state tests need Debian's redis-server: their own step (`pnpm test:redis`,
    // vitest.redis.config.ts), which verify runs where the binary exists and CI requires.
    exclude: [...configDefaults.exclude, 'test/redis-*.test.ts'],
    testTimeout: 120_000,
    // Type tests (handlers typed by their operation) run with the unit tests.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
  },
});
