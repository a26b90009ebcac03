#!/usr/bin/env node
/**
 * Compares openapi/tollgate.yaml with the last released contract (openapi/released/) and
 * fails when a breaking change lands without a new control-plane minor.
 *   node scripts/contract-check.mjs [--base FILE --head FILE]
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { diffContracts } from './lib/contract-diff.mjs';
import { latestReleased, parseVersion } from './lib/version-binding.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : resolve(process.argv[i + 1]);
};
const released = latestReleased(root);
const baseFile = arg('--base') ?? (released && join(root, 'openapi/released', `${released}.yaml`));
const headFile = arg('--head') ?? join(root, 'openapi/tollgate.yaml');
if (!baseFile) {
  console.log('contract-check: no released contract yet; nothing to compare');
  process.exit(0);
}

const base = parse(readFileSync(baseFile, 'utf8'));
const head = parse(readFileSync(headFile, 'utf8'));
const findings = diffContracts(base, head);
for (const f of findings)
  console.log(`${f.breaking ? 'BREAKING' : 'ok      '}  ${f.where}: ${f.message}`);

const [ba, bb] = parseVersion(base.info.version);
const [ha, hb] = parseVersion(head.info.version);
const newMinor = ha * 100 + hb > ba * 100 + bb;
const breaking = findings.filter((f) => f.breaking).length;
if (findings.length === 0) {
  console.log(`contract-check: no API changes since ${base.info.version}`);
} else if (breaking > 0 && !newMinor) {
  console.error(
    `contract-check: ${breaking} breaking change(s) since ${base.info.version} but the contract is still ${head.info.version}; raise the control-plane minor (info.version) or make the change compatible`,
  );
  process.exit(1);
} else {
  console.log(
    `contract-check: ${findings.length} change(s), ${breaking} breaking, ${head.info.version} vs ${base.info.version}: ok`,
  );
}
