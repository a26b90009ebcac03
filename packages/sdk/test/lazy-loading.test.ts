/**
 * What an operator's client never uses stays out of its way: importing the SDK and
 * constructing a client load neither the compiled response checks (loaded by the first
 * validated call) nor their explain walks (the first refused body; zod and the response
 * schemas never load, even to word it), nor
 * the identity library (the first agent registered or loaded), nor the
 * SSE parser (the first `runs.stream()`). Proven on the bundle a browser app ships (esbuild
 * with code splitting) and on Node, in a fresh process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CERTIFICATE_HEADER } from '@tollgate/identity';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CERTIFICATE_HEADER as SDK_CERTIFICATE_HEADER } from '../src/identity/lazy-crypto';
import { lazy } from '../src/internal/lazy';

const here = import.meta.dirname;
const src = (pkg: string, entry = 'index') => join(here, '..', '..', pkg, 'src', `${entry}.ts`);
// The SDK's own agent-identity class (and the signing fetch, LLM clients it brings) too: the
// root entry exports it, for `instanceof`, without loading it.
const AGENT_CLASS = /identity\/(agent-identity|agent-fetch|signed-send|llm-clients)\.ts$/;
const LAZY = new RegExp(`zod|identity/src|eventsource-parser|${AGENT_CLASS.source}`);

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

/** Files a fresh process loads at each step of test/fixtures/first-use.ts (run once). */
const firstUse = lazy(async () => {
  // The source run by tsx; a module hook lists the files loaded by each step.
  const log = join(mkdtempSync(join(tmpdir(), 'tollgate-lazy-')), 'loaded.log');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(here, 'fixtures', 'first-use.ts'), log],
    { cwd: join(here, '..') },
  );
  return JSON.parse(stdout) as Record<string, string[]>;
});

/** `output` and every chunk it imports statically, by output path. */
function staticChunks(meta: Metafile, output: string, seen = new Set<string>()): string[] {
  if (seen.has(output)) return [];
  seen.add(output);
  return [
    output,
    ...meta.outputs[output]!.imports.filter(
      (i) => i.kind === 'import-statement' && !i.external,
    ).flatMap((i) => staticChunks(meta, i.path, seen)),
  ];
}

/** `contents` bundled for a browser with code splitting, the workspace packages from source. */
function browserBundle(contents: string) {
  return build({
    stdin: { contents, resolveDir: here },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(here, 'out'),
    write: false,
    metafile: true,
    alias: {
      '@tollgate/api/schemas': src('api', 'schemas'),
      '@tollgate/api/checks': src('api', 'checks'),
      '@tollgate/api/issues': src('api', 'issues'),
      '@tollgate/api': src('api'),
      '@tollgate/identity': src('identity'),
    },
    logLevel: 'silent',
  });
}

describe('loaded on first use', () => {
  it('a browser bundle that constructs a client loads no zod, identity library or SSE parser', async () => {
    const result = await browserBundle(
      `import { Tollgate } from ${JSON.stringify(join(here, '..', 'src', 'index.ts'))};
globalThis.tg = new Tollgate({ baseUrl: 'https://cp.example.com', apiKey: 'k' });`,
    );
    const meta = result.metafile;
    // The bundle's own entry (each dynamically imported module is an entry point too).
    const entry = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === '<stdin>')!;
    const loaded = staticInputs(meta, entry);
    expect(loaded.filter((input) => LAZY.test(input))).toEqual([]);
    // They are in the bundle, behind dynamic imports.
    const all = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    // Tracing is on its own entry (@tollgate/sdk/otel): the root never bundles OpenTelemetry.
    expect(all.filter((input) => /opentelemetry|src\/otel\//.test(input))).toEqual([]);
    // So is the tool-call governance of the integrations (@tollgate/sdk/tool-calls).
    expect(all.filter((input) => /src\/tool-calls\.ts/.test(input))).toEqual([]);
    for (const lazy of ['zod', 'identity/src', 'eventsource-parser', 'identity/agent-identity.ts'])
      expect(
        all.some((input) => input.includes(lazy)),
        lazy,
      ).toBe(true);
  });

  it('on Node: none at import and construct, none for calls with validation off; the compiled checks for a validated call, no zod even for a refused body', async () => {
    const steps = await firstUse();
    const lazy = (step: string, pattern: RegExp) => steps[step]!.filter((url) => pattern.test(url));
    const ANY =
      /zod|packages\/identity\/|jose|eventsource-parser|\/sse\.ts|response-checks|response-issues|generated\/responses\/|\/crypto\.ts|\/agent-identity\.ts|opentelemetry|src\/otel\//;
    expect(steps.construct!.some((url) => url.includes('/src/client.ts'))).toBe(true);
    expect(lazy('construct', ANY)).toEqual([]);
    expect(lazy('call, validation off', ANY)).toEqual([]);
    // An accepted body costs its generated check only; zod words a refusal.
    expect(lazy('call, strict', /\/response-checks\.ts/).length).toBeGreaterThan(0);
    expect(lazy('call, strict', /zod|generated\/responses\/|response-issues/)).toEqual([]);
    // The explain walks load with the first refused body, to word the error.
    expect(
      lazy('call, strict, a body the contract refuses', /\/response-issues\.ts/).length,
    ).toBeGreaterThan(0);
    expect(lazy('call, strict, a body the contract refuses', /zod|generated\/responses\//)).toEqual(
      [],
    );
    expect(lazy('call, strict', /packages\/identity\/|jose|eventsource-parser/)).toEqual([]);
    expect(lazy('call, strict', /opentelemetry|src\/otel\//)).toEqual([]);
  });

  it("in a browser bundle, the chunks @tollgate/api's responseSchemaLoaders load for a resource hold only what its responses read", async () => {
    // The SDK validates without zod; a client that loads the zod schemas itself loads them
    // per resource.
    const result = await browserBundle(
      `import { responseSchemaLoaders } from '@tollgate/api';
globalThis.agents = await responseSchemaLoaders.agents();`,
    );
    const meta = result.metafile;
    const chunk = Object.keys(meta.outputs).find((o) =>
      meta.outputs[o]!.entryPoint?.endsWith('generated/responses/agents.ts'),
    );
    expect(chunk).toBeDefined();
    const inputs = staticInputs(meta, chunk!);
    const modules = inputs
      .filter((input) => input.includes('generated/'))
      .map((input) => input.replace(/.*generated\//, ''));
    // The agents resource's module and the shared schemas it reads: no other resource's
    // schemas, no request schemas.
    expect(modules).toContain('responses/agents.ts');
    expect(modules.filter((m) => !/^responses\/(agents|shared\/[\w-]+)\.ts$/.test(m))).toEqual([]);
    // And of zod's ISO formats only the date-time the contract uses: `z.iso.datetime` would
    // keep the whole `iso` namespace (date, time, duration and their regexes).
    const loaded = result.outputFiles
      .filter((file) => staticChunks(meta, chunk!).some((o) => file.path.endsWith(o)))
      .map((file) => file.text)
      .join('\n');
    expect(loaded).toContain('ZodMiniISODateTime');
    expect(loaded).not.toMatch(/ZodMiniISO(Date|Time|Duration)\b/);
  });

  it('the certificate header the SDK reads without loading the identity library is its name', () => {
    expect(SDK_CERTIFICATE_HEADER).toBe(CERTIFICATE_HEADER);
  });

  it('loads a module once; one that failed to load (a chunk a browser could not fetch) loads again', async () => {
    let attempts = 0;
    const load = lazy(async () => {
      attempts++;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { attempt: attempts };
    });
    await expect(load()).rejects.toThrow(TypeError);
    await expect(load()).resolves.toEqual({ attempt: 2 });
    await expect(load()).resolves.toEqual({ attempt: 2 });
    expect(attempts).toBe(2);
  });
});
