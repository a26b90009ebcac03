/**
 * The version binding: control plane X.Y.Z → packages 1.<X*100+Y>.<patch>. The pure functions
 * take what was read from the repository; `bind` reads and writes a repository root, so tests
 * run it against a temporary copy.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { DEPENDENCY_SECTIONS, rewriteManifest } from './package-json.mjs';
import { compareVersions, latestReleased, minorKey, parseVersion } from './versions.mjs';

/**
 * @typedef {{ file: string, text: string, json: any }} Manifest one packages/<name>/package.json
 * @typedef {{ controlPlane: string, sdk: string }} Target the contract's version and the bound one
 */

export const VERSION_FILE = 'packages/api/src/generated/version.ts';

/** Private packages are never published, so they keep whatever version they have. */
const isPublished = (/** @type {Manifest} */ m) => m.json.private !== true;

/** @returns {Manifest[]} every packages/<name>/package.json, published or not */
export function readManifests(/** @type {string} */ root) {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => {
      const text = readFileSync(file, 'utf8');
      return { file, text, json: JSON.parse(text) };
    });
}

export function contractVersion(/** @type {string} */ root) {
  const contract = parse(readFileSync(join(root, 'openapi/tollgate.yaml'), 'utf8'));
  const version = String(contract?.info?.version);
  parseVersion(version);
  return version;
}

/**
 * The version every published package gets: the bound minor, keeping the highest patch any of
 * them already has on that minor (changesets bumps patches; the fixed group keeps them equal),
 * else patch 0.
 * @returns {Target}
 */
export function boundVersion(
  /** @type {string} */ controlPlane,
  /** @type {Manifest[]} */ manifests,
) {
  const minor = minorKey(controlPlane);
  const patches = manifests
    .filter(isPublished)
    .map((m) => parseVersion(m.json.version))
    .filter(([major, m]) => major === 1 && m === minor)
    .map(([, , patch]) => patch);
  return { controlPlane, sdk: `1.${minor}.${Math.max(0, ...patches)}` };
}

/**
 * Throws when the contract's version is below the newest released contract or below the
 * control-plane minor the packages are already bound to: versions only move forwards.
 * @param {string} controlPlane
 * @param {string | undefined} released
 * @param {Manifest[]} manifests
 */
export function assertNotBackwards(controlPlane, released, manifests) {
  if (released && compareVersions(controlPlane, released) < 0) {
    throw new Error(
      `contract version ${controlPlane} goes backwards: ${released} is already released (openapi/released/${released}.yaml)`,
    );
  }
  const minor = minorKey(controlPlane);
  for (const m of manifests.filter(isPublished)) {
    const [major, packageMinor] = parseVersion(m.json.version);
    // A minor or major changeset moves packages past the binding: only the contract may.
    if (major > 1 || (major === 1 && packageMinor > minor)) {
      const boundTo =
        major === 1
          ? ` (control plane ${Math.floor(packageMinor / 100)}.${packageMinor % 100})`
          : '';
      throw new Error(
        `contract version ${controlPlane} goes backwards: ${m.json.name} is already at ${m.json.version}${boundTo}; package minors follow info.version, so use patch changesets or raise the contract's version`,
      );
    }
  }
}

/** A plain version range follows the binding; `workspace:` and anything fancier is left alone. */
export function rebindRange(/** @type {string} */ range, /** @type {string} */ version) {
  const m = /^(\^|~|>=|=)?\d+\.\d+\.\d+$/.exec(range);
  return m ? `${m[1] ?? ''}${version}` : range;
}

/**
 * What the binding changes in one manifest: its version (if published) and its ranges on
 * published workspace packages.
 * @param {Manifest} manifest
 * @param {Target} target
 * @param {Set<string>} published names of the published packages
 */
export function planManifest(manifest, target, published) {
  const next = structuredClone(manifest.json);
  /** @type {string[]} */
  const changes = [];
  if (isPublished(manifest) && next.version !== target.sdk) {
    changes.push(`version ${next.version} → ${target.sdk}`);
    next.version = target.sdk;
  }
  for (const section of DEPENDENCY_SECTIONS) {
    for (const [name, range] of Object.entries(next[section] ?? {})) {
      const bound = published.has(name) ? rebindRange(String(range), target.sdk) : range;
      if (bound === range) continue;
      changes.push(`${section}.${name} ${range} → ${bound}`);
      next[section][name] = bound;
    }
  }
  return { next, changes };
}

/** The generated constants file; stable text, so reruns write identical bytes. */
export function versionModule(/** @type {Target} */ { controlPlane, sdk }) {
  const [major, minor] = parseVersion(controlPlane);
  return `// This file is generated by scripts/bind-version.mjs. Do not edit.

/** The control-plane version these packages are bound to (the contract's info.version). */
export const CONTROL_PLANE_VERSION = '${controlPlane}';
/** Its MAJOR.MINOR: a server reporting another minor gets a one-time warning. */
export const CONTROL_PLANE_MINOR = '${major}.${minor}';
/** The version of the Tollgate packages: 1.<major*100+minor>.<patch>. */
export const SDK_VERSION = '${sdk}';
`;
}

/** Says what differs between the committed constants file and the expected one. */
function versionFileDrift(
  /** @type {string | undefined} */ actual,
  /** @type {string} */ expected,
) {
  if (actual === undefined) return ['missing'];
  if (actual === expected) return [];
  const constants = (/** @type {string} */ text) =>
    Object.fromEntries(
      [...text.matchAll(/export const (\w+) = '([^']*)'/g)].map((m) => [m[1], m[2]]),
    );
  const [have, want] = [constants(actual), constants(expected)];
  const changed = Object.keys(want)
    .filter((name) => have[name] !== want[name])
    .map((name) => `${name} ${have[name] ? `'${have[name]}'` : '(none)'} → '${want[name]}'`);
  return changed.length > 0 ? changed : ['not in the generated format'];
}

/**
 * Applies (`write`) or checks the binding in a repository. Returns the target and one line per
 * disagreement found (each of which `write` fixed).
 * @param {string} root
 * @param {{ write: boolean }} options
 * @returns {{ target: Target, drift: string[] }}
 */
export function bind(root, { write }) {
  const controlPlane = contractVersion(root);
  const manifests = readManifests(root);
  assertNotBackwards(controlPlane, latestReleased(join(root, 'openapi/released')), manifests);
  const target = boundVersion(controlPlane, manifests);
  const published = new Set(manifests.filter(isPublished).map((m) => m.json.name));

  /** @type {string[]} */
  const drift = [];
  for (const manifest of manifests) {
    const { next, changes } = planManifest(manifest, target, published);
    const where = relative(root, manifest.file);
    drift.push(...changes.map((change) => `${where}: ${change}`));
    if (write && changes.length > 0)
      writeFileSync(manifest.file, rewriteManifest(manifest.text, next));
  }

  const file = join(root, VERSION_FILE);
  const expected = versionModule(target);
  const actual = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  drift.push(...versionFileDrift(actual, expected).map((d) => `${VERSION_FILE}: ${d}`));
  if (write && actual !== expected) writeFileSync(file, expected);
  return { target, drift };
}
