#!/usr/bin/env node
/**
 * The bundle-size budget of the root entry, three numbers, measured the way the anchors were:
 * a user's file bundled by esbuild (--bundle --minify --splitting, browser platform), each
 * output file gzipped at level 9.
 *   first call: what an operator's first call loads — construct, `tg.agents.get()` and
 *     `tg.agents.list()` with strict validation, every response valid. Measured, not declared:
 *     the bundle runs in a child process (scripts/first-call-run.mjs, fetch stubbed) and the
 *     files it loaded count, lazily loaded chunks included.
 *   first refused body: the same client then gets a body the contract refuses (strict
 *     validation throws): the first call's files and what wording the error loads (the
 *     generated explain walks, @tollgate/api/issues: no zod).
 *   whole root: every export of the root entry, every chunk it can ever load.
 * Anchors (whole package, measured the same way): openai-node 35.9 kB, stripe 32.9,
 * @octokit/rest 21.4, openapi-fetch 2.6. The ceilings are enforced (CI fails above them), a
 * ratchet that only moves down; the redesign issue's targets (first call 21 kB, whole root
 * 30 kB) are reported beside them. The README's "Bundle size" section says what is in each
 * number and what would close the gap.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const CEILINGS = {
  'first call': 19.8 * 1024,
  'first refused body': 23.7 * 1024,
  'whole root': 29.8 * 1024,
};
const TARGETS = { 'first call': 21 * 1024, 'whole root': 30 * 1024 };
const ANCHORS = 'anchors: openai-node 35.9, stripe 32.9, @octokit/rest 21.4, openapi-fetch 2.6';
const CLIENT = `new Tollgate({ baseUrl: 'https://cp.example.com', apiKey: 'k', validate: 'strict' })`;
const ENTRIES = {
  'first call': `import { Tollgate } from '../index.js';
const tg = ${CLIENT};
await tg.agents.get('a1');
for await (const agent of tg.agents.list()) globalThis.last = agent;
globalThis.step('first refused body');
await tg.agents.get('broken').then(
  () => { throw new Error('strict validation did not run'); },
  (error) => { if (error.name !== 'ResponseValidationError') throw error; },
);
`,
  'whole root': `import * as sdk from '../index.js';\nglobalThis.sdk = sdk;\n`,
};

/** Bundles `source` (split into chunks or not); returns each output file's sizes and inputs. */
async function bundle(dir, name, source, splitting) {
  const entry = join(dir, `${name.replace(' ', '-')}.mjs`);
  writeFileSync(entry, source);
  const outdir = join(dir, name.replace(' ', '-'));
  mkdirSync(outdir);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    splitting,
    format: 'esm',
    platform: 'browser',
    outdir,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const files = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, info]) => {
      const code = result.outputFiles.find((f) => f.path.endsWith(file)).contents;
      return {
        file: join(process.cwd(), file),
        min: code.length,
        gz: gzipSync(code, { level: 9 }).length,
        inputs: info.inputs,
        // Chunks this one imports statically: they load with it, before any code runs.
        imports: info.imports
          .filter((i) => i.kind === 'import-statement' && !i.external)
          .map((i) => join(process.cwd(), i.path)),
      };
    });
  for (const f of result.outputFiles) writeFileSync(f.path, f.contents);
  return {
    outdir,
    entry: files.find((f) => f.file.endsWith(`${name.replace(' ', '-')}.js`)),
    files,
  };
}

/** The package an input file belongs to, for the breakdown. */
function packageOf(file) {
  const path = file.replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '');
  const parts = path.split('/');
  if (path.startsWith('@')) return parts.slice(0, 2).join('/');
  if (path.startsWith('../')) return `@tollgate/${parts[1]}`;
  return path.startsWith('dist/') ? '@tollgate/sdk' : parts[0];
}

function report(name, files) {
  const gz = files.reduce((sum, f) => sum + f.gz, 0);
  const min = files.reduce((sum, f) => sum + f.min, 0);
  const byPackage = {};
  for (const f of files)
    for (const [input, info] of Object.entries(f.inputs))
      byPackage[packageOf(input)] = (byPackage[packageOf(input)] ?? 0) + info.bytesInOutput;
  const top = Object.entries(byPackage)
    .sort((a, b) => b[1] - a[1])
    .map(([p, b]) => `${p} ${(b / 1024).toFixed(1)}k`)
    .join(', ');
  const ceiling = CEILINGS[name];
  const target = TARGETS[name];
  const goal = target ? `; target ${target / 1024} kB: ${gz <= target ? 'met' : 'not met'}` : '';
  console.log(
    `${name}: ${(gz / 1024).toFixed(1)} kB (${gz} B) min+gzip in ${files.length} file(s), ${(min / 1024).toFixed(1)} kB minified (enforced ceiling ${(ceiling / 1024).toFixed(1)} kB: ${gz <= ceiling ? 'ok' : 'OVER'}${goal}; ${ANCHORS})`,
  );
  console.log(`            minified bytes by package: ${top}`);
  return gz <= ceiling;
}

// The entries sit beside the built package so its dependencies resolve as a user's would.
const dir = mkdtempSync(join(process.cwd(), 'dist', '.size-'));
try {
  const first = await bundle(dir, 'first call', ENTRIES['first call'], true);
  const lines = execFileSync(
    process.execPath,
    [
      fileURLToPath(new URL('./first-call-run.mjs', import.meta.url)),
      first.entry.file,
      join(dir, 'loaded.log'),
    ],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
  const mark = lines.indexOf('# first refused body');
  if (mark < 0) throw new Error('the first-call run did not reach its refused body');
  const loaded = lines.filter((line) => !line.startsWith('#')).map((url) => fileURLToPath(url));
  const beforeRefusal = lines.slice(0, mark).map((url) => fileURLToPath(url));
  const refused = first.files.filter((f) => loaded.includes(f.file));
  const used = first.files.filter((f) => beforeRefusal.includes(f.file));
  const onRefusal = refused.filter((f) => !used.includes(f));
  const upfront = new Set([first.entry.file]);
  for (const f of first.files) if (upfront.has(f.file)) for (const i of f.imports) upfront.add(i);
  const onCall = used.filter((f) => !upfront.has(f.file));
  const left = first.files
    .filter((f) => !loaded.includes(f.file))
    .map((f) => relative(first.outdir, f.file));
  const root = await bundle(dir, 'whole root', ENTRIES['whole root'], false);
  console.log(
    '@tollgate/sdk root entry, esbuild --bundle --minify --splitting (browser), gzip -9:',
  );
  const kB = (files) => (files.reduce((sum, f) => sum + f.gz, 0) / 1024).toFixed(1);
  const ok = [report('first call', used)];
  console.log(
    `            of the first call, ${kB(onCall)} kB in ${onCall.length} chunk(s) load when it starts, beside its request (the response checks)`,
  );
  ok.push(report('first refused body', refused));
  console.log(
    `            of which ${kB(onRefusal)} kB in ${onRefusal.length} chunk(s) load with the first body a check refuses (the checks' explain walks), to word the error`,
  );
  ok.push(report('whole root', root.files));
  console.log(
    `            the first call and its refused body leave ${left.length} chunk(s) unloaded: ${left.join(', ') || 'none'}`,
  );
  if (ok.includes(false)) {
    console.error('over an enforced bundle-size ceiling (scripts/bundle-size.mjs)');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
