/**
 * The root entry on other runtimes: the browser bundle of `@tollgate/sdk` runs one scenario
 * (validated reads, pagination, typed errors, agent registration with certificate
 * verification and signed requests, webhooks) against the dev server on Node, Bun and Deno.
 * Deno runs with network access only (no env, no file reads but the bundle): the SDK must
 * not need more. Bun and Deno come from npm (devDependencies). Chromium: test/browser.e2e.ts.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
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
});
