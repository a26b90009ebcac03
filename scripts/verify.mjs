#!/usr/bin/env node
/**
 * Everything CI checks, in the order a failure is cheapest to find. The README's test
 * command runs this after installing; each step is also a root script of its own.
 */
import { spawnSync } from 'node:child_process';

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
];

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
for (const step of steps) {
  const [label, script] = step;
  const t0 = Date.now();
  console.log(`\n▶ ${label} (pnpm ${script})`);
  const result = spawnSync(pnpm[0], [...pnpm.slice(1), 'run', script], { stdio: 'inherit', env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed after ${seconds}s`);
    console.error(`checks: ${steps.indexOf(step)} passed, 1 failed`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${label} (${seconds}s)`);
}
console.log(
  `\nall ${steps.length} checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s`,
);
console.log(`checks: ${steps.length} passed, 0 failed`);
