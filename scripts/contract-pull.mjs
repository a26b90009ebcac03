#!/usr/bin/env node
/**
 * From "the backend changed" to a releasable tree, in one command:
 *   node scripts/contract-pull.mjs --from <url|file> [--root DIR]
 * Fetches a control plane's contract (a file, a document URL, or a control plane's base URL:
 * then `GET /v1/openapi.yaml`), checks it against the released contract, and only if that
 * passes writes openapi/tollgate.yaml (and openapi/released/<version>.yaml), regenerates
 * packages/api/src/generated/, re-binds the package versions and writes a changeset naming the
 * operations added, changed and removed. A breaking change without a new control-plane minor
 * prints the classifier's report and exits 1 with the tree untouched.
 * Root script: `pnpm contract:pull --from URL`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseOptions } from './lib/cli-options.mjs';
import {
  asYaml,
  changesetText,
  planPull,
  readContractSource,
  summarizeByOperation,
} from './lib/contract-pull.mjs';
import { publicPackages } from './lib/release.mjs';
import { bind } from './lib/version-binding.mjs';

const usage = 'node scripts/contract-pull.mjs --from <url|file> [--root DIR]';
const values = parseOptions({ from: { type: 'string' }, root: { type: 'string' } }, usage);
const from = /** @type {string | undefined} */ (values.from);
if (!from) {
  console.error(`contract-pull: --from is required\nusage: ${usage}`);
  process.exit(2);
}
const scripts = dirname(fileURLToPath(import.meta.url));
const root = resolve(/** @type {string | undefined} */ (values.root) ?? join(scripts, '..'));

let text;
try {
  text = asYaml(await readContractSource(from));
} catch (error) {
  console.error(
    `contract-pull: cannot read ${from}: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
}
const plan = planPull(root, text);
if (plan.status === 'unchanged') {
  console.log(`contract-pull: openapi/tollgate.yaml already is the contract at ${from}`);
  process.exit(0);
}
if (plan.status === 'refused') {
  for (const line of plan.report) console.error(line);
  console.error('contract-pull: refused; nothing was changed');
  process.exit(1);
}
for (const line of plan.report) console.log(line);

const workingFile = join(root, 'openapi/tollgate.yaml');
writeFileSync(workingFile, text);
if (plan.releaseNew) {
  mkdirSync(join(root, 'openapi/released'), { recursive: true });
  writeFileSync(join(root, 'openapi/released', `${plan.version}.yaml`), text);
}
execFileSync(
  process.execPath,
  [
    join(scripts, 'generate.mjs'),
    '--contract',
    workingFile,
    '--out',
    join(root, 'packages/api/src/generated'),
  ],
  { stdio: 'inherit' },
);
const { target } = bind(root, { write: true });
console.log(`bind-version: control plane ${target.controlPlane} → packages ${target.sdk}`);

const summary = summarizeByOperation(plan.changes, plan.before, parse(text));
const changeset = join(root, '.changeset', `contract-${plan.version.replaceAll('.', '-')}.md`);
mkdirSync(dirname(changeset), { recursive: true });
writeFileSync(
  changeset,
  changesetText(
    publicPackages(root).map((p) => p.name),
    { version: plan.version, source: from, summary },
  ),
);
console.log(
  `contract-pull: control plane ${plan.version}; wrote ${changeset.slice(root.length + 1)}`,
);
