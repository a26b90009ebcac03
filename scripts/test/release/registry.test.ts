/**
 * The release path against a real registry (registry-setup.ts: Verdaccio on loopback, every
 * public package published by `release:local`), and consumer projects (each its own folder
 * and lockfile) installing them with npm as users do: CommonJS and TypeScript NodeNext on this
 * Node (20), then both again on Node 22 and 24, and the project `npx @tollgate/cli init` makes.
 */
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpmrc } from '../../lib/local-registry.mjs';
import {
  install,
  installedVersion,
  minor,
  packument,
  publicPackages,
  registry,
  report,
  version,
} from './consumers';
import { mcpToolNames, run, startUntilLine } from './processes';

const work = mkdtempSync(join(tmpdir(), 'tollgate-release-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Each consumer installed (and the TypeScript one compiled) once, whichever test asks first. */
const ready = new Map<string, Promise<string>>();
const prepared = (name: string) => {
  if (!ready.has(name))
    ready.set(
      name,
      install(work, name).then(async (dir) => {
        if (name === 'esm-nodenext')
          await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.'], dir);
        return dir;
      }),
    );
  return ready.get(name)!;
};

describe('release:local to a real registry', () => {
  it('publishes every public package, tagged with its control-plane minor', async () => {
    const tag = `cp-${Math.floor(minor / 100)}.${minor % 100}`;
    expect(publicPackages).toContain('runtime');
    for (const name of publicPackages) {
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
    const dir = await prepared('cjs');
    // A later minor is on the registry, and an install pinned to this one never takes it.
    expect(installedVersion(dir, '@tollgate/api')).toBe(version);
    const out = report(await run(process.execPath, ['index.js'], dir));
    expect(out).toMatchObject({ ok: true, node: process.version });
  }, 300_000);

  it('a TypeScript NodeNext project type-checks strictly and runs the quick start', async () => {
    const dir = await prepared('esm-nodenext');
    const out = report(await run(process.execPath, ['dist/main.js'], dir));
    expect(out).toMatchObject({ ok: true, sdk: version });
  }, 300_000);

  it('Node 22 and 24 (the npm `node` package) run both projects as installed', async () => {
    const [cjs, esm] = await Promise.all([prepared('cjs'), prepared('esm-nodenext')]);
    // The Node binaries land in a cache of this test's own, removed with it.
    const env = { npm_config_cache: join(work, 'npx-node') };
    for (const major of [22, 24]) {
      // npx puts that Node first on PATH: the dev server's bin runs on it too.
      const node = (dir: string, file: string) =>
        run('npx', ['--yes', '-p', `node@${major}`, 'node', file], dir, env).then(report);
      expect(await node(cjs, 'index.js'), `Node ${major}`).toMatchObject({
        ok: true,
        node: expect.stringMatching(new RegExp(`^v${major}\\.`)),
      });
      expect(await node(esm, 'dist/main.js'), `Node ${major}`).toMatchObject({
        ok: true,
        sdk: version,
        node: expect.stringMatching(new RegExp(`^v${major}\\.`)),
      });
    }
  }, 300_000);

  it('npx @tollgate/cli init: the scaffold installs from the registry, type-checks, runs, serves MCP', async () => {
    const home = join(work, 'init');
    mkdirSync(home);
    writeNpmrc(home, registry());
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
    writeNpmrc(project, registry());
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
