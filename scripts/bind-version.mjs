#!/usr/bin/env node
/**
 * Binds every published package's version to the contract's control-plane version:
 * 2.19.z → 1.219.<patch>. `--check` changes nothing and fails on any disagreement.
 * Refuses a contract version that goes backwards. See scripts/README.md.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bind } from './lib/version-binding.mjs';

const root = process.argv.includes('--root')
  ? resolve(process.argv[process.argv.indexOf('--root') + 1])
  : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

try {
  const { target, drift } = bind(root, { write: !check });
  if (check && drift.length > 0) {
    console.error(
      `version binding is out of date (run \`pnpm bind-version\`):\n  ${drift.join('\n  ')}`,
    );
    process.exit(1);
  }
  const did = check
    ? 'checked'
    : drift.length
      ? `updated ${drift.length} file(s)`
      : 'nothing to change';
  console.log(`control plane ${target.controlPlane} → packages ${target.sdk} (${did})`);
} catch (error) {
  console.error(`bind-version: ${error.message}`);
  process.exit(1);
}
