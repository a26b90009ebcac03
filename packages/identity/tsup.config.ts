import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.base';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * `@tollgate/identity/redis` throws the root entry's IdentityError, not a copy of it: the
 * CommonJS build has no shared chunks, so a bundled copy would fail `instanceof
 * IdentityError` for a consumer that imports the class from `@tollgate/identity`. Its
 * `./errors` import is left external, pointed at the root entry's built file.
 */
const errorsFromRootEntry: EsbuildPlugin = {
  name: 'errors-from-root-entry',
  setup(build) {
    const root = build.initialOptions.format === 'cjs' ? './index.cjs' : './index.js';
    build.onResolve({ filter: /^\.\/errors$/ }, (args) =>
      /[/\\]src[/\\]redis\.ts$/.test(args.importer) ? { path: root, external: true } : undefined,
    );
  },
};

const base = packageBuild({
  entry: ['src/index.ts', 'src/tweetnacl.ts', 'src/redis.ts'],
  bundleInCjs: ['jose'],
});
export default defineConfig({
  ...base,
  esbuildPlugins: [...(base.esbuildPlugins ?? []), errorsFromRootEntry],
});
