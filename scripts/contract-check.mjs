#!/usr/bin/env node
/**
 * Compares openapi/tollgate.yaml with the newest released contract (openapi/released/) and
 * exits 1 when a breaking change lands without a higher control-plane minor.
 *   node scripts/contract-check.mjs [--base FILE] [--head FILE] [--root DIR]
 * `--base/--head` compare any two files; `--root` points at another repository (tests).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './lib/cli-options.mjs';
import { checkContracts, formatFinding } from './lib/contract-check.mjs';
import { latestReleased, releasedFile } from './lib/versions.mjs';

const values = parseOptions(
  { base: { type: 'string' }, head: { type: 'string' }, root: { type: 'string' } },
  'node scripts/contract-check.mjs [--base FILE] [--head FILE] [--root DIR]',
);
const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const releasedDir = join(root, 'openapi/released');
const released = latestReleased(releasedDir);
const baseFile = values.base
  ? resolve(values.base)
  : released && releasedFile(releasedDir, released);
const headFile = resolve(values.head ?? join(root, 'openapi/tollgate.yaml'));
if (!baseFile) {
  console.log('contract-check: no released contract in openapi/released yet; nothing to compare');
  process.exit(0);
}

const read = (/** @type {string} */ file) => ({
  name: relative(process.cwd(), file) || file,
  text: readFileSync(file, 'utf8'),
});
try {
  const verdict = checkContracts(read(baseFile), read(headFile));
  for (const finding of verdict.findings) console.log(formatFinding(finding));
  (verdict.exitCode ? console.error : console.log)(`contract-check: ${verdict.summary}`);
  process.exit(verdict.exitCode);
} catch (error) {
  console.error(`contract-check: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
