import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const examples = [
  'identity-and-budgets',
  'agents-tools-runs',
  'governed-runs-evidence',
  'service-requests-webhooks',
  'versioned-client',
];

describe('examples', () => {
  it.each(examples)('%s runs and every check holds', (name) => {
    const run = spawnSync(process.execPath, [`src/${name}.mjs`], {
      cwd: `${import.meta.dirname}/..`,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/✓/);
  });
});
