import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// `pnpm test:browser`: the Chromium end-to-end test alone (it needs a Chromium binary).
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/browser.e2e.ts'], typecheck: { enabled: false } },
});
