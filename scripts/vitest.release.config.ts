import { defineConfig } from 'vitest/config';
import { browserNotRun, chromiumPath } from './lib/optional-tools.mjs';

// The release path end to end: one local registry for the consumer tests (the global setup
// publishes to it), publishing, consumer installs; upgrade.test.ts has a registry of its own.
// One file at a time (they share the registry and the npm cache), with room for installs.
// The browser consumer needs Chromium: without it, it is reported as not run (never passed).
const skipBrowser = browserNotRun();
if (skipBrowser)
  console.log(
    `○ consumer: a browser bundle in Chromium (test/release/browser.test.ts): NOT RUN, no Chromium at ${chromiumPath()} (apt-get install chromium, or set TOLLGATE_CHROMIUM)`,
  );

export default defineConfig({
  test: {
    include: ['test/release/**/*.test.ts'],
    exclude: skipBrowser ? ['test/release/browser.test.ts'] : [],
    globalSetup: ['test/release/registry-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
