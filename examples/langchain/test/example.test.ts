import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('examples/langchain', () => {
  it('runs the agent and every check holds', () => {
    // process.execPath: the Node 22 this suite runs on (the package's test script), as
    // @langchain/openai 1.6 needs.
    const run = spawnSync(process.execPath, ['src/support-graph.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.match(/✓/g)).toHaveLength(4);
  });
});
