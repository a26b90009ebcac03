#!/usr/bin/env node
/**
 * Publishes every public package to a registry, as a release does for the public one:
 *   node scripts/release-local.mjs --registry URL [--token T] [--version] [--root DIR]
 * `--version` first runs `changeset version` and the version binding (what the release
 * workflow's version step does); then it builds, packs each package with pnpm, checks every
 * tarball (README, LICENSE, types, no tests or source maps, @tollgate ranges within the bound
 * minor) and publishes those tarballs. The token comes from --token or NPM_TOKEN.
 * Root script: `pnpm release:local --registry URL`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOptions } from './lib/cli-options.mjs';
import { checkTarball, pack, publicPackages, publish } from './lib/release.mjs';

const usage = 'node scripts/release-local.mjs --registry URL [--token T] [--version] [--root DIR]';
const values = parseOptions(
  {
    registry: { type: 'string' },
    token: { type: 'string' },
    version: { type: 'boolean', default: false },
    root: { type: 'string' },
  },
  usage,
);
const registry = /** @type {string | undefined} */ (values.registry);
const token = /** @type {string | undefined} */ (values.token ?? process.env.NPM_TOKEN);
if (!registry || !token) {
  console.error(
    `release-local: --registry and a token (--token or NPM_TOKEN) are required\nusage: ${usage}`,
  );
  process.exit(2);
}
const root = resolve(
  /** @type {string | undefined} */ (values.root) ??
    join(dirname(fileURLToPath(import.meta.url)), '..'),
);
// The pnpm that runs us (npx pnpm@10 sets npm_execpath), never a global one; when npm or npx
// runs us, npm_execpath is npm's, which cannot build a pnpm workspace.
const execpath = process.env.npm_execpath;
const pnpm =
  execpath && /pnpm/.test(execpath) ? `${process.execPath} ${execpath}` : 'npx --yes pnpm@10';
const run = (/** @type {string[]} */ args) => {
  const [cmd, ...rest] = pnpm.split(' ');
  execFileSync(cmd, [...rest, ...args], { cwd: root, stdio: 'inherit' });
};

if (values.version) run(['run', 'version-packages']);
run(['run', 'build']);
const out = mkdtempSync(join(tmpdir(), 'tollgate-pack-'));
try {
  const packed = publicPackages(root).map((p) => ({ ...pack(p, out, pnpm), name: p.name }));
  const problems = packed.flatMap((p) => checkTarball(p).map((line) => `${p.name}: ${line}`));
  if (problems.length) {
    console.error(
      `release-local: the tarballs are not fit to publish:\n  ${problems.join('\n  ')}`,
    );
    process.exit(1);
  }
  await publish(packed, { registry, token });
} finally {
  rmSync(out, { recursive: true, force: true });
}
