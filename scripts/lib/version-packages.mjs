/**
 * The release's version step: the pending changesets become package versions and changelog
 * entries (changesets' own `version`), then the version binding.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { bind } from './version-binding.mjs';

const require = createRequire(import.meta.url);

/** @param {string} root the repository to version */
export async function versionPackages(root) {
  execFileSync(process.execPath, [require.resolve('@changesets/cli/bin.js'), 'version'], {
    cwd: root,
    stdio: 'inherit',
  });
  return bind(root, { write: true });
}
