import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '../bind-version.mjs');
let root: string;

/** A fake repository: a contract, released contracts and packages at given versions. */
function repo(contract: string, packages: Record<string, string>, released: string[] = []) {
  mkdirSync(join(root, 'openapi/released'), { recursive: true });
  writeFileSync(
    join(root, 'openapi/tollgate.yaml'),
    `openapi: 3.1.0\ninfo: {title: t, version: ${contract}}\npaths: {}\n`,
  );
  for (const v of released) writeFileSync(join(root, 'openapi/released', `${v}.yaml`), '');
  for (const [name, version] of Object.entries(packages)) {
    mkdirSync(join(root, 'packages', name), { recursive: true });
    writeFileSync(
      join(root, 'packages', name, 'package.json'),
      `${JSON.stringify({ name: `@tollgate/${name}`, version }, null, 2)}\n`,
    );
  }
  mkdirSync(join(root, 'packages/private'), { recursive: true });
  writeFileSync(
    join(root, 'packages/private/package.json'),
    '{"name":"x","private":true,"version":"0.0.0"}\n',
  );
  mkdirSync(join(root, 'packages/api/src/generated'), { recursive: true });
}

const run = (...args: string[]) =>
  spawnSync(process.execPath, [script, '--root', root, ...args], { encoding: 'utf8' });
const version = (name: string) =>
  JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).version;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tollgate-bind-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('bind-version', () => {
  it('binds 2.19.z to 1.219.z, keeping the highest patch changesets gave', () => {
    repo('2.19.3', { api: '1.219.2', sdk: '1.219.4' });
    expect(run().status).toBe(0);
    expect([version('api'), version('sdk'), version('private')]).toEqual([
      '1.219.4',
      '1.219.4',
      '0.0.0',
    ]);
    const constants = readFileSync(join(root, 'packages/api/src/generated/version.ts'), 'utf8');
    expect(constants).toContain("CONTROL_PLANE_VERSION = '2.19.3'");
    expect(constants).toContain("CONTROL_PLANE_MINOR = '2.19'");
    expect(constants).toContain("SDK_VERSION = '1.219.4'");
    expect(run('--check').status).toBe(0);
  });

  it('resets the patch when the control-plane minor moves', () => {
    repo('2.20.0', { api: '1.219.7', sdk: '1.219.7' }, ['2.19.0']);
    expect(run().status).toBe(0);
    expect(version('api')).toBe('1.220.0');
  });

  it('--check reports drift and changes nothing', () => {
    repo('2.20.0', { api: '1.219.7' });
    const result = run('--check');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/1\.219\.7 → 1\.220\.0/);
    expect(version('api')).toBe('1.219.7');
  });

  it('refuses a contract version that goes backwards', () => {
    repo('2.18.0', { api: '1.219.0' }, ['2.19.0']);
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/goes backwards: 2\.19\.0 is already released/);
    expect(version('api')).toBe('1.219.0');
  });

  it('refuses a contract below the packages even without a released copy', () => {
    repo('2.18.0', { api: '1.219.0' });
    expect(run().stderr).toMatch(/goes backwards/);
  });
});
