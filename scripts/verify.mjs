#!/usr/bin/env node
/**
 * Everything CI checks, in the order a failure is cheapest to find. The README's test
 * command runs this after installing; each step is also a root script of its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { browserNotRun, chromiumPath } from './lib/optional-tools.mjs';

const steps = [
  ['generated code matches the contract', 'generate:check'],
  ['package versions match the bound control-plane version', 'bind-version:check'],
  ['contract lint (Redocly)', 'contract:lint'],
  ['contract compatibility with the last released contract', 'contract:check'],
  ['lint and format (Biome)', 'lint'],
  ['build', 'build'],
  ['typecheck', 'typecheck'],
  ['packaging (publint, are-the-types-wrong)', 'packaging'],
  ['tests', 'test'],
  // Verdaccio on loopback: every public package published by release:local, consumer projects
  // installed from it and run (CommonJS and TypeScript NodeNext on Node 20, 22 and 24; the
  // `tollgate init` scaffold; Bun; Deno; a browser bundle in Chromium), and the upgrade story.
  ['published packages install and run from a local registry', 'test:release'],
  // A few iterations only: the figures mean nothing here, but every benchmark must still run
  // to the end (one broke unnoticed once). `pnpm bench` gives the real figures.
  [
    'benchmarks run to the end (smoke: few iterations)',
    'bench',
    { BENCH_ITERATIONS: '40', BENCH_AUDIT_ENTRIES: '3000' },
  ],
  ['the SDK in headless Chromium', 'test:browser'],
  ['the replay cache and the dev-server fleet on a real redis-server', 'test:redis'],
];

// The browser checks need a Chromium binary, which npm cannot provide here (Debian's package
// can: `apt-get install chromium`; .ci/run installs it). Without one they are reported as not
// run, never as passed; TOLLGATE_REQUIRE_BROWSER=1 turns that into a failure.
const chromium = chromiumPath();
const browserMissing = browserNotRun();
// Likewise Debian's redis-server (`apt-get install redis-server`), for the Redis replay cache's
// tests; TOLLGATE_REQUIRE_REDIS=1 (set by .ci/run once it is installed) makes it required.
const redisServer = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find(existsSync);
const redisMissing =
  !redisServer &&
  spawnSync('redis-server', ['--version']).status !== 0 &&
  process.env.TOLLGATE_REQUIRE_REDIS !== '1';

const env = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
};
// Run the same pnpm that runs us (npx pnpm@10 sets npm_execpath), never a global one.
const pnpm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['pnpm'];

const started = Date.now();
let notRun = 0;
let passed = 0;
for (const step of steps) {
  const [label, script, extraEnv] = step;
  if (script === 'test:browser' && browserMissing) {
    notRun++;
    console.log(
      `\n○ ${label}: NOT RUN, no Chromium at ${chromium} (apt-get install chromium, or set TOLLGATE_CHROMIUM)`,
    );
    continue;
  }
  if (script === 'test:redis' && redisMissing) {
    notRun++;
    console.log(`\n○ ${label}: NOT RUN, no redis-server (apt-get install redis-server)`);
    continue;
  }
  if (script === 'test:release' && browserMissing) {
    // The rest of the step runs; its browser consumer does not (vitest.release.config.ts).
    notRun++;
    console.log(
      `\n○ the browser consumer (in pnpm test:release): NOT RUN, no Chromium at ${chromium}`,
    );
  }
  const t0 = Date.now();
  console.log(`\n▶ ${label} (pnpm ${script})`);
  const result = spawnSync(pnpm[0], [...pnpm.slice(1), 'run', script], {
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed after ${seconds}s`);
    console.error(`checks: ${passed} passed, 1 failed`);
    process.exit(result.status ?? 1);
  }
  passed++;
  console.log(`✔ ${label} (${seconds}s)`);
}
console.log(`\nall ${passed} checks run passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`checks: ${passed} passed, 0 failed${notRun ? `, ${notRun} not run` : ''}`);
