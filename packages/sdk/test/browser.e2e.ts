/**
 * The root entry in a real browser: headless Chromium (Debian's, driven by playwright-core)
 * loads the browser bundle from a loopback page and runs the runtime scenario against the
 * dev server on another port (so CORS is real too). Runs as `pnpm test:browser`; verify
 * runs it where Chromium is installed and CI installs it (see README, "Runtimes").
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from './runtimes/harness';
import { expected } from './runtimes/scenario.js';

const executablePath = process.env.TOLLGATE_CHROMIUM ?? '/usr/bin/chromium';

let rig: Awaited<ReturnType<typeof prepare>>;
let pages: ReturnType<typeof createServer>;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(executablePath))
    throw new Error(
      `no Chromium at ${executablePath}: apt-get install chromium, or set TOLLGATE_CHROMIUM`,
    );
  rig = await prepare();
  const types: Record<string, string> = { html: 'text/html', js: 'text/javascript' };
  pages = createServer((req, res) => {
    const name = (req.url ?? '/').split(/[?#]/)[0]!.slice(1);
    if (!/^[\w.-]+$/.test(name)) return res.writeHead(404).end();
    try {
      const body = readFileSync(join(rig.dir, name));
      res.writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'text/plain' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath,
    // As this machine's notes advise: no background traffic to hosts it cannot reach.
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
}, 120_000);

afterAll(async () => {
  await browser?.close();
  pages?.close();
  await rig?.close();
});

describe('the root entry in Chromium', () => {
  it('runs the scenario: validation, pagination, typed errors, identity, webhooks', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const settings = encodeURIComponent(JSON.stringify(rig.settings('chromium')));
    await page.goto(`${origin}/page.html#${settings}`);
    const report = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            result: Promise<{ ok: boolean; error?: string; result?: unknown }>;
          }
        ).result,
    );
    expect(errors).toEqual([]);
    expect(report.error).toBeUndefined();
    expect(report.result).toMatchObject(expected);
    // WebCrypto, not node:crypto, signed for the agent: there is no `process` in a page.
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    );
  }, 120_000);
});
