#!/usr/bin/env node
// The bin is this committed file, not dist/cli.js: package managers link bins at install
// time, before a clone has built anything, and skip (with a warning) a bin that is missing.
import { existsSync } from 'node:fs';

const built = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(built)) {
  console.error(
    'tollgate: @tollgate/cli is not built (no dist/cli.js). From a clone, run `npx --yes pnpm@10 build` first.',
  );
  process.exit(1);
}
await import(built.href);
