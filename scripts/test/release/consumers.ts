/**
 * What the release tests share: the version under test, the registry the global setup
 * published it to (registry-setup.ts), and consumer projects copied from scripts/consumers/
 * into folders of their own, pinned to the bound minor and installed from that registry.
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { npmrcText } from '../../lib/local-registry.mjs';
import { run } from './processes';

export const root = join(import.meta.dirname, '..', '..', '..');
export const version: string = JSON.parse(
  readFileSync(join(root, 'packages/sdk/package.json'), 'utf8'),
).version;
/** The packages' minor: 220 for 1.220.z (control plane 2.20). */
export const minor = Number(version.split('.')[1]);
/** Every package the release publishes (not private), by folder name: new ones are covered. */
export const publicPackages: string[] = readdirSync(join(root, 'packages')).filter(
  (dir) => !JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).private,
);

/** The registry holding this tree's packages (and a later minor's @tollgate/api stand-in). */
export const registry = () => inject('registry');

/** A binary the scripts package's devDependencies put in node_modules/.bin (bun, deno). */
export const bin = (name: string) => join(root, 'scripts', 'node_modules', '.bin', name);

/**
 * Copies consumers/<name> into `work`, pins every `~1.<minor>.0` in it (manifests, `npm:`
 * specifiers) to the version under test, and points @tollgate/* at the registry.
 */
export function copyConsumer(work: string, name: string) {
  const dir = join(work, name);
  cpSync(join(root, 'scripts/consumers', name), dir, { recursive: true });
  const pin = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) pin(join(path, entry));
      return;
    }
    const text = readFileSync(path, 'utf8');
    const pinned = text.replace(/~1\.\d+\.0\b/g, `~${version}`);
    if (pinned !== text) writeFileSync(path, pinned);
  };
  pin(dir);
  writeFileSync(join(dir, '.npmrc'), npmrcText(registry().url));
  return dir;
}

/** A consumer project copied and installed with npm, as its users install it. */
export async function install(work: string, name: string) {
  const dir = copyConsumer(work, name);
  await run('npm', ['install', '--no-audit', '--no-fund'], dir);
  return dir;
}

/** The version of `name` installed in a project's node_modules. */
export const installedVersion = (dir: string, name: string): string =>
  JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;

/** The last line a consumer printed, parsed: each ends with one JSON report. */
export const report = (printed: string) => JSON.parse(printed.trim().split('\n').at(-1) ?? '');

export const packument = async (name: string) =>
  (await (await fetch(`${registry().url}${name.replace('/', '%2f')}`)).json()) as {
    versions: Record<
      string,
      { dependencies?: Record<string, string>; dist?: { integrity?: string } }
    >;
    'dist-tags': Record<string, string>;
  };
