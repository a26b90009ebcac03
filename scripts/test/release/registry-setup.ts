/**
 * The registry the consumer tests share (vitest globalSetup): Verdaccio on loopback, every
 * public package published to it by `release:local`, plus a later minor's @tollgate/api
 * stand-in that no install pinned to this minor may ever take. Torn down after the last file.
 * (upgrade.test.ts plays a release history of its own on a registry of its own.)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalRegistry } from '../../lib/local-registry.mjs';
import { publish } from '../../lib/release.mjs';
import { run } from './processes';

declare module 'vitest' {
  export interface ProvidedContext {
    registry: { url: string; token: string };
  }
}

const root = join(import.meta.dirname, '..', '..', '..');

/** A stand-in for a later control-plane minor's @tollgate/api, which must never be picked. */
async function publishLaterMinor(work: string, to: { registry: string; token: string }) {
  const version = JSON.parse(readFileSync(join(root, 'packages/sdk/package.json'), 'utf8'))
    .version as string;
  const later = `1.${Number(version.split('.')[1]) + 1}.0`;
  const dir = join(work, 'later-api');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: '@tollgate/api',
      version: later,
      main: 'index.js',
      license: 'Apache-2.0',
    }),
  );
  writeFileSync(
    join(dir, 'index.js'),
    `throw new Error('@tollgate/api ${later} was installed');\n`,
  );
  const tarball = join(dir, (await run('npm', ['pack', '--silent'], dir)).trim());
  const packed = [{ tarball, manifest: { name: '@tollgate/api', version: later } }];
  await publish(packed, to);
  // Again, as a re-run release does: what the registry holds is skipped, not an error.
  await publish(packed, to);
}

export default async function setup(project: TestProject) {
  const work = mkdtempSync(join(tmpdir(), 'tollgate-registry-'));
  const registry = await startLocalRegistry(join(work, 'registry'));
  try {
    await run(
      process.execPath,
      ['scripts/release-local.mjs', '--registry', registry.url],
      root,
      // The token by environment, as the release workflow passes it: never on a command line.
      { NPM_TOKEN: registry.token },
    );
    await publishLaterMinor(work, { registry: registry.url, token: registry.token });
  } catch (error) {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  project.provide('registry', { url: registry.url, token: registry.token });
  return async () => {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  };
}
