/**
 * Bun and Deno as their users run Tollgate, from the shared registry: Bun installs with its own
 * installer and lockfile and runs TypeScript as is; Deno imports `npm:` specifiers (no
 * package.json, no node_modules), type-checks them and runs with network access to the control
 * plane only. Both binaries come from npm (the `bun` and `deno` packages, devDependencies of
 * this package); their caches live in this test's folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevServer } from '@tollgate/dev-server';
import { startTestServer } from '@tollgate/dev-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, copyConsumer, installedVersion, registry, report, version } from './consumers';
import { run } from './processes';

const work = mkdtempSync(join(tmpdir(), 'tollgate-runtimes-'));
let server: DevServer;
let args: string[];

beforeAll(async () => {
  server = await startTestServer();
  args = [server.url, server.adminApiKey, JSON.stringify(server.caPublicJwk)];
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** What each runtime's project reports after its calls (see consumers/bun, consumers/deno). */
const story = {
  ok: true,
  sdk: version,
  health: 'ok',
  run: true,
  allowed: true,
  notFound: 'not_found',
  entries: expect.any(Number),
};

describe('Bun and Deno, from the registry', () => {
  it('Bun: bun install (its own bun.lock), TypeScript run as is', async () => {
    const dir = copyConsumer(work, 'bun');
    const env = { BUN_INSTALL_CACHE_DIR: join(work, 'bun-cache'), NO_COLOR: '1' };
    await run(bin('bun'), ['install'], dir, env);
    // From this registry (the later minor's @tollgate/api on it is never taken).
    expect(readFileSync(join(dir, 'bun.lock'), 'utf8')).toContain(registry().url);
    expect(installedVersion(dir, '@tollgate/api')).toBe(version);
    const out = report(await run(bin('bun'), ['run', 'index.ts', ...args], dir, env));
    expect(out).toEqual({ ...story, runtime: expect.stringMatching(/^bun 1\./) });
  }, 300_000);

  it('Deno: npm: specifiers, type-checked, run with network access only', async () => {
    const dir = copyConsumer(work, 'deno');
    const env = { DENO_DIR: join(work, 'deno'), NO_COLOR: '1' };
    // Deno refuses versions published less than a day ago by default (a supply-chain guard):
    // these were published a moment ago. A user installing a fresh release meets the same.
    const fresh = '--minimum-dependency-age=0';
    await run(bin('deno'), ['install', fresh, '--entrypoint', 'main.ts'], dir, env);
    const lock = JSON.parse(readFileSync(join(dir, 'deno.lock'), 'utf8'));
    expect(Object.values(lock.specifiers)).toEqual([version]);
    expect(lock.npm[`@tollgate/api@${version}`].tarball).toContain(registry().url);
    await run(bin('deno'), ['check', 'main.ts'], dir, env);
    const net = `--allow-net=${new URL(server.url).host}`;
    const out = report(
      await run(bin('deno'), ['run', '--no-prompt', net, 'main.ts', ...args], dir, env),
    );
    expect(out).toEqual({ ...story, runtime: expect.stringMatching(/^deno 2\./) });
  }, 300_000);
});
