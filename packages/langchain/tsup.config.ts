import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base';

export default defineConfig(
  packageBuild({
    entry: {
      index: 'src/index.ts',
      openai: 'src/openai.ts',
      anthropic: 'src/anthropic.ts',
      google: 'src/google.ts',
      langgraph: 'src/langgraph.ts',
      otel: 'src/otel.ts',
    },
  }),
);
