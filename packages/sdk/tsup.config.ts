import { defineConfig } from 'tsup';
import { fromRootEntry, packageBuild } from '../../tsup.base';

const base = packageBuild({
  entry: {
    index: 'src/index.ts',
    node: 'src/node/index.ts',
    otel: 'src/otel/index.ts',
    'tool-calls': 'src/tool-calls.ts',
  },
});

export default defineConfig({
  ...base,
  // The governed tool calls use the root entry's error classes (instanceof across entries).
  esbuildPlugins: [...(base.esbuildPlugins ?? []), fromRootEntry(['tool-calls'])],
});
