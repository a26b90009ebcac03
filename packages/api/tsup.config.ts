import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

export default defineConfig(
  packageBuild({
    entry: ['src/index.ts', 'src/schemas.ts', 'src/checks.ts', 'src/issues.ts', 'src/contract.ts'],
    bundleInCjs: ['openapi-fetch'],
  }),
);
