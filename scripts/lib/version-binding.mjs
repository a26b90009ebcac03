/**
 * The version binding: control-plane X.Y.Z → packages 1.<X*100+Y>.<patch>. Pure functions
 * over a repository root, so tests run them against a temporary copy.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generatedHeader } from './generated-header.mjs';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)$/;

export function parseVersion(version) {
  const m = SEMVER.exec(String(version));
  if (!m) throw new Error(`not a MAJOR.MINOR.PATCH version: ${version}`);
  return m.slice(1, 4).map(Number);
}

export function compareVersions(a, b) {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** 2.19.z → 219: the packages' minor. */
export function boundMinor(controlPlaneVersion) {
  const [major, minor] = parseVersion(controlPlaneVersion);
  return major * 100 + minor;
}

export function contractVersion(root) {
  return String(parse(readFileSync(join(root, 'openapi/tollgate.yaml'), 'utf8')).info.version);
}

/** The highest control-plane version in openapi/released/, or undefined. */
export function latestReleased(root) {
  const dir = join(root, 'openapi/released');
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir)
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .filter((v) => SEMVER.test(v))
    .sort(compareVersions);
  return versions.at(-1);
}

/** Every published (non-private) package under packages/. */
export function publishedPackages(root) {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .map((name) => join(dir, name, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => ({ file, json: JSON.parse(readFileSync(file, 'utf8')) }))
    .filter(({ json }) => !json.private);
}

/**
 * The version every published package should have: the bound minor, with the highest patch
 * any package already has on that minor (changesets bumps patches), else patch 0.
 */
export function targetVersion(root) {
  const cp = contractVersion(root);
  const minor = boundMinor(cp);
  const patches = publishedPackages(root)
    .map(({ json }) => parseVersion(json.version))
    .filter(([major, m]) => major === 1 && m === minor)
    .map(([, , patch]) => patch);
  return { controlPlane: cp, sdk: `1.${minor}.${Math.max(0, ...patches)}` };
}

/** Refuses a contract version below a released contract or below what packages are bound to. */
export function checkNotBackwards(root) {
  const cp = contractVersion(root);
  const released = latestReleased(root);
  if (released && compareVersions(cp, released) < 0) {
    throw new Error(`contract version ${cp} goes backwards: ${released} is already released`);
  }
  const minor = boundMinor(cp);
  for (const { file, json } of publishedPackages(root)) {
    const [major, m] = parseVersion(json.version);
    if (major === 1 && m > minor) {
      throw new Error(`contract version ${cp} goes backwards: ${file} is at ${json.version}`);
    }
  }
}

export function versionModule({ controlPlane, sdk }) {
  const [major, minor] = parseVersion(controlPlane);
  return `${generatedHeader('scripts/bind-version.mjs', 'pnpm bind-version')}
/** The control-plane version these packages are bound to (the contract's info.version). */
export const CONTROL_PLANE_VERSION = '${controlPlane}';
/** Its MAJOR.MINOR: a server reporting another minor gets a one-time warning. */
export const CONTROL_PLANE_MINOR = '${major}.${minor}';
/** The version of the Tollgate packages: 1.<major*100+minor>.<patch>. */
export const SDK_VERSION = '${sdk}';
`;
}

const versionFile = (root) => join(root, 'packages/api/src/generated/version.ts');

/** Lists what disagrees with the binding; with `write`, fixes it. */
export function bind(root, { write }) {
  checkNotBackwards(root);
  const target = targetVersion(root);
  const drift = [];
  for (const { file, json } of publishedPackages(root)) {
    if (json.version === target.sdk) continue;
    drift.push(`${file}: ${json.version} → ${target.sdk}`);
    if (write) {
      json.version = target.sdk;
      writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    }
  }
  const expected = versionModule(target);
  const file = versionFile(root);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== expected) {
    drift.push(`${file}: constants differ from ${target.controlPlane} / ${target.sdk}`);
    if (write) writeFileSync(file, expected);
  }
  return { target, drift };
}
