/**
 * A control-plane upgrade, end to end, against a real registry: 1.219.x is published; the
 * backend moves to 2.20 (a new operation and a new optional field) and a dev server built
 * from that contract serves it; in a clone of this repository `contract:pull` takes it from
 * that server (check, regenerate, re-bind, changeset) and `release:local` publishes 1.220.0.
 * A project pinned ~1.219.0 keeps 1.219.x and keeps working against the 2.20 server with the
 * one-time version warning; a project on ~1.220.0 gets the new operation, typed.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startLocalRegistry, writeNpmrc } from '../../lib/local-registry.mjs';
import { publicPackages } from './consumers';
import { run, startUntilLine } from './processes';

const root = join(import.meta.dirname, '..', '..', '..');
const work = mkdtempSync(join(tmpdir(), 'tollgate-upgrade-'));
const clone = join(work, 'clone');
const before: string = JSON.parse(
  readFileSync(join(root, 'packages/sdk/package.json'), 'utf8'),
).version;
let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
let backend: Awaited<ReturnType<typeof startUntilLine>>;
let server: { url: string; adminApiKey: string };
let pulled = '';
let status = '';
let changeset = '';

const pnpm = (args: string[], cwd: string) => run('npx', ['--yes', 'pnpm@10', ...args], cwd);
const release = (cwd: string, ...args: string[]) =>
  run(process.execPath, ['scripts/release-local.mjs', '--registry', registry.url, ...args], cwd, {
    NPM_TOKEN: registry.token,
  });

/** The backend's change: control plane 2.20.0, `getPing`, and an optional `region` on Health. */
function backendChange() {
  const file = join(clone, 'openapi/tollgate.yaml');
  const doc = parse(readFileSync(file, 'utf8'));
  doc.info.version = '2.20.0';
  doc.components.schemas.Health.properties.region = {
    type: 'string',
    description: 'Where the control plane runs.',
  };
  doc.paths['/v1/ping'] = {
    get: { ...doc.paths['/v1/health'].get, operationId: 'getPing', summary: 'Ping' },
  };
  writeFileSync(file, stringify(doc));
  const meta = join(clone, 'packages/dev-server/src/routes/meta.ts');
  const health = "api_version: 'v1', time: state.nowIso() })";
  const text = readFileSync(meta, 'utf8').replace(
    health,
    `${health.slice(0, -3)}, region: 'local' })`,
  );
  writeFileSync(
    meta,
    text.replace(
      '  getJwks:',
      `  getPing: (_ctx, { state }) =>\n    ok({ status: 'ok', version: CONTROL_PLANE_VERSION, api_version: 'v1', time: state.nowIso(), region: 'local' }),\n  getJwks:`,
    ),
  );
}

/** A consumer project in its own folder, installed from the registry with npm. */
async function install(name: string) {
  const dir = join(work, name);
  cpSync(join(root, 'scripts/consumers', name), dir, { recursive: true });
  writeNpmrc(dir, registry);
  await run('npm', ['install', '--no-audit', '--no-fund'], dir);
  return dir;
}
const installed = (dir: string, name: string) =>
  JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;

beforeAll(async () => {
  registry = await startLocalRegistry(join(work, 'registry'));
  await release(root);
  // The release tree: a clone of this commit, its dependencies from the shared store.
  await run('git', ['clone', '--quiet', root, clone], work);
  await pnpm(['install', '--offline', '--frozen-lockfile'], clone);
  // The backend ships 2.20: a dev server built from that contract, serving it.
  backendChange();
  await pnpm(['generate'], clone);
  await pnpm(['bind-version'], clone);
  await pnpm(['run', 'build'], clone);
  backend = await startUntilLine(
    process.execPath,
    ['packages/dev-server/bin/tollgate-dev-server.js', '--port', '0'],
    { cwd: clone },
    /^\{.*\}$/,
  );
  server = JSON.parse(backend.match[0]);
  // The tree goes back to what was released; then one command follows the backend.
  await run(
    'git',
    ['checkout', '--', 'openapi', 'packages/api/src/generated', ':(glob)packages/*/package.json'],
    clone,
  );
  expect(await run('git', ['status', '--short'], clone)).toBe(
    ' M packages/dev-server/src/routes/meta.ts\n',
  );
  pulled = await run(process.execPath, ['scripts/contract-pull.mjs', '--from', server.url], clone);
  status = await run('git', ['status', '--short'], clone);
  changeset = readFileSync(join(clone, '.changeset/contract-2-20-0.md'), 'utf8');
  // As the release workflow does: version (changesets + the binding), then publish.
  await release(clone, '--version');
}, 900_000);

afterAll(async () => {
  backend?.stop();
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a control-plane upgrade, 2.19 → 2.20', () => {
  it('contract:pull took the served contract: new operation, changeset, versions bound', async () => {
    expect(pulled).toContain('ok  GET /v1/ping: operation added');
    expect(status).toContain('.changeset/contract-2-20-0.md');
    expect(changeset).toContain('Operations added: `getPing` (GET /v1/ping)');
    expect(changeset).toMatch(/`getHealth` changed: 200\.region: response field added/);
    for (const name of ['api', 'sdk', 'dev-server'])
      expect(
        JSON.parse(readFileSync(join(clone, `packages/${name}/package.json`), 'utf8')).version,
      ).toBe('1.220.0');
  });

  it('the first 2.20 release is 1.220.0, its pending patch changesets in its changelog', () => {
    const changelog = readFileSync(join(clone, 'packages/sdk/CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/^## 1\.220\.0\n\n### Patch Changes\n/m);
    expect(changelog.split('\n## ')[1]).toContain('Control plane 2.20.0');
    expect(changelog).not.toContain('1.220.1');
    expect(readdirSync(join(clone, '.changeset')).filter((f) => f.endsWith('.md'))).toEqual([
      'README.md',
    ]);
  });

  it('the registry lists both minors; latest and cp-X.Y tags point where they should', async () => {
    for (const name of publicPackages) {
      const doc = (await (await fetch(`${registry.url}@tollgate%2f${name}`)).json()) as {
        versions: Record<string, unknown>;
        'dist-tags': Record<string, string>;
      };
      expect(Object.keys(doc.versions).sort(), name).toEqual([before, '1.220.0']);
      expect(doc['dist-tags'], name).toEqual({
        latest: '1.220.0',
        'cp-2.19': before,
        'cp-2.20': '1.220.0',
      });
    }
  });

  it('a project pinned ~1.219.0 keeps 1.219.x and works against 2.20, warned once', async () => {
    const dir = await install('upgrade-pinned');
    for (const name of ['@tollgate/sdk', '@tollgate/api', '@tollgate/identity'])
      expect(installed(dir, name), name).toBe(before);
    const out = JSON.parse(
      await run(process.execPath, ['index.js', server.url, server.adminApiKey], dir),
    );
    expect(out).toMatchObject({ sdk: before, server: '2.20.0', agent: 'pinned' });
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/reports version 2\.20\.0.*@tollgate\/sdk@~1\.220\.0/);
  }, 300_000);

  it('a project on ~1.220.0 gets the new operation, typed, and no warning', async () => {
    const dir = await install('upgrade-next');
    expect(installed(dir, '@tollgate/sdk')).toBe('1.220.0');
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], dir);
    const out = JSON.parse(
      await run(process.execPath, ['dist/main.js', server.url, server.adminApiKey], dir),
    );
    expect(out).toEqual({
      sdk: '1.220.0',
      contract: '2.20.0',
      server: '2.20.0',
      region: 'local',
      warnings: [],
    });
  }, 300_000);
});
