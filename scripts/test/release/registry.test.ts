/**
 * The release path against a real registry: Verdaccio on loopback, every public package
 * published by `release:local`, and consumer projects (each its own folder and lockfile)
 * installing them with npm as users do.
 */
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRegistry, writeNpmrc } from '../../lib/local-registry.mjs';
import { publish } from '../../lib/release.mjs';
import { mcpToolNames, run, startUntilLine } from './processes';

const root = join(import.meta.dirname, '..', '..', '..');
const version: string = JSON.parse(
  readFileSync(join(root, 'packages/sdk/package.json'), 'utf8'),
).version;
const [, minor] = version.split('.').map(Number) as [number, number, number];
const work = mkdtempSync(join(tmpdir(), 'tollgate-release-'));
let registry: Awaited<ReturnType<typeof startLocalRegistry>>;

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
  const packed = [{ tarball, manifest: { name: '@tollgate/api', version: later } }];
  const to = { registry: registry.url, token: registry.token };
  await publish(packed, to);
  // Again, as a re-run release does: what the registry holds is skipped, not an error.
  await publish(packed, to);
  return later;
}

beforeAll(async () => {
  registry = await startLocalRegistry(join(work, 'registry'));
  await run(
    process.execPath,
    ['scripts/release-local.mjs', '--registry', registry.url],
    root,
    // The token by environment, as the release workflow passes it: never on a command line.
    { NPM_TOKEN: registry.token },
  );
  await publishLaterMinor();
}, 600_000);

afterAll(async () => {
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

const packument = async (name: string) =>
  (await (await fetch(`${registry.url}${name.replace('/', '%2f')}`)).json()) as {
    versions: Record<
      string,
      { dependencies?: Record<string, string>; dist?: { integrity?: string } }
    >;
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

  it('npx @tollgate/cli init: the scaffold installs from the registry, type-checks, runs, serves MCP', async () => {
    const home = join(work, 'init');
    mkdirSync(home);
    writeNpmrc(home, registry);
    const env = {
      HOME: home,
      TOLLGATE_CONFIG_DIR: join(home, '.tollgate'),
      // npx keeps what it ran by package name: a cache of its own, never a CLI of an earlier run.
      npm_config_cache: join(home, '.npm'),
    };
    await run('npx', ['--yes', '@tollgate/cli', 'init', 'my-agent'], home, env);
    const project = join(home, 'my-agent');
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(manifest.dependencies['@tollgate/sdk']).toBe(`~${version}`);
    expect(manifest.devDependencies['@tollgate/cli']).toBe(`~${version}`);
    writeNpmrc(project, registry);
    await run('npm', ['install', '--no-audit', '--no-fund'], project, env);
    // Installed from the registry, not linked from this workspace.
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    for (const name of ['sdk', 'cli', 'dev-server', 'api', 'identity']) {
      const path = `node_modules/@tollgate/${name}`;
      expect(lstatSync(join(project, path)).isSymbolicLink(), name).toBe(false);
      expect(lock.packages[path]?.version, name).toBe(version);
      // The very tarball this registry holds (its integrity), not a workspace folder.
      const published = (await packument(`@tollgate/${name}`)).versions[version]?.dist?.integrity;
      expect(lock.packages[path]?.integrity, name).toBe(published);
    }
    await run('npm', ['run', 'typecheck'], project, env);

    // The README's story: `npx @tollgate/cli dev` in another terminal, then `npm start`.
    const dev = await startUntilLine(
      'npx',
      ['tollgate', 'dev', '--port', '0'],
      { cwd: project, env: { ...process.env, ...env, npm_config_offline: 'true' } },
      /control plane on/,
    );
    try {
      const started = await run('npm', ['start'], project, env);
      expect(started).toMatch(/^registered my-agent, run \S+$/m);
      expect(started).toMatch(/^spent [1-9]\d* of 1000000 micro-dollars$/m);

      const config = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8'));
      const { command, args } = config.mcpServers.tollgate as { command: string; args: string[] };
      expect([command, ...args]).toEqual(['npx', '-y', '@tollgate/cli', 'mcp']);
      const tools = await mcpToolNames(command, args, {
        cwd: project,
        // Offline: the pinned devDependency in the project is what runs.
        env: { ...process.env, ...env, npm_config_offline: 'true' },
      });
      expect(tools).toContain('create_agent');
    } finally {
      dev.stop();
    }
  }, 300_000);
});
