/**
 * Control-plane versions (the contract's info.version, MAJOR.MINOR.PATCH) and the released
 * contracts kept in openapi/released/<version>.yaml.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

/**
 * @param {unknown} version
 * @returns {[number, number, number]}
 */
export function parseVersion(version) {
  const m = SEMVER.exec(String(version));
  if (!m) throw new Error(`not a MAJOR.MINOR.PATCH version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Numeric, so 2.9.0 < 2.19.0 (a plain string sort gets that wrong). */
export function compareVersions(/** @type {string} */ a, /** @type {string} */ b) {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/**
 * The single number a control-plane MAJOR.MINOR maps to: 2.19 → 219. It is the packages'
 * minor, and comparing it compares control-plane minors.
 */
export function minorKey(/** @type {string} */ version) {
  const [major, minor] = parseVersion(version);
  // 2.100 would map to 300 and collide with 3.0: the binding only works below 100.
  if (minor >= 100)
    throw new Error(`control-plane minor ${minor} (in ${version}) must be below 100`);
  return major * 100 + minor;
}

/**
 * The highest released contract version in `dir` (file names like 2.19.0.yaml), or undefined.
 * @param {string} dir
 * @returns {string | undefined}
 */
export function latestReleased(dir) {
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir)
    .map((file) => /^(\d+\.\d+\.\d+)\.ya?ml$/.exec(file)?.[1])
    .filter((v) => v !== undefined)
    .sort(compareVersions);
  return versions.at(-1);
}

/** The released contract file for `version` in `dir` (.yaml, or .yml if that is what exists). */
export function releasedFile(/** @type {string} */ dir, /** @type {string} */ version) {
  const yml = join(dir, `${version}.yml`);
  return existsSync(yml) ? yml : join(dir, `${version}.yaml`);
}
