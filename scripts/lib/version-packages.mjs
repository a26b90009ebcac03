/**
 * The release's version step: the pending changesets become package versions and changelog
 * entries (changesets' own release plan, applied by changesets), between two runs of the
 * version binding. One rule is the binding's, not changesets': the first release of a
 * control-plane minor is 1.<minor>.0, whatever changesets are pending (contract:pull's own
 * patch changeset among them); only later releases on that minor bump the patch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import applyReleasePlan from '@changesets/apply-release-plan';
import { read as readConfig } from '@changesets/config';
import getReleasePlan from '@changesets/get-release-plan';
import { getPackages } from '@manypkg/get-packages';
import { bind, readManifests } from './version-binding.mjs';

/**
 * Whether `version` (1.<minor>.0, what the binding gives a new minor) is still to be released:
 * changesets heads a package's CHANGELOG.md with `## <version>` when it versions it, so a
 * minor none of the published packages' changelogs names has had no release yet.
 * @param {string} root
 * @param {string} version the bound version
 */
export function firstReleasePending(root, version) {
  if (!version.endsWith('.0')) return false;
  const heading = new RegExp(`^## ${version.replaceAll('.', '\\.')}$`, 'm');
  return !readManifests(root)
    .filter((m) => m.json.private !== true)
    .some((m) => {
      const changelog = join(m.file, '..', 'CHANGELOG.md');
      return existsSync(changelog) && heading.test(readFileSync(changelog, 'utf8'));
    });
}

/** @param {string} root the repository to version */
export async function versionPackages(root) {
  if (existsSync(join(root, '.changeset/pre.json')))
    throw new Error('changesets pre mode is not supported: the binding owns the versions');
  // The contract may have moved without `pnpm bind-version`: the packages follow it first.
  const { target } = bind(root, { write: true });
  const first = firstReleasePending(root, target.sdk);
  const packages = await getPackages(root);
  const config = await readConfig(root, packages);
  const plan = await getReleasePlan(root, undefined, config);
  if (plan.changesets.length === 0) {
    console.log('version-packages: no pending changesets');
    return bind(root, { write: true });
  }
  for (const release of plan.releases)
    if (first && release.oldVersion === target.sdk && release.type !== 'none')
      release.newVersion = target.sdk;
  // The changelog generator named in config.json resolves from the repository's .changeset
  // folder, else from here (a test's workspace has no node_modules of its own).
  await applyReleasePlan(plan, packages, config, undefined, import.meta.dirname);
  return bind(root, { write: true });
}
