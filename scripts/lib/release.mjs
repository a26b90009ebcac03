/**
 * Packing and publishing the public packages the way a release does: `pnpm pack` (which turns
 * `workspace:` ranges into real ones), a check of every tarball, then `npm publish` of those
 * very tarballs, so what a registry holds is exactly what was checked.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** @typedef {{name: string, version: string, dir: string}} PublicPackage */

/** The packages under packages/ that are not private, in dependency order (api, identity first). */
export function publicPackages(/** @type {string} */ root) {
  /** @type {PublicPackage[]} */
  const found = [];
  for (const name of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', name);
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!pkg.private) found.push({ name: pkg.name, version: pkg.version, dir });
  }
  const rank = (/** @type {PublicPackage} */ p) =>
    ['@tollgate/api', '@tollgate/identity'].includes(p.name) ? 0 : 1;
  return found.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/**
 * Packs one package with pnpm into `out`; returns the tarball path, its file list and the
 * manifest inside it.
 * @param {string} pnpm the command that runs pnpm (e.g. `npx --yes pnpm@10`)
 */
export function pack(/** @type {PublicPackage} */ p, /** @type {string} */ out, pnpm) {
  const [cmd, ...args] = pnpm.split(' ');
  const printed = execFileSync(cmd, [...args, 'pack', '--pack-destination', out], {
    cwd: p.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tarball = printed.trim().split('\n').pop()?.trim() ?? '';
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  return { tarball, files, manifest };
}

/**
 * What a published tarball must be: README, LICENSE, types and code for every entry point,
 * no tests, sources or source maps, repository and homepage set, and the other @tollgate
 * packages required within the bound minor (`~1.219.0`), never a range a later control-plane
 * minor could satisfy.
 * @returns {string[]} the problems found (empty when the tarball is right)
 */
export function checkTarball(
  /** @type {{files: string[], manifest: Record<string, any>}} */ { files, manifest },
) {
  const problems = [];
  const has = (/** @type {string} */ f) => files.includes(f.replace(/^\.\//, ''));
  for (const f of ['package.json', 'README.md', 'LICENSE']) if (!has(f)) problems.push(`no ${f}`);
  for (const f of files) {
    if (/\.map$/.test(f)) problems.push(`ships a source map: ${f}`);
    if (/(^|\/)(test|tests|__tests__|src|bench)\//.test(f)) problems.push(`ships ${f}`);
  }
  if (!manifest.repository?.url) problems.push('no repository');
  if (!manifest.homepage) problems.push('no homepage');
  if (manifest.license !== 'Apache-2.0') problems.push(`license ${manifest.license}`);
  /** @param {unknown} node */
  const targets = (node) =>
    typeof node === 'string'
      ? [node]
      : node && typeof node === 'object'
        ? Object.values(node).flatMap(targets)
        : [];
  for (const target of targets(manifest.exports ?? {}))
    if (!target.endsWith('package.json') && !has(target))
      problems.push(`exports ${target}, missing`);
  for (const bin of Object.values(manifest.bin ?? {}))
    if (!has(String(bin))) problems.push(`bin ${bin}, missing`);
  const [major, minor] = String(manifest.version).split('.');
  for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
    if (!dep.startsWith('@tollgate/')) continue;
    const m = /^~(\d+)\.(\d+)\.\d+$/.exec(String(range));
    if (!m || m[1] !== major || m[2] !== minor)
      problems.push(`${dep}@${range}: not pinned to the bound minor (~${major}.${minor}.x)`);
  }
  return problems;
}

const run = promisify(execFile);

/**
 * Publishes checked tarballs to `registry` with npm (asynchronously: the registry may live in
 * this very process, as in the tests). Each version is tagged `cp-<X.Y>` (its
 * control-plane minor: `npm install @tollgate/sdk@cp-2.19`), and `latest` moves only to a
 * version newer than the one it points at, so a patch of an older minor never becomes latest.
 * A version the registry already holds is skipped, so a release can be run again.
 */
export async function publish(
  /** @type {{tarball: string, manifest: Record<string, any>}[]} */ packed,
  /** @type {{registry: string, token: string}} */ { registry, token },
) {
  const home = mkdtempSync(join(tmpdir(), 'tollgate-publish-'));
  const npmrc = join(home, '.npmrc');
  writeFileSync(npmrc, `${registry.replace(/^https?:/, '')}:_authToken=${token}\n`);
  const npm = async (/** @type {string[]} */ args) =>
    (await run('npm', [...args, '--registry', registry, '--userconfig', npmrc])).stdout;
  try {
    for (const { tarball, manifest } of packed) {
      const [, minor, patch] = String(manifest.version).split('.').map(Number);
      const tag = `cp-${Math.floor(minor / 100)}.${minor % 100}`;
      // A release re-run (the release workflow after a merge with nothing new) skips what the
      // registry already holds: a published version never changes.
      const held = await npm(['view', `${manifest.name}@${manifest.version}`, 'version']).catch(
        () => '',
      );
      if (held.trim() === manifest.version) {
        console.log(`already published ${manifest.name}@${manifest.version}`);
        continue;
      }
      await npm(['publish', tarball, '--tag', tag, '--access', 'public']);
      const tags = JSON.parse((await npm(['view', manifest.name, 'dist-tags', '--json'])) || '{}');
      const latest = tags.latest ? String(tags.latest).split('.').map(Number) : undefined;
      if (!latest || minor > latest[1] || (minor === latest[1] && patch > latest[2]))
        await npm(['dist-tag', 'add', `${manifest.name}@${manifest.version}`, 'latest']);
      console.log(`published ${manifest.name}@${manifest.version} (${tag})`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
