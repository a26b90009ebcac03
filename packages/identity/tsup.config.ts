import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.base';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * `@tollgate/identity/redis` and `/testing` use the root entry's IdentityError and backend,
 * not copies of them: the CommonJS build has no shared chunks, so a bundled copy would fail
 * `instanceof IdentityError` for a consumer that imports the class from
 * `@tollgate/identity`. Their `./errors` and `./index` imports are left external, pointed at
 * the root entry's built file.
 */
const fromRootEntry: EsbuildPlugin = {
  name: 'from-root-entry',
  setup(build) {
    const root = build.initialOptions.format === 'cjs' ? './index.cjs' : './index.js';
    build.onResolve({ filter: /^\.\/(errors|index)$/ }, (args) =>
      /[/\\]src[/\\](redis|testing)\.ts$/.test(args.importer)
        ? { path: root, external: true }
        : undefined,
    );
  },
};

const base = packageBuild({
  entry: ['src/index.ts', 'src/tweetnacl.ts', 'src/redis.ts', 'src/testing.ts'],
  bundleInCjs: ['jose', '@noble/hashes'],
});
export default defineConfig({
  ...base,
  esbuildPlugins: [...(base.esbuildPlugins ?? []), fromRootEntry],
});
