import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('examples/quickstart', () => {
  it('runs every step of the story and exits 0', () => {
    const run = spawnSync(process.execPath, ['src/index.mjs'], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/All 9 steps did what they said\./);
    expect(run.stdout).toContain('BudgetExceededError');
  });
});
