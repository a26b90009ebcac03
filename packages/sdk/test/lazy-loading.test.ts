/**
 * What an operator's client never uses stays out of its way: importing the SDK and
 * constructing a client load neither zod and the response schemas (loaded by the first
 * validated call), nor the identity library (the first agent registered or loaded), nor the
 * SSE parser (the first `runs.stream()`). Proven on the bundle a browser app ships (esbuild
 * with code splitting) and on Node, in a fresh process.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CERTIFICATE_HEADER } from '@tollgate/identity';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_HEADER as SDK_CERTIFICATE_HEADER } from '../src/identity/lazy-crypto';

const here = import.meta.dirname;
const src = (pkg: string, entry = 'index') => join(here, '..', '..', pkg, 'src', `${entry}.ts`);
const LAZY = /zod|identity\/src|eventsource-parser/;

/** The inputs of `output` and of every chunk it imports statically (what loads with it). */
function staticInputs(meta: Metafile, output: string, seen = new Set<string>()): string[] {
  if (seen.has(output)) return [];
  seen.add(output);
  const { inputs, imports } = meta.outputs[output]!;
  return [
    ...Object.keys(inputs),
    ...imports
      .filter((i) => i.kind === 'import-statement' && !i.external)
      .flatMap((i) => staticInputs(meta, i.path, seen)),
  ];
}

describe('loaded on first use', () => {
  it('a browser bundle that constructs a client loads no zod, identity library or SSE parser', async () => {
    const result = await build({
      stdin: {
        contents: `import { Tollgate } from ${JSON.stringify(join(here, '..', 'src', 'index.ts'))};
globalThis.tg = new Tollgate({ baseUrl: 'https://cp.example.com', apiKey: 'k' });`,
        resolveDir: here,
      },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: join(here, 'out'),
      write: false,
      metafile: true,
      alias: {
        '@tollgate/api/schemas': src('api', 'schemas'),
        '@tollgate/api': src('api'),
        '@tollgate/identity': src('identity'),
      },
      logLevel: 'silent',
    });
    const meta = result.metafile;
    const entry = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint)!;
    const loaded = staticInputs(meta, entry);
    expect(loaded.filter((input) => LAZY.test(input))).toEqual([]);
    // They are in the bundle, behind dynamic imports.
    const all = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    for (const lazy of ['zod', 'identity/src', 'eventsource-parser'])
      expect(
        all.some((input) => input.includes(lazy)),
        lazy,
      ).toBe(true);
  });

  it('on Node, importing the SDK and constructing a client loads none of them either', async () => {
    // A fresh process, the source run by tsx; the module hook lists every file loaded.
    const script = `
      import { register } from 'node:module';
      const loaded = [];
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (url) => loaded.push(url));
      register('data:text/javascript,' + encodeURIComponent(
        'let port; export function initialize(d) { port = d.port; }' +
        'export async function load(u, c, n) { port.postMessage(u); return n(u, c); }'),
        { data: { port: port2 }, transferList: [port2] });
      const { Tollgate } = await import(${JSON.stringify(join(here, '..', 'src', 'index.ts'))});
      new Tollgate({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k' });
      setImmediate(() => { console.log(JSON.stringify(loaded)); port1.close(); });
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: join(here, '..') },
    );
    const loaded = JSON.parse(stdout) as string[];
    expect(loaded.some((url) => url.includes('/src/client.ts'))).toBe(true);
    const lazy =
      /zod|packages\/identity\/|jose|eventsource-parser|\/sse\.ts|response-schemas|\/crypto\.ts/;
    expect(loaded.filter((url) => lazy.test(url))).toEqual([]);
  });

  it('the certificate header the SDK reads without loading the identity library is its name', () => {
    expect(SDK_CERTIFICATE_HEADER).toBe(CERTIFICATE_HEADER);
  });
});
