/**
 * The root entry runs in browsers and edge runtimes, so it imports no `node:` module and
 * touches no file system: `new Tollgate()` reads options and environment variables only. The
 * CLI's config file is read by `loadConfig()` from `@tollgate/sdk/node`, when asked.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Tollgate, TollgateError } from '../src';

const here = import.meta.dirname;
const src = (pkg: string, entry = 'index') => join(here, '..', '..', pkg, 'src', `${entry}.ts`);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-root-entry-'));
  vi.stubEnv('TOLLGATE_CONFIG_DIR', dir);
  for (const name of ['TOLLGATE_BASE_URL', 'TOLLGATE_API_KEY', 'TOLLGATE_PROFILE'])
    vi.stubEnv(name, '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('the root entry', () => {
  it('bundles for browsers with no node: import and nothing that reaches a file system', async () => {
    const nodeImports: string[] = [];
    const result = await build({
      entryPoints: [join(here, '..', 'src', 'index.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      alias: {
        '@tollgate/api/schemas': src('api', 'schemas'),
        '@tollgate/api/checks': src('api', 'checks'),
        '@tollgate/api/issues': src('api', 'issues'),
        '@tollgate/api': src('api'),
        '@tollgate/identity': src('identity'),
      },
      plugins: [
        {
          name: 'collect-node-imports',
          setup(b) {
            b.onResolve({ filter: /^node:/ }, (args) => {
              nodeImports.push(`${args.path} from ${args.importer}`);
              return { path: args.path, external: true };
            });
          },
        },
      ],
      logLevel: 'silent',
    });
    expect(nodeImports).toEqual([]);
    const code = result.outputFiles.map((f) => f.text).join('\n');
    // Not even through process.getBuiltinModule, which bundlers leave alone.
    for (const reach of ['node:fs', 'node:os', 'node:path', 'readFileSync', 'homedir'])
      expect(code.includes(reach), reach).toBe(false);
  });

  it('new Tollgate() reads no config file: a valid one is not used, a malformed one not noticed', async () => {
    const file = join(dir, 'config.json');
    await writeFile(
      file,
      JSON.stringify({ profiles: { default: { endpoint: 'http://127.0.0.1:9', api_key: 'k' } } }),
    );
    const builtins: string[] = [];
    const getBuiltinModule = process.getBuiltinModule;
    vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) => {
      builtins.push(id);
      return getBuiltinModule(id);
    }) as typeof process.getBuiltinModule);
    expect(() => new Tollgate()).toThrow(TollgateError);
    expect(() => new Tollgate()).toThrow(/no control-plane URL/);
    await writeFile(file, '{ "profiles": ');
    expect(new Tollgate({ baseUrl: 'http://127.0.0.1:9' }).baseUrl).toBe('http://127.0.0.1:9');
    expect(builtins).toEqual([]);
  });

  it('environment variables still configure the client, read without a file system', () => {
    vi.stubEnv('TOLLGATE_BASE_URL', 'http://127.0.0.1:9/');
    expect(new Tollgate().baseUrl).toBe('http://127.0.0.1:9');
  });

  it('new Tollgate() touches no fetch global (on Node the first touch loads undici: tens of ms)', () => {
    const touched: string[] = [];
    const names = ['fetch', 'Request', 'Response', 'Headers'] as const;
    const saved = names.map(
      (name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)!] as const,
    );
    for (const [name, descriptor] of saved)
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name);
          return descriptor.value ?? descriptor.get?.call(globalThis);
        },
      });
    try {
      new Tollgate({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k' });
    } finally {
      for (const [name, descriptor] of saved) Object.defineProperty(globalThis, name, descriptor);
    }
    expect(touched).toEqual([]);
  });
});
