/**
 * A web app from the shared registry: a TypeScript project with `moduleResolution: "bundler"`
 * (DOM types only, no Node types) type-checks against the published @tollgate/sdk, esbuild
 * bundles it for the browser, and headless Chromium (Debian's, driven by playwright-core) runs
 * it from a loopback page against the published dev server on another port (CORS is real).
 * Without Chromium this file is not run and says so (vitest.release.config.ts), unless
 * TOLLGATE_REQUIRE_BROWSER=1, when it fails.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../lib/optional-tools.mjs';
import { install, installedVersion, version } from './consumers';
import { run, startUntilLine } from './processes';

const work = mkdtempSync(join(tmpdir(), 'tollgate-browser-'));
let dir: string;
let dev: Awaited<ReturnType<typeof startUntilLine>>;
let pages: Server;
let browser: Browser;

/** Serves the app's dist/ folder on loopback: the page's origin. */
async function servePages(root: string) {
  const types: Record<string, string> = { html: 'text/html', js: 'text/javascript' };
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split(/[?#]/)[0]!.slice(1);
    if (!/^[\w.-]+$/.test(name) || !existsSync(join(root, name)))
      return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'text/plain' });
    res.end(readFileSync(join(root, name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath))
    throw new Error(
      `no Chromium at ${executablePath}: apt-get install chromium, or set TOLLGATE_CHROMIUM`,
    );
  dir = await install(work, 'browser-bundler');
  dev = await startUntilLine(
    join(dir, 'node_modules/.bin/tollgate-dev-server'),
    ['--port', '0'],
    { cwd: dir },
    /^\{.*\}$/,
  );
  browser = await chromium.launch({
    executablePath,
    // No background traffic to hosts this machine cannot reach.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  pages?.close();
  dev?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('a browser bundle (moduleResolution bundler, esbuild, Chromium)', () => {
  it('type-checks, bundles, and runs the story in a page against the dev server', async () => {
    expect(installedVersion(dir, '@tollgate/sdk')).toBe(version);
    await run('npm', ['run', 'typecheck'], dir);
    await run('npm', ['run', 'build'], dir);
    copyFileSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
    pages = await servePages(join(dir, 'dist'));
    const origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const settings = encodeURIComponent(dev.match[0]);
    await page.goto(`${origin}/index.html#${settings}`);
    const result = await page.evaluate(() => (globalThis as { result?: Promise<unknown> }).result);
    expect(errors).toEqual([]);
    expect(result).toEqual({
      ok: true,
      sdk: version,
      health: 'ok',
      run: true,
      allowed: true,
      notFound: 'not_found',
      entries: expect.any(Number),
    });
    // A page: no Node globals were there to lean on.
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
  }, 300_000);
});
