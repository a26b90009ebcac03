// Items 13 and 14 of the hardening issue: the config file is never lost, --profile is honoured,
// login checks exactly the credential it saves, and profiles can be switched and emptied.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, newHome } from './helpers';

const server = await startTestServer();
const tg = new Tollgate(server.admin);
const homes: string[] = [];
afterAll(async () => {
  await server.close();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

function homeWith(config: unknown): { home: string; file: string } {
  const home = newHome();
  homes.push(home);
  mkdirSync(join(home, '.tollgate'), { mode: 0o700 });
  const file = join(home, '.tollgate', 'config.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config), {
    mode: 0o600,
  });
  return { home, file };
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

const BROKEN =
  '{\n  "profile": "prod",\n  "profiles": {\n    "prod": { "endpoint": "https://x.test", },\n  }\n}\n';

describe('a malformed config.json', () => {
  it('is an error naming the file and line, and no command rewrites it', async () => {
    const { home, file } = homeWith(BROKEN);
    for (const args of [
      ['config', 'set', 'endpoint', server.url],
      ['config', 'use', 'prod'],
      ['agents', 'list'],
      ['dev', '--port', '0'],
    ]) {
      const result = await cli({ home }, ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toContain(`${file}:4:`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const login = await cli(
      { home, input: server.adminApiKey },
      'login',
      '--with-token',
      '--endpoint',
      server.url,
    );
    expect(login.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(BROKEN);
  });
});

describe('profiles', () => {
  it('config set/get honour --profile; config use switches the active one', async () => {
    const { home, file } = homeWith({
      profile: 'dev',
      profiles: { dev: { endpoint: 'http://127.0.0.1:9' } },
    });
    expect(
      (await cli({ home }, 'config', 'set', 'endpoint', 'https://prod.test', '--profile', 'prod'))
        .code,
    ).toBe(0);
    expect(read(file)).toEqual({
      profile: 'dev',
      profiles: {
        dev: { endpoint: 'http://127.0.0.1:9' },
        prod: { endpoint: 'https://prod.test' },
      },
    });
    expect(
      (await cli({ home }, '--profile', 'prod', 'config', 'get', 'endpoint')).stdout.trim(),
    ).toBe('https://prod.test');
    expect((await cli({ home }, 'config', 'get', 'endpoint')).stdout.trim()).toBe(
      'http://127.0.0.1:9',
    );
    expect((await cli({ home }, 'config', 'use', 'prod')).code).toBe(0);
    expect(read(file).profile).toBe('prod');
    const unknown = await cli({ home }, 'config', 'use', 'staging');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('dev, prod');
  });

  it('config set reads a secret from stdin with -', async () => {
    const { home, file } = homeWith({});
    expect(
      (await cli({ home, input: `${server.adminApiKey}\n` }, 'config', 'set', 'api-key', '-')).code,
    ).toBe(0);
    expect(read(file).profiles.default.api_key).toBe(server.adminApiKey);
  });
});

describe('login, logout, auth status', () => {
  it('checks the client secret it saves even when the profile holds an API key', async () => {
    const { client, client_secret } = await tg.oauthClients.create({
      name: 'ci',
      scopes: ['agents:read'],
    });
    const { home, file } = homeWith({
      profile: 'default',
      profiles: { default: { endpoint: server.url, api_key: server.adminApiKey } },
    });
    const wrong = await cli(
      { home },
      'login',
      '--client-id',
      client.id,
      '--client-secret',
      'tgcs_wrong',
    );
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(read(file).profiles.default).toEqual({
      endpoint: server.url,
      api_key: server.adminApiKey,
    });
    // TOLLGATE_CLIENT_SECRET, as the help says; the profile then holds this credential only.
    const viaEnv = await cli(
      { home, env: { TOLLGATE_CLIENT_SECRET: client_secret } },
      'login',
      '--client-id',
      client.id,
    );
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(read(file).profiles.default).toEqual({
      endpoint: server.url,
      client_id: client.id,
      client_secret,
    });
    expect((await cli({ home }, 'whoami', '--json')).stdout).toContain(client.id);
  });

  it('reads the client secret or an API key from stdin', async () => {
    const { client, client_secret } = await tg.oauthClients.create({
      name: 'ci2',
      scopes: ['agents:read'],
    });
    const { home, file } = homeWith({});
    const stdin = await cli(
      { home, input: `${client_secret}\n` },
      'login',
      '--endpoint',
      server.url,
      '--client-id',
      client.id,
      '--client-secret-stdin',
    );
    expect(stdin.code, stdin.stderr).toBe(0);
    expect(read(file).profiles.default.client_secret).toBe(client_secret);
    const bad = await cli(
      { home, input: 'tg_test_nope' },
      '--profile',
      'ops',
      'login',
      '--endpoint',
      server.url,
      '--with-token',
    );
    expect(bad.code).toBe(1);
    expect(read(file).profiles.ops).toBeUndefined();
    const good = await cli(
      { home, input: server.adminApiKey },
      '--profile',
      'ops',
      'login',
      '--endpoint',
      server.url,
      '--with-token',
    );
    expect(good.code, good.stderr).toBe(0);
    expect(read(file).profiles.ops).toEqual({ endpoint: server.url, api_key: server.adminApiKey });
  });

  it('auth status shows each profile with no more of a secret than its prefix; logout empties one', async () => {
    const { home, file } = homeWith({
      profile: 'dev',
      profiles: {
        dev: { endpoint: server.url, api_key: server.adminApiKey },
        old: { endpoint: server.url, api_key: 'tg_test_revoked' },
      },
    });
    const status = await cli({ home }, 'auth', 'status');
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/^\* dev: .*api key tg_test_….*✓ /m);
    expect(status.stdout).toMatch(/^ {2}old: .*✗ /m);
    expect(status.stdout).not.toContain(server.adminApiKey.slice(0, 9));
    const one = await cli({ home }, '--profile', 'dev', 'auth', 'status', '--json');
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual([
      expect.objectContaining({ profile: 'dev', active: true, ok: true }),
    ]);
    expect((await cli({ home }, '--profile', 'old', 'logout')).code).toBe(0);
    expect(read(file).profiles.old).toEqual({ endpoint: server.url });
    expect((await cli({ home }, '--profile', 'old', 'logout')).code).toBe(1);
  });
});
