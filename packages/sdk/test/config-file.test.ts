import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Tollgate } from '../src';
import { ConfigFileError, loadConfig, readConfigFile } from '../src/node';
import { updateConfigFile } from '../src/node/config-store';

const ENV = [
  'TOLLGATE_PROFILE',
  'TOLLGATE_BASE_URL',
  'TOLLGATE_API_KEY',
  'TOLLGATE_CLIENT_ID',
  'TOLLGATE_CLIENT_SECRET',
  'TOLLGATE_CA_PUBLIC_KEY',
];
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-config-'));
  vi.stubEnv('TOLLGATE_CONFIG_DIR', dir);
  for (const name of ENV) vi.stubEnv(name, '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const broken =
  '{\n  "profile": "prod",\n  "profiles": {\n    "prod": { "api_key": "tg_live_SECRET" },\n  }\n}\n';

describe('the config file', () => {
  it('missing means no config', () => {
    expect(readConfigFile()).toBeUndefined();
  });

  it('malformed is a ConfigFileError naming the file and the line, without its contents', async () => {
    await writeFile(join(dir, 'config.json'), broken);
    let error: unknown;
    try {
      readConfigFile();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigFileError);
    const e = error as ConfigFileError;
    expect(e.path).toBe(join(dir, 'config.json'));
    expect(e.line).toBe(5);
    expect(e.message).toContain(`${join(dir, 'config.json')}:5`);
    expect(e.message).not.toContain('tg_live_SECRET');
    expect(() => loadConfig()).toThrow(ConfigFileError);
  });

  it('valid JSON of the wrong shape is refused too', async () => {
    await writeFile(join(dir, 'config.json'), '{"profiles": ["default"]}');
    expect(() => readConfigFile()).toThrow(/profiles/);
  });

  it('updateConfigFile never rewrites a file it could not read', async () => {
    await writeFile(join(dir, 'config.json'), broken);
    await expect(
      updateConfigFile((c) => {
        c.profile = 'dev';
      }),
    ).rejects.toThrow(ConfigFileError);
    expect(await readFile(join(dir, 'config.json'), 'utf8')).toBe(broken);
  });
});

const profiles = {
  profile: 'prod',
  profiles: {
    prod: { endpoint: 'http://127.0.0.1:7', api_key: 'tg_live_prod', ca_public_key: 'ca-x' },
    staging: { endpoint: 'http://127.0.0.1:8', client_id: 'cli_1', client_secret: 'tgcs_1' },
  },
};

describe('loadConfig() (@tollgate/sdk/node)', () => {
  it('gives the active profile as client options, and only what it holds', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify(profiles));
    expect(loadConfig()).toEqual({
      baseUrl: 'http://127.0.0.1:7',
      apiKey: 'tg_live_prod',
      caPublicKey: 'ca-x',
    });
    expect(loadConfig({ profile: 'staging' })).toEqual({
      baseUrl: 'http://127.0.0.1:8',
      clientCredentials: { clientId: 'cli_1', clientSecret: 'tgcs_1' },
    });
    vi.stubEnv('TOLLGATE_PROFILE', 'staging');
    expect(loadConfig().baseUrl).toBe('http://127.0.0.1:8');
  });

  it('environment variables win over the file, options written after it over both', async () => {
    await writeFile(join(dir, 'config.json'), JSON.stringify(profiles));
    vi.stubEnv('TOLLGATE_API_KEY', 'tg_live_env');
    expect(loadConfig().apiKey).toBe('tg_live_env');
    const tg = new Tollgate({ ...loadConfig(), baseUrl: 'http://127.0.0.1:9' });
    expect(tg.baseUrl).toBe('http://127.0.0.1:9');
    expect(new Tollgate(loadConfig()).baseUrl).toBe('http://127.0.0.1:7');
  });

  it('no file is no options', () => {
    expect(loadConfig()).toEqual({});
  });
});
