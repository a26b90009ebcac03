import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('examples/runtime', () => {
  it('serves the agent and every check holds', () => {
    const run = spawnSync(process.execPath, ['src/support-agent.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.match(/✓/g)).toHaveLength(6);
  });
});
