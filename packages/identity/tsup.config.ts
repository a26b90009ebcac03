import { defineConfig } from 'tsup';
import { fromRootEntry, packageBuild } from '../../tsup.base';

const base = packageBuild({
  entry: [
    'src/index.ts',
    'src/tweetnacl.ts',
    'src/redis.ts',
    'src/revocations.ts',
    'src/testing.ts',
  ],
  bundleInCjs: ['jose', '@noble/hashes'],
});
export default defineConfig({
  ...base,
  // `/redis` and `/testing` throw the root entry's IdentityError, not a copy of it: a copy
  // would fail `instanceof IdentityError` for a consumer that imports it from the root.
  esbuildPlugins: [
    ...(base.esbuildPlugins ?? []),
    fromRootEntry(['redis', 'testing'], ['errors', 'index']),
  ],
});
