import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('tollgate-dev-server', () => {
  it('prints one JSON line with url, admin key and CA key, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0'], {
      cwd: `${import.meta.dirname}/..`,
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const info = JSON.parse(line);
    expect(info).toMatchObject({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      adminApiKey: expect.stringMatching(/^tg_test_/),
    });
    expect(info.caPublicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    const health = await (await fetch(`${info.url}/v1/health`)).json();
    expect(health.version).toBe('2.19.0');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
