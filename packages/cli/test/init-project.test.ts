/**
 * The project `tollgate init` writes, used as its README says: its dependencies in place
 * (linked from this workspace rather than installed from a registry: the built @tollgate/sdk,
 * openai, tsx, typescript, @types/node), type-checked with its own tsconfig, then run with its
 * `start` command against the dev server, configured by the environment and then by the CLI's
 * profile alone. Catches a template that drifts from the SDK's API.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startTestServer } from '@tollgate/dev-server/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI } from './helpers';

const run = promisify(execFile);
const sdkDir = join(import.meta.dirname, '..', '..', 'sdk');

/** The folder of an installed package, found from a file inside it. */
function packageDir(name: string, from: string): string {
  const require = createRequire(from);
  let dir = dirname(require.resolve(name === '@types/node' ? '@types/node/package.json' : name));
  while (!existsSync(join(dir, 'package.json')) || readName(dir) !== name) dir = dirname(dir);
  return dir;
}
const readName = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;

const home = mkdtempSync(join(tmpdir(), 'tollgate-init-'));
const project = join(home, 'my-agent');
const server = await startTestServer();
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

beforeAll(async () => {
  await run(process.execPath, [CLI, 'init', 'my-agent'], {
    cwd: home,
    env: { ...process.env, TOLLGATE_CONFIG_DIR: join(home, '.tollgate') },
  });
  const here = import.meta.url;
  const links: Record<string, string> = {
    '@tollgate/sdk': sdkDir,
    '@tollgate/cli': join(import.meta.dirname, '..'),
    openai: packageDir('openai', join(sdkDir, 'package.json')),
    tsx: packageDir('tsx', here),
    typescript: packageDir('typescript', here),
    '@types/node': packageDir('@types/node', here),
  };
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  // Every dependency the project declares is in place, nothing more.
  expect(Object.keys(links).sort()).toEqual(
    Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).sort(),
  );
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(target, join(project, 'node_modules', name), 'dir');
  }
  // What an installer does with the CLI's bin.
  mkdirSync(join(project, 'node_modules', '.bin'));
  symlinkSync(
    '../@tollgate/cli/bin/tollgate.js',
    join(project, 'node_modules', '.bin', 'tollgate'),
  );
}, 180_000);

it('writes a .mcp.json that runs the scoped, pinned CLI, and that command serves MCP', async () => {
  const config = JSON.parse(readFileSync(join(project, '.mcp.json'), 'utf8'));
  const { command, args } = config.mcpServers.tollgate as { command: string; args: string[] };
  expect([command, ...args]).toEqual(['npx', '-y', '@tollgate/cli', 'mcp']);
  const transport = new StdioClientTransport({
    command,
    args,
    cwd: project,
    env: {
      PATH: process.env.PATH!,
      HOME: home,
      TOLLGATE_CONFIG_DIR: join(home, '.tollgate'),
      ...server.env,
      // Never the registry: the pinned devDependency in the project must be what runs.
      npm_config_offline: 'true',
    },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'init-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('create_agent');
  } finally {
    await client.close();
  }
}, 180_000);

it('type-checks with its own tsconfig', async () => {
  const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch(
    (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
  );
  expect(result.stdout).toBe('');
  expect('failed' in result).toBe(false);
}, 180_000);

it('runs its start command against the dev server: registers, makes a governed LLM call', async () => {
  const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  expect(manifest.scripts.start).toBe('tsx agent.ts');
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    TOLLGATE_CONFIG_DIR: join(home, '.tollgate'),
    ...server.env,
  };
  const first = await run(process.execPath, ['--import', 'tsx', 'agent.ts'], { cwd: project, env });
  expect(first.stdout).toMatch(/^registered my-agent, run \S+$/m);
  expect(first.stdout).toMatch(/^spent [1-9]\d* of 1000000 micro-dollars$/m);
  // The identity was saved (0600 files in a 0700 folder); a second start registers again
  // idempotently with the same agent id.
  const agents = join(home, '.tollgate', 'agents');
  expect(statSync(agents).mode & 0o777).toBe(0o700);
  const saved = readdirSync(agents).filter((f) => f.includes('my-agent'));
  expect(saved.length).toBeGreaterThan(0);
  for (const file of saved) expect(statSync(join(agents, file)).mode & 0o777).toBe(0o600);
  // Configured by the CLI's profile alone, as after `tollgate dev`: agent.ts reads it through
  // loadConfig() (new Tollgate() itself reads no file).
  const profileOnly = { ...env, TOLLGATE_BASE_URL: '', TOLLGATE_API_KEY: '' };
  await run(process.execPath, [CLI, 'config', 'set', 'endpoint', server.url], { env: profileOnly });
  await run(process.execPath, [CLI, 'config', 'set', 'api-key', server.adminApiKey], {
    env: profileOnly,
  });
  const second = await run(process.execPath, ['--import', 'tsx', 'agent.ts'], {
    cwd: project,
    env: profileOnly,
  });
  expect(second.stdout).toMatch(/^registered my-agent, run \S+$/m);
}, 180_000);
