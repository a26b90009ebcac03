/**
 * A control-plane upgrade, end to end, against a real registry, from this tree's minor to the
 * next (control plane 2.M → 2.M+1, packages 1.2MM.x → 1.2MM+1.0): this tree is published; the
 * backend moves to the next minor (a new operation and a new optional field) and a dev server
 * built from that contract serves it; in a clone of this repository `contract:pull` takes it
 * from that server (check, regenerate, re-bind, changeset) and `release:local` publishes the
 * next minor's first release. A project pinned to this minor keeps it and keeps working
 * against the newer server with the one-time version warning; a project pinned to the next
 * gets the new operation, typed.
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
const contractVersion: string = parse(readFileSync(join(root, 'openapi/tollgate.yaml'), 'utf8'))
  .info.version;
const [major, cpMinor] =
  contractVersion
    .match(/^(\d+)\.(\d+)\./)
    ?.slice(1)
    .map(Number) ?? [];
if (major === undefined || cpMinor === undefined) throw new Error(`contract ${contractVersion}?`);
/** This tree's control plane (e.g. 2.20) and the next minor the backend moves to (2.21). */
const current = `${major}.${cpMinor}`;
const upcoming = `${major}.${cpMinor + 1}.0`;
/** The next minor's first package release (1.221.0 after 1.220.x). */
const next = `1.${Number(before.split('.')[1]) + 1}.0`;
const escaped = (text: string) => text.replaceAll('.', '\\.');
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

/** The backend's change: the next control-plane minor, `getPing`, and an optional `region` on Health. */
function backendChange() {
  const file = join(clone, 'openapi/tollgate.yaml');
  const doc = parse(readFileSync(file, 'utf8'));
  doc.info.version = upcoming;
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

/** A consumer project in its own folder, pinned to `pin`, installed from the registry with npm. */
async function install(name: string, pin: string) {
  const dir = join(work, name);
  cpSync(join(root, 'scripts/consumers', name), dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replace(/"~1\.\d+\.0"/g, JSON.stringify(`~${pin}`)),
  );
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
  // The backend ships the next minor: a dev server built from that contract, serving it.
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
  changeset = readFileSync(
    join(clone, `.changeset/contract-${upcoming.replaceAll('.', '-')}.md`),
    'utf8',
  );
  // As the release workflow does: version (changesets + the binding), then publish.
  await release(clone, '--version');
}, 900_000);

afterAll(async () => {
  backend?.stop();
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

describe(`a control-plane upgrade, ${current} → ${upcoming}`, () => {
  it('contract:pull took the served contract: new operation, changeset, versions bound', async () => {
    expect(pulled).toContain('ok  GET /v1/ping: operation added');
    expect(status).toContain(`.changeset/contract-${upcoming.replaceAll('.', '-')}.md`);
    expect(changeset).toContain('Operations added: `getPing` (GET /v1/ping)');
    expect(changeset).toMatch(/`getHealth` changed: 200\.region: response field added/);
    for (const name of ['api', 'sdk', 'dev-server'])
      expect(
        JSON.parse(readFileSync(join(clone, `packages/${name}/package.json`), 'utf8')).version,
      ).toBe(next);
  });

  it("the next minor's first release is 1.M.0, its pending patch changesets in its changelog", () => {
    const changelog = readFileSync(join(clone, 'packages/sdk/CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^## ${escaped(next)}\\n\\n### Patch Changes\\n`, 'm'));
    expect(changelog.split('\n## ')[1]).toContain(`Control plane ${upcoming}`);
    expect(changelog).not.toContain(next.replace(/0$/, '1'));
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
      expect(Object.keys(doc.versions).sort(), name).toEqual([before, next]);
      expect(doc['dist-tags'], name).toEqual({
        latest: next,
        [`cp-${current}`]: before,
        [`cp-${upcoming.replace(/\.0$/, '')}`]: next,
      });
    }
  });

  it('a project pinned to this minor keeps it and works against the next, warned once', async () => {
    const dir = await install('upgrade-pinned', before);
    for (const name of ['@tollgate/sdk', '@tollgate/api', '@tollgate/identity'])
      expect(installed(dir, name), name).toBe(before);
    const out = JSON.parse(
      await run(process.execPath, ['index.js', server.url, server.adminApiKey], dir),
    );
    expect(out).toMatchObject({ sdk: before, server: upcoming, agent: 'pinned' });
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(
      new RegExp(`reports version ${escaped(upcoming)}.*@tollgate/sdk@~${escaped(next)}`),
    );
  }, 300_000);

  it('a project pinned to the next minor gets the new operation, typed, and no warning', async () => {
    const dir = await install('upgrade-next', next);
    expect(installed(dir, '@tollgate/sdk')).toBe(next);
    await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], dir);
    const out = JSON.parse(
      await run(process.execPath, ['dist/main.js', server.url, server.adminApiKey], dir),
    );
    expect(out).toEqual({
      sdk: next,
      contract: upcoming,
      server: upcoming,
      region: 'local',
      warnings: [],
    });
  }, 300_000);
});
