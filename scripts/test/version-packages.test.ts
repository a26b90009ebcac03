/**
 * The release's version step in a fake workspace (changesets' real `version` runs in it): the
 * first release of a control-plane minor is 1.<minor>.0 whatever changesets are pending, and
 * later ones bump the patch.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicPackages } from '../lib/release.mjs';
import { VERSION_FILE } from '../lib/version-binding.mjs';

const scripts = join(import.meta.dirname, '..');
let root: string;

/** A workspace bound to `contract`: api and sdk (sdk on api, `workspace:~`), one fixed group. */
function workspace(contract: string, version: string, changelog?: string) {
  mkdirSync(join(root, '.changeset'), { recursive: true });
  mkdirSync(join(root, 'openapi/released'), { recursive: true });
  // The repository's changesets config, for a group of two.
  const config = JSON.parse(readFileSync(join(scripts, '../.changeset/config.json'), 'utf8'));
  config.fixed = [['@tollgate/api', '@tollgate/sdk']];
  writeFileSync(join(root, '.changeset/config.json'), JSON.stringify(config));
  writeFileSync(join(root, 'package.json'), '{"name": "root", "private": true}\n');
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  writeFileSync(
    join(root, 'openapi/tollgate.yaml'),
    `openapi: 3.1.0\ninfo: {title: t, version: ${contract}}\npaths: {}\n`,
  );
  writeFileSync(join(root, 'openapi/released/2.19.0.yaml'), '');
  for (const name of ['api', 'sdk']) {
    mkdirSync(join(root, 'packages', name, 'src/generated'), { recursive: true });
    const deps = name === 'sdk' ? { dependencies: { '@tollgate/api': 'workspace:~' } } : {};
    writeFileSync(
      join(root, 'packages', name, 'package.json'),
      `${JSON.stringify({ name: `@tollgate/${name}`, version, ...deps }, null, 2)}\n`,
    );
    if (changelog)
      writeFileSync(
        join(root, 'packages', name, 'CHANGELOG.md'),
        `# @tollgate/${name}\n\n${changelog}`,
      );
  }
}

function changeset(name: string, text: string) {
  writeFileSync(
    join(root, '.changeset', `${name}.md`),
    `---\n"@tollgate/api": patch\n---\n${text}\n`,
  );
}

const versionPackages = () => {
  const result = spawnSync(
    process.execPath,
    [join(scripts, 'version-packages.mjs'), '--root', root],
    { encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
};
const versions = () =>
  ['api', 'sdk'].map(
    (n) => JSON.parse(readFileSync(join(root, 'packages', n, 'package.json'), 'utf8')).version,
  );
const changelog = (name: string) =>
  readFileSync(join(root, 'packages', name, 'CHANGELOG.md'), 'utf8');
const pending = () =>
  readdirSync(join(root, '.changeset')).filter((f) => /(?<!README)\.md$/.test(f));
const bindCheck = () =>
  spawnSync(process.execPath, [join(scripts, 'bind-version.mjs'), '--check', '--root', root], {
    encoding: 'utf8',
  });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tollgate-version-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('version-packages', () => {
  it('releases a newly pulled minor as 1.<minor>.0, then bumps the patch', () => {
    // What contract:pull leaves: bound to 1.220.0 with its patch changeset pending, after a
    // release of 1.219.3.
    workspace('2.20.0', '1.220.0', '## 1.219.3\n\n- Earlier.\n');
    changeset('contract-2-20-0', 'Control plane 2.20.0.');
    changeset('fix', 'A fix.');
    expect(versionPackages()).toContain('control plane 2.20.0 → packages 1.220.0');
    expect(versions()).toEqual(['1.220.0', '1.220.0']);
    expect(pending()).toEqual([]);
    expect(changelog('api')).toMatch(/^## 1\.220\.0\n\n### Patch Changes\n\n- Control plane/m);
    expect(changelog('api')).toContain('## 1.219.3');
    expect(changelog('sdk')).toMatch(
      /^## 1\.220\.0\n[\s\S]*?- @tollgate\/api@1\.220\.0\n\n## 1\.219\.3$/m,
    );
    expect(changelog('sdk')).not.toContain('1.220.1');
    expect(readFileSync(join(root, VERSION_FILE), 'utf8')).toContain("SDK_VERSION = '1.220.0'");
    expect(bindCheck().status).toBe(0);

    // 1.220.0 is out: the next changeset is a patch.
    changeset('later', 'A later fix.');
    versionPackages();
    expect(versions()).toEqual(['1.220.1', '1.220.1']);
    expect(changelog('api')).toMatch(/^## 1\.220\.1\n\n### Patch Changes\n\n- A later fix/m);
    expect(bindCheck().status).toBe(0);
  });

  it('binds first: a contract raised by hand, packages still on the old minor', () => {
    workspace('2.20.0', '1.219.3', '## 1.219.3\n\n- Earlier.\n');
    changeset('raise', 'Control plane 2.20.0.');
    versionPackages();
    expect(versions()).toEqual(['1.220.0', '1.220.0']);
    expect(changelog('api')).toMatch(/^## 1\.220\.0$/m);
  });

  it('a patch of the contract within the released minor bumps the patch', () => {
    workspace('2.19.1', '1.219.3', '## 1.219.3\n\n- Earlier.\n');
    changeset('contract-2-19-1', 'Control plane 2.19.1.');
    versionPackages();
    expect(versions()).toEqual(['1.219.4', '1.219.4']);
  });

  it('the very first release of a minor, with no changelog yet, is 1.<minor>.0', () => {
    workspace('2.19.1', '1.219.0');
    changeset('first', 'First.');
    versionPackages();
    expect(versions()).toEqual(['1.219.0', '1.219.0']);
    expect(existsSync(join(root, 'packages/sdk/CHANGELOG.md'))).toBe(true);
    expect(changelog('sdk')).toMatch(/^## 1\.219\.0$/m);
  });

  it("runs on this repository's own tree: the published packages are one fixed group", () => {
    const repo = join(scripts, '..');
    for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset', 'openapi'])
      cpSync(join(repo, file), join(root, file), { recursive: true });
    for (const dir of ['packages', 'examples', 'scripts'].flatMap((d) =>
      d === 'scripts' ? [d] : readdirSync(join(repo, d)).map((n) => join(d, n)),
    ))
      if (existsSync(join(repo, dir, 'package.json')))
        cpSync(join(repo, dir, 'package.json'), join(root, dir, 'package.json'));
    cpSync(join(repo, VERSION_FILE), join(root, VERSION_FILE));
    const published = publicPackages(root);
    const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
    expect([...config.fixed[0]].sort()).toEqual(published.map((p) => p.name).sort());
    versionPackages();
    const minor = JSON.parse(readFileSync(join(repo, 'packages/sdk/package.json'), 'utf8'))
      .version.split('.')
      .slice(0, 2)
      .join('.');
    const released = new Set(publicPackages(root).map((p) => p.version));
    expect(released.size).toBe(1);
    expect([...released][0]).toMatch(new RegExp(`^${minor.replace('.', '\\.')}\\.\\d+$`));
    expect(pending()).toEqual([]);
    expect(bindCheck().status).toBe(0);
    // changesets over the whole workspace and ~70 pending changesets: seconds, more under load.
  }, 120_000);
});
