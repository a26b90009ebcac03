import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages from source, so they need no build first.
const src = (pkg: string, entry = 'index') =>
  fileURLToPath(new URL(`../${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@tollgate/api/schemas': src('api', 'schemas'),
      '@tollgate/api/contract': src('api', 'contract'),
      '@tollgate/api': src('api'),
      '@tollgate/identity': src('identity'),
      '@tollgate/sdk': src('sdk'),
      '@tollgate/dev-server/testing': src('dev-server', 'testing'),
      '@tollgate/dev-server': src('dev-server'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests talk to real servers over loopback: room for a busy machine.
    testTimeout: 30_000,
  },
});
