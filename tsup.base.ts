/**
 * The build every published library package shares (each package's tsup.config.ts calls
 * `packageBuild`): ESM and CommonJS side by side, each with its own types, so CommonJS
 * consumers work on Node 20 without require(esm).
 *
 * The CommonJS build is where interop can break, so its one rule lives here. A dependency is
 * bundled into the CommonJS build (and stays external in the ESM build) when
 * - it has no CommonJS build of its own (jose): require() of it needs require(esm), or
 * - its CommonJS build is transpiled ESM with a default export (openapi-fetch): these packages
 *   are "type": "module", so esbuild gives their CommonJS output Node's interop, where a
 *   default import is `module.exports` itself, not its `default`:
 *   `(0, import_openapi_fetch.default) is not a function`.
 * Every other dependency stays external in both builds. packages/cli/test/cjs-consumer.test.ts
 * proves every entry of every package from a CommonJS consumer.
 */
import type { Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

export interface PackageBuild {
  /** Entry points, as tsup takes them. */
  entry: Options['entry'];
  /** Dependencies bundled into the CommonJS build only (see above). @default none */
  bundleInCjs?: string[];
}

export function packageBuild({ entry, bundleInCjs = [] }: PackageBuild): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    noExternal: bundleInCjs,
    esbuildPlugins: bundleInCjs.length ? [externalInEsm(bundleInCjs)] : [],
  };
}

/**
 * tsup's `noExternal` applies to every format; this plugin runs after tsup's own external
 * resolution and marks the same names external again in the ESM build, where Node's and
 * bundlers' interop handle them and consumers share one copy.
 */
function externalInEsm(names: string[]): EsbuildPlugin {
  const escaped = names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const filter = new RegExp(`^(?:${escaped.join('|')})(?:/.*)?$`);
  return {
    name: 'external-in-esm',
    setup(build) {
      if (build.initialOptions.format !== 'esm') return;
      build.onResolve({ filter }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * For subpath entries that use the root entry's module instance (one error class, one
 * backend registry, one server) rather than a copy of it: the CommonJS build has no shared
 * chunks, so in both builds their imports of the named sibling modules (`./index`, or a
 * module the root entry re-exports) are left external, pointed at the root entry's built
 * file. `entries` and `imports` are file names in `src/` without `.ts`.
 */
export function fromRootEntry(entries: string[], imports: string[] = ['index']): EsbuildPlugin {
  const filter = new RegExp(`^\\./(?:${imports.join('|')})$`);
  const importer = new RegExp(`[/\\\\]src[/\\\\](?:${entries.join('|')})\\.ts$`);
  return {
    name: 'from-root-entry',
    setup(build) {
      const root = build.initialOptions.format === 'cjs' ? './index.cjs' : './index.js';
      build.onResolve({ filter }, (args) =>
        importer.test(args.importer) ? { path: root, external: true } : undefined,
      );
    },
  };
}
