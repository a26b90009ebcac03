import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('examples/openai-agents', () => {
  it('runs the agent and every check holds', () => {
    // process.execPath: the Node 22 this suite runs on (the package's test script), as the
    // other framework examples do.
    const run = spawnSync(process.execPath, ['src/support-agent.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.match(/✓/g)).toHaveLength(5);
  });
});
