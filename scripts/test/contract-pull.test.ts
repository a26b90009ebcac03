/**
 * contract:pull in a temporary copy of the files it reads and writes (the contract, its
 * history, the generated client, the package manifests, .changeset/): a compatible contract
 * from a control plane's URL lands as a releasable tree; a breaking one without a new minor
 * leaves every file as it was.
 */
import { execFile } from 'node:child_process';
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
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer } from '@tollgate/dev-server/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const repoRoot = join(import.meta.dirname, '..', '..');
const script = join(repoRoot, 'scripts/contract-pull.mjs');
const contract = readFileSync(join(repoRoot, 'openapi/tollgate.yaml'), 'utf8');
/** The tree's control plane (2.M.p), the next minor's first version and its packages' (1.2MM+1.0). */
const [cpMajor, cpMinor, cpPatch] = (parse(contract) as { info: { version: string } }).info.version
  .split('.')
  .map(Number) as [number, number, number];
const next = `${cpMajor}.${cpMinor + 1}.0`;
const nextPackages = `1.${cpMajor * 100 + cpMinor + 1}.0`;
const nextPatch = `${cpMajor}.${cpMinor}.${cpPatch + 1}`;
const dashed = (version: string) => version.replaceAll('.', '-');
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tollgate-pull-'));
  for (const path of ['openapi', 'packages/api/src/generated'])
    cpSync(join(repoRoot, path), join(root, path), { recursive: true });
  for (const name of readdirSync(join(repoRoot, 'packages')))
    cpSync(
      join(repoRoot, 'packages', name, 'package.json'),
      join(root, 'packages', name, 'package.json'),
    );
  mkdirSync(join(root, '.changeset'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const pull = async (from: string) =>
  promisify(execFile)(process.execPath, [script, '--from', from, '--root', root]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

/** Every file under the copy, with its text: what "the tree is untouched" compares. */
function tree(dir = root, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, tree(path, `${prefix}${entry.name}/`));
    else files[`${prefix}${entry.name}`] = readFileSync(path, 'utf8');
  }
  return files;
}

/** The working contract, changed by `edit` and given `version`. */
type Doc = {
  info: { version: string };
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};
function fixture(version: string, edit: (doc: Doc) => void) {
  const doc = parse(contract) as Doc;
  doc.info.version = version;
  edit(doc);
  return stringify(doc);
}

/** Serves `text` where a control plane serves its contract, on loopback. */
async function serve(text: string) {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/v1/openapi.yaml') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/yaml' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('contract:pull', () => {
  it("a compatible next minor's contract from a control plane: written, regenerated, bound, changeset", async () => {
    const pulled = fixture(next, (doc) => {
      doc.paths['/v1/ping'] = {
        get: { ...doc.paths['/v1/health']!.get, operationId: 'getPing', summary: 'Ping' },
      };
      doc.components.schemas.Health!.properties.region = { type: 'string' };
    });
    const server = await serve(pulled);
    try {
      const result = await pull(server.url);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('ok  GET /v1/ping: operation added');
    } finally {
      server.close();
    }
    expect(readFileSync(join(root, 'openapi/tollgate.yaml'), 'utf8')).toBe(pulled);
    expect(readFileSync(join(root, `openapi/released/${next}.yaml`), 'utf8')).toBe(pulled);
    const generated = join(root, 'packages/api/src/generated');
    expect(readFileSync(join(generated, 'operations.ts'), 'utf8')).toContain('"path": "/v1/ping"');
    expect(readFileSync(join(generated, 'contract.ts'), 'utf8')).toContain(`version: ${next}`);
    expect(readFileSync(join(generated, 'version.ts'), 'utf8')).toContain(
      `CONTROL_PLANE_VERSION = '${next}'`,
    );
    for (const name of ['api', 'identity', 'sdk', 'dev-server', 'cli'])
      expect(
        JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).version,
      ).toBe(nextPackages);
    const changeset = readFileSync(join(root, `.changeset/contract-${dashed(next)}.md`), 'utf8');
    expect(changeset).toMatch(/^---\n"@tollgate\/api": patch\n/);
    expect(changeset).toContain('"@tollgate/sdk": patch');
    expect(changeset).toContain(`Control plane ${next}`);
    expect(changeset).toContain('Operations added: `getPing` (GET /v1/ping)');
    expect(changeset).toMatch(/`getHealth` changed: 200\.region: response field added/);
    // The tree is releasable: the checks CI runs agree with it.
    const check = await promisify(execFile)(process.execPath, [
      join(repoRoot, 'scripts/bind-version.mjs'),
      '--check',
      '--root',
      root,
    ]);
    expect(check.stdout).toContain('everything agrees');
  }, 180_000);

  it("a release's changeset names what changed since the last release, made here or not", async () => {
    // The working contract already holds an operation added here, not yet released.
    const ping = (doc: Doc) => {
      doc.paths['/v1/ping'] = {
        get: { ...doc.paths['/v1/health']!.get, operationId: 'getPing', summary: 'Ping' },
      };
    };
    writeFileSync(
      join(root, 'openapi/tollgate.yaml'),
      fixture(`${cpMajor}.${cpMinor}.${cpPatch}`, ping),
    );
    const file = join(root, 'next.yaml');
    writeFileSync(file, fixture(next, ping));
    const result = await pull(file);
    rmSync(file);
    expect(result.code).toBe(0);
    const changeset = readFileSync(join(root, `.changeset/contract-${dashed(next)}.md`), 'utf8');
    expect(changeset).toContain('Operations added: `getPing` (GET /v1/ping)');
  }, 60_000);

  it('a JSON contract is written as YAML (openapi/tollgate.yaml and its released copy)', async () => {
    const doc = parse(
      fixture(next, (d) => {
        d.components.schemas.Health!.properties.region = { type: 'string' };
      }),
    );
    const file = join(root, 'next.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    const result = await pull(file);
    expect(result.code).toBe(0);
    rmSync(file);
    for (const path of ['openapi/tollgate.yaml', `openapi/released/${next}.yaml`]) {
      const written = readFileSync(join(root, path), 'utf8');
      expect(written, path).toMatch(/^openapi: 3\.1\.0\ninfo:\n/);
      expect(parse(written), path).toEqual(doc);
    }
    expect(readFileSync(join(root, 'packages/api/src/generated/contract.ts'), 'utf8')).toContain(
      `version: ${next}`,
    );
  }, 180_000);

  it('the working contract as JSON is the same contract: nothing to pull', async () => {
    const file = join(tmpdir(), `tollgate-pull-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(parse(contract)));
    try {
      const before = tree();
      const result = await pull(file);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('already is the contract');
      expect(tree()).toEqual(before);
    } finally {
      rmSync(file);
    }
  }, 60_000);

  it('a breaking change without a new control-plane minor: the report, exit 1, nothing touched', async () => {
    const file = join(root, 'breaking.yaml');
    const before = tree();
    writeFileSync(
      file,
      fixture(nextPatch, (doc) => {
        delete doc.paths['/v1/tools/{tool_id}']!.delete;
      }),
    );
    const result = await pull(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('BREAKING  DELETE /v1/tools/{tool_id}: operation removed');
    expect(result.stderr).toContain(`raise info.version to ${next}`);
    rmSync(file);
    expect(tree()).toEqual(before);
  }, 60_000);

  it('from a dev server: it serves the contract it was built with, so there is nothing to pull', async () => {
    const server = await startTestServer();
    try {
      const before = tree();
      const result = await pull(server.url);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('already is the contract');
      expect(tree()).toEqual(before);
      expect(
        existsSync(
          join(root, `.changeset/contract-${dashed(`${cpMajor}.${cpMinor}.${cpPatch}`)}.md`),
        ),
      ).toBe(false);
    } finally {
      await server.close();
    }
  }, 60_000);
});
