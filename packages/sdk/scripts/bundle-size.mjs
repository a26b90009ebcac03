#!/usr/bin/env node
/**
 * The bundle-size budget of the root entry, measured the way the anchors were: a file that
 * constructs the client, bundled by esbuild (--bundle --minify, browser platform), then
 * gzip -9. Anchors measured the same way: openai-node ≈ 36 kB, stripe ≈ 33 kB,
 * @octokit/rest ≈ 21 kB, openapi-fetch ≈ 2.6 kB. The issue's target (20 kB) is reported; the
 * ceiling is enforced (CI fails above it), a ratchet that moves down except, once, for the
 * hardening issue's fixes (32 → 34 kB; the redesign issue brings it under 30). The README's
 * "Bundle size" section says why the target is out of reach with validation and identity in
 * the root entry.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const TARGET = 20 * 1024;
const CEILING = 34 * 1024;
// The entry sits beside the built package so its dependencies resolve as a user's would.
const dir = mkdtempSync(join(process.cwd(), 'dist', '.size-'));
const entry = join(dir, 'entry.mjs');
writeFileSync(
  entry,
  `import { Tollgate } from '../index.js';\nconst tg = new Tollgate({ baseUrl: 'https://cp.example.com', apiKey: 'k', validate: 'strict' });\nglobalThis.tg = tg;\n`,
);
try {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const inputs = Object.entries(
    result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs,
  )
    .map(([file, info]) => [
      file.replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, ''),
      info.bytesInOutput,
    ])
    .reduce((acc, [file, bytes]) => {
      const parts = file.split('/');
      const pkg = file.startsWith('@')
        ? parts.slice(0, 2).join('/')
        : file.startsWith('../')
          ? `@tollgate/${parts[1]}`
          : file.startsWith('dist/')
            ? '@tollgate/sdk'
            : parts[0];
      acc[pkg] = (acc[pkg] ?? 0) + bytes;
      return acc;
    }, {});
  const top = Object.entries(inputs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  console.log(
    `@tollgate/sdk root entry: ${(code.length / 1024).toFixed(1)} kB minified, ${(gz / 1024).toFixed(1)} kB min+gzip (target ${TARGET / 1024} kB: ${gz <= TARGET ? 'met' : 'NOT met'}; enforced ceiling ${CEILING / 1024} kB; anchors: openai-node 36, stripe 33, @octokit/rest 21, openapi-fetch 2.6)`,
  );
  console.log(
    `largest inputs (minified bytes): ${top.map(([p, b]) => `${p} ${(b / 1024).toFixed(1)}k`).join(', ')}`,
  );
  if (gz > CEILING) {
    console.error(
      `over the enforced bundle-size ceiling by ${((gz - CEILING) / 1024).toFixed(1)} kB`,
    );
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
