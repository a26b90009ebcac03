#!/usr/bin/env node
/**
 * The release's version step (what the "version packages" pull request holds):
 *   node scripts/version-packages.mjs [--root DIR]
 * Consumes the pending changesets (package versions and CHANGELOG.md files) and applies the
 * version binding. Root script: `pnpm version-packages`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './lib/cli-options.mjs';
import { versionPackages } from './lib/version-packages.mjs';

const values = parseOptions(
  { root: { type: 'string' } },
  'node scripts/version-packages.mjs [--root DIR]',
);
const root = resolve(
  /** @type {string | undefined} */ (values.root) ??
    resolve(dirname(fileURLToPath(import.meta.url)), '..'),
);

try {
  const { target } = await versionPackages(root);
  console.log(`version-packages: control plane ${target.controlPlane} → packages ${target.sdk}`);
} catch (error) {
  console.error(`version-packages: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
