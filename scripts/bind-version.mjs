#!/usr/bin/env node
/**
 * Binds every published package's version to the contract's control-plane version
 * (2.19.z → 1.219.<patch>) and writes packages/api/src/generated/version.ts.
 *   node scripts/bind-version.mjs [--check] [--root DIR]
 * `--check` changes nothing and exits 1 listing every disagreement. A contract version that
 * goes backwards is refused (exit 1). `--root` points at another repository (tests).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './lib/cli-options.mjs';
import { bind } from './lib/version-binding.mjs';

const values = parseOptions(
  { check: { type: 'boolean', default: false }, root: { type: 'string' } },
  'node scripts/bind-version.mjs [--check] [--root DIR]',
);
const root = resolve(values.root ?? resolve(dirname(fileURLToPath(import.meta.url)), '..'));

try {
  const { target, drift } = bind(root, { write: !values.check });
  const binding = `control plane ${target.controlPlane} → packages ${target.sdk}`;
  if (values.check && drift.length > 0) {
    console.error(`bind-version: out of date for ${binding} (run \`pnpm bind-version\`):`);
    for (const line of drift) console.error(`  ${line}`);
    process.exit(1);
  }
  if (values.check) console.log(`bind-version: ${binding}, everything agrees`);
  else if (drift.length === 0) console.log(`bind-version: ${binding}, nothing to change`);
  else {
    console.log(`bind-version: ${binding}, updated:`);
    for (const line of drift) console.log(`  ${line}`);
  }
} catch (error) {
  console.error(`bind-version: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
