/**
 * Every entry of every published package works from outside, BUILT: each `exports` subpath
 * from a CommonJS consumer (fixtures/cjs-consumer.cjs) and each `bin` as a user runs it.
 * It lives here, in the package at the top of the dependency graph, because its test task
 * depends on the build of every package (turbo.json: `@tollgate/cli#test`, which names
 * @tollgate/runtime, @tollgate/ai-sdk, @tollgate/langchain and @tollgate/openai-agents, the published packages the CLI does not depend on).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '@tollgate/dev-server/testing';
import { afterAll, describe, expect, it } from 'vitest';

const packages = join(import.meta.dirname, '..', '..');
const PUBLISHED = [
  'api',
  'identity',
  'sdk',
  'dev-server',
  'runtime',
  'ai-sdk',
  'langchain',
  'openai-agents',
  'cli',
];
/** Each test starts Node processes: generous on a loaded 2-core machine, still bounded. */
const SPAWNING = 120_000;

interface Manifest {
  name: string;
  exports?: Record<string, unknown>;
  bin?: Record<string, string>;
}
const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8'));

const home = mkdtempSync(join(tmpdir(), 'tollgate-cjs-test-'));
const server = await startTestServer();
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, args, {
    cwd: home,
    env: { ...process.env, TOLLGATE_CONFIG_DIR: join(home, '.tollgate'), NO_COLOR: '1', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })),
  );
  return { child, done, stdout: () => stdout };
}

/** The first line a long-running child prints (bounded by the test's timeout). */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before printing a line`)));
  });
}

describe('the built packages, from outside', () => {
  it(
    'every exports subpath, required from CommonJS without require(esm), constructs and calls',
    async () => {
      const expected = PUBLISHED.flatMap((dir) => {
        const { name, exports = {} } = manifest(dir);
        return Object.keys(exports)
          .filter((subpath) => subpath !== './package.json')
          .map((subpath) => (subpath === '.' ? name : `${name}/${subpath.slice(2)}`));
      });
      const fixture = join(import.meta.dirname, 'fixtures', 'cjs-consumer.cjs');
      const result = await run(['--no-experimental-require-module', fixture]).done;
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { required: string[] };
      expect(report.required.sort()).toEqual(expected.sort());
    },
    SPAWNING,
  );

  it(
    'every bin runs from its build output and calls the control plane',
    async () => {
      const bins = PUBLISHED.flatMap((dir) =>
        Object.entries(manifest(dir).bin ?? {}).map(([name, file]) => ({ name, dir, file })),
      );
      expect(bins.map((b) => b.name).sort()).toEqual(['tollgate', 'tollgate-dev-server']);
      const path = (name: string) => {
        const bin = bins.find((b) => b.name === name)!;
        return join(packages, bin.dir, bin.file);
      };

      const dev = run([path('tollgate-dev-server'), '--port', '0']);
      try {
        const printed = JSON.parse(await firstLine(dev.child)) as {
          url: string;
          adminApiKey: string;
        };
        expect((await fetch(`${printed.url}/v1/health`)).status).toBe(200);
      } finally {
        dev.child.kill('SIGTERM');
        await dev.done;
      }

      const cli = await run([path('tollgate'), 'agents', 'list', '--json'], {
        ...server.env,
      }).done;
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      expect(Array.isArray(JSON.parse(cli.stdout))).toBe(true);
    },
    SPAWNING,
  );
});
