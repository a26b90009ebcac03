import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Tollgate } from '../src';
import { ConfigFileError, readConfigFile } from '../src/core/config-file';
import { updateConfigFile } from '../src/node/config-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-config-'));
  vi.stubEnv('TOLLGATE_CONFIG_DIR', dir);
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
    expect(() => new Tollgate({ baseUrl: 'http://127.0.0.1:1' })).toThrow(ConfigFileError);
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
