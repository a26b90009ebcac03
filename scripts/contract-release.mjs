#!/usr/bin/env node
/**
 * Records openapi/tollgate.yaml as released: openapi/released/<info.version>.yaml.
 *   node scripts/contract-release.mjs [--root DIR]
 * Only when the tree is fit to release that version: the breaking-change check against the
 * newest released contract passes, the version binding agrees and the generated code is
 * the contract's (`generate.mjs --check`). A version already recorded with another document is
 * refused (exit 1); recorded with this one, nothing happens (exit 0).
 * Root script: `pnpm contract:release`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './lib/cli-options.mjs';
import { planRelease } from './lib/contract-release.mjs';

const values = parseOptions(
  { root: { type: 'string' } },
  'node scripts/contract-release.mjs [--root DIR]',
);
const scripts = dirname(fileURLToPath(import.meta.url));
const root = resolve(/** @type {string | undefined} */ (values.root) ?? join(scripts, '..'));

const plan = planRelease(root);
const print = plan.status === 'refused' ? console.error : console.log;
for (const line of plan.report) print(line);
if (plan.status === 'refused') {
  console.error(`contract-release: ${plan.version} not recorded; nothing was changed`);
  process.exit(1);
}
if (plan.status === 'recorded') process.exit(0);
try {
  execFileSync(
    process.execPath,
    [
      join(scripts, 'generate.mjs'),
      '--check',
      '--contract',
      join(root, 'openapi/tollgate.yaml'),
      '--out',
      join(root, 'packages/api/src/generated'),
    ],
    { stdio: 'inherit' },
  );
} catch {
  console.error(
    `contract-release: the generated code is not ${plan.version}'s (run \`pnpm generate\`); nothing was changed`,
  );
  process.exit(1);
}
mkdirSync(join(root, 'openapi/released'), { recursive: true });
writeFileSync(join(root, 'openapi/released', `${plan.version}.yaml`), plan.text);
console.log(`contract-release: recorded openapi/released/${plan.version}.yaml`);
