// The README's commands from a clone: the bins are committed shims, so pnpm links them at
// install time (before any build) and they run the built CLI; unbuilt, they say what to do.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SDK_VERSION } from '@tollgate/sdk';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

describe('bins from the workspace', () => {
  it('`npx --yes pnpm@10 exec tollgate-dev-server --port 0` prints the URL', async () => {
    const child = spawn('npx', ['--yes', 'pnpm@10', 'exec', 'tollgate-dev-server', '--port', '0'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const info = JSON.parse(line);
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await (await fetch(`${info.url}/v1/health`)).json()).status).toBe('ok');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  });

  it('`npx --yes pnpm@10 exec tollgate --version` runs the CLI', () => {
    const result = spawnSync('npx', ['--yes', 'pnpm@10', 'exec', 'tollgate', '--version'], {
      cwd: root,
      encoding: 'utf8',
    });
    // (npm may warn about pnpm's settings in the environment; nothing of ours is on stderr.)
    expect(result.stderr).not.toMatch(/tollgate|error|ERR_/i);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(SDK_VERSION);
  });

  it.each([
    ['packages/dev-server/bin/tollgate-dev-server.js', 'tollgate-dev-server'],
    ['packages/cli/bin/tollgate.js', 'tollgate'],
  ])('%s, unbuilt, says to build first', (shim, name) => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(join(root, shim), join(dir, 'bin', `${name}.js`));
      const result = spawnSync(process.execPath, [join(dir, 'bin', `${name}.js`)], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('npx --yes pnpm@10 build');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
