import { defineConfig } from 'tsup';
import { fromRootEntry, packageBuild } from '../../tsup.base';

const base = packageBuild({ entry: ['src/index.ts', 'src/testing.ts'] });
export default defineConfig([
  {
    ...base,
    // `/testing` starts the root entry's server, not a second copy of it in the CommonJS build.
    esbuildPlugins: [...(base.esbuildPlugins ?? []), fromRootEntry(['testing'])],
  },
  {
    // The bin uses top-level await: ESM only.
    entry: ['src/cli.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
  },
]);
