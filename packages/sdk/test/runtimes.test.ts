/**
 * The root entry on other runtimes: the browser bundle of `@tollgate/sdk` runs one scenario
 * (validated reads, pagination, typed errors, agent registration with certificate
 * verification and signed requests, webhooks) against the dev server on Node, Bun and Deno.
 * Deno runs with network access only (no env, no file reads but the bundle): the SDK must
 * not need more. workerd (Cloudflare Workers' runtime) serves the scenario from a worker
 * with no Node compatibility and outbound fetches to loopback only. Bun, Deno and workerd come
 * from npm (devDependencies). Chromium: test/browser.e2e.ts.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from './runtimes/harness';
import { expected, scenario } from './runtimes/scenario.js';

const run = promisify(execFile);
/** A binary the package's devDependencies put in node_modules/.bin. */
const bin = (name: string) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);

let rig: Awaited<ReturnType<typeof prepare>>;
beforeAll(async () => {
  rig = await prepare();
}, 60_000);
afterAll(() => rig?.close());

async function viaCli(command: string, args: string[], suffix: string) {
  const settings = JSON.stringify({ bundle: './sdk.js', ...rig.settings(suffix) });
  const { stdout } = await run(command, [...args, join(rig.dir, 'cli-runner.js'), settings], {
    cwd: rig.dir,
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: rig.dir, NO_COLOR: '1' },
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!);
  expect(report.error).toBeUndefined();
  return report.result;
}

describe('the root entry on every runtime', () => {
  it('Node (the browser bundle, imported as is)', async () => {
    const sdk = await import(join(rig.dir, 'sdk.js'));
    expect(await scenario(sdk, rig.settings('node'))).toMatchObject(expected);
  });

  it('Bun', async () => {
    const result = await viaCli(bin('bun'), ['run'], 'bun');
    expect(result).toMatchObject(expected);
  }, 90_000);

  it('Deno, with network access only', async () => {
    const port = new URL(rig.server.url).host;
    const result = await viaCli(
      bin('deno'),
      ['run', '--no-prompt', `--allow-net=${port}`, `--allow-read=${rig.dir}`],
      'deno',
    );
    expect(result).toMatchObject(expected);
  }, 90_000);

  it('workerd (Cloudflare Workers), fetch and WebCrypto only', async () => {
    const workerd = spawn(bin('workerd'), ['serve', 'workerd.capnp', '--control-fd=3'], {
      cwd: rig.dir,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: rig.dir },
    });
    let stderr = '';
    workerd.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    try {
      // workerd reports the port it bound on the control descriptor, one JSON line per socket.
      const control = createInterface({ input: workerd.stdio[3] as Readable });
      const port = await Promise.race([
        (async () => {
          for await (const line of control) {
            const message = JSON.parse(line);
            if (message.event === 'listen') return message.port as number;
          }
          throw new Error(`workerd exited: ${stderr}`);
        })(),
        once(workerd, 'exit').then(() => {
          throw new Error(`workerd exited: ${stderr}`);
        }),
      ]);
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        body: JSON.stringify(rig.settings('workerd')),
        signal: AbortSignal.timeout(60_000),
      });
      const report = await response.json();
      expect(report.error).toBeUndefined();
      expect(report.result).toMatchObject(expected);
    } finally {
      workerd.kill();
    }
  }, 90_000);
});
