/**
 * The release path against a real registry: Verdaccio on loopback, every public package
 * published by `release:local`, and consumer projects (each its own folder and lockfile)
 * installing them with npm as users do.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, writeNpmrc } from '../../lib/local-registry.mjs';
import { publish } from '../../lib/release.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const version: string = JSON.parse(
  readFileSync(join(root, 'packages/sdk/package.json'), 'utf8'),
).version;
const [, minor] = version.split('.').map(Number) as [number, number, number];
const work = mkdtempSync(join(tmpdir(), 'tollgate-release-'));
let registry: Awaited<ReturnType<typeof startLocalRegistry>>;

// Asynchronous on purpose: the registry answers from this process's event loop.
const exec = promisify(execFile);
const run = async (cmd: string, args: string[], cwd: string) =>
  (
    await exec(cmd, args, {
      cwd,
      env: { ...process.env, npm_config_update_notifier: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    })
  ).stdout;

/** A consumer project copied into its own folder, pinned to the bound minor, installed. */
async function install(name: string) {
  const dir = join(work, name);
  cpSync(join(root, 'scripts/consumers', name), dir, { recursive: true });
  const manifest = readFileSync(join(dir, 'package.json'), 'utf8');
  writeFileSync(join(dir, 'package.json'), manifest.replaceAll('~1.219.0', `~${version}`));
  writeNpmrc(dir, registry);
  await run('npm', ['install', '--no-audit', '--no-fund'], dir);
  return dir;
}

/** A stand-in for a later control-plane minor's @tollgate/api, which must never be picked. */
async function publishLaterMinor() {
  const dir = join(work, 'later-api');
  const later = `1.${minor + 1}.0`;
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
  await publish([{ tarball, manifest: { name: '@tollgate/api', version: later } }], {
    registry: registry.url,
    token: registry.token,
  });
  return later;
}

beforeAll(async () => {
  registry = await startLocalRegistry(join(work, 'registry'));
  await run(
    process.execPath,
    ['scripts/release-local.mjs', '--registry', registry.url, '--token', registry.token],
    root,
  );
  await publishLaterMinor();
}, 600_000);

afterAll(async () => {
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

const packument = async (name: string) =>
  (await (await fetch(`${registry.url}${name.replace('/', '%2f')}`)).json()) as {
    versions: Record<string, { dependencies?: Record<string, string> }>;
    'dist-tags': Record<string, string>;
  };

describe('release:local to a real registry', () => {
  it('publishes every public package, tagged with its control-plane minor', async () => {
    const tag = `cp-${Math.floor(minor / 100)}.${minor % 100}`;
    for (const name of ['api', 'identity', 'sdk', 'dev-server', 'cli']) {
      const doc = await packument(`@tollgate/${name}`);
      expect(Object.keys(doc.versions), name).toContain(version);
      expect(doc['dist-tags'][tag], name).toBe(version);
    }
    const sdk = await packument('@tollgate/sdk');
    expect(sdk['dist-tags'].latest).toBe(version);
    // Internal ranges stay within the bound minor: ~1.219.z, never ^.
    expect(sdk.versions[version]?.dependencies?.['@tollgate/api']).toBe(`~${version}`);
  });

  it('a CommonJS project requires every entry, constructs, calls, registers, pages', async () => {
    const dir = await install('cjs');
    const installed = JSON.parse(
      readFileSync(join(dir, 'node_modules/@tollgate/api/package.json'), 'utf8'),
    );
    // A later minor is on the registry, and an install pinned to this one never takes it.
    expect(installed.version).toBe(version);
    const out = JSON.parse(await run(process.execPath, ['index.js'], dir));
    expect(out).toMatchObject({ ok: true });
  }, 300_000);

  it('a TypeScript NodeNext project type-checks strictly and runs the quick start', async () => {
    const dir = await install('esm-nodenext');
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], dir);
    const printed = await run(process.execPath, ['dist/main.js'], dir);
    const out = JSON.parse(printed.trim().split('\n').pop()!);
    expect(out).toMatchObject({ ok: true, sdk: version });
  }, 300_000);
});
