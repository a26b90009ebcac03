import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { CONTROL_PLANE_VERSION } from '@tollgate/api';
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
    expect(health.version).toBe(CONTROL_PLANE_VERSION);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('turns chaos flags into faults, and refuses unknown ones', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli.ts',
        '--port',
        '0',
        '--chaos-rate',
        '1',
        '--chaos-faults',
        '503',
        '--chaos-routes',
        '/v1/agents',
        '--chaos-retry-after',
        '3',
      ],
      { cwd: `${import.meta.dirname}/..` },
    );
    const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const info = JSON.parse(line);
    const r = await fetch(`${info.url}/v1/agents`, {
      headers: { authorization: `Bearer ${info.adminApiKey}` },
    });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('3');
    expect((await fetch(`${info.url}/v1/health`)).status).toBe(200);
    child.kill('SIGTERM');
    await once(child, 'exit');
    const bad = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', '--chaos-faults', 'boom'],
      {
        cwd: `${import.meta.dirname}/..`,
      },
    );
    const [code] = await once(bad, 'exit');
    expect(code).toBe(2);
  });
});
