/**
 * contract:release in a temporary copy of what it reads (the contract, its history, the
 * generated client, the package manifests): the working contract is recorded as released
 * only when the tree is fit to release it, and released history never changes.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const repoRoot = join(import.meta.dirname, '..', '..');
const script = join(repoRoot, 'scripts/contract-release.mjs');
const contract = readFileSync(join(repoRoot, 'openapi/tollgate.yaml'), 'utf8');
const version: string = parse(contract).info.version;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tollgate-release-contract-'));
  for (const path of ['openapi', 'packages/api/src/generated'])
    cpSync(join(repoRoot, path), join(root, path), { recursive: true });
  for (const name of readdirSync(join(repoRoot, 'packages')))
    cpSync(
      join(repoRoot, 'packages', name, 'package.json'),
      join(root, 'packages', name, 'package.json'),
    );
  // The state before this version's release: its own history entry not there yet.
  rmSync(join(root, 'openapi/released', `${version}.yaml`), { force: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const release = () =>
  promisify(execFile)(process.execPath, [script, '--root', root]).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
const released = () => readdirSync(join(root, 'openapi/released')).sort();

describe('contract:release', () => {
  it('records the working contract, byte for byte; run again, it changes nothing', async () => {
    const before = released();
    const result = await release();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`recorded openapi/released/${version}.yaml`);
    expect(released()).toEqual([...before, `${version}.yaml`].sort());
    expect(readFileSync(join(root, 'openapi/released', `${version}.yaml`), 'utf8')).toBe(contract);
    const again = await release();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already holds this contract');
  }, 120_000);

  it('refuses to rewrite a released version', async () => {
    const history = join(root, 'openapi/released', `${version}.yaml`);
    const doc = parse(contract);
    doc.info.description = 'Something else';
    writeFileSync(history, stringify(doc));
    const result = await release();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('a released contract never changes');
    expect(readFileSync(history, 'utf8')).toBe(stringify(doc));
  });

  it('refuses a breaking change without a new control-plane minor, and a stale binding', async () => {
    const file = join(root, 'openapi/tollgate.yaml');
    // This version released, the next patch removes an operation: breaking within the minor.
    cpSync(
      join(repoRoot, 'openapi/released', `${version}.yaml`),
      join(root, 'openapi/released', `${version}.yaml`),
    );
    const doc = parse(contract);
    const [major, minor, patch] = String(doc.info.version).split('.').map(Number) as number[];
    doc.info.version = `${major}.${minor}.${(patch ?? 0) + 1}`;
    const nextMinor = `${major}.${(minor ?? 0) + 1}.0`;
    delete doc.paths['/v1/tools/{tool_id}'].delete;
    writeFileSync(file, stringify(doc));
    const breaking = await release();
    expect(breaking.code).toBe(1);
    expect(breaking.stderr).toContain('BREAKING  DELETE /v1/tools/{tool_id}: operation removed');

    const next = parse(contract);
    next.info.version = nextMinor;
    writeFileSync(file, stringify(next));
    const stale = await release();
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('the version binding is out of date');
    expect(released()).not.toContain(`${next.info.version}.yaml`);
  });

  it('refuses a contract the generated code does not match', async () => {
    const file = join(root, 'openapi/tollgate.yaml');
    const doc = parse(contract);
    doc.info.description = `${doc.info.description ?? ''} Changed.`;
    writeFileSync(file, stringify(doc));
    const result = await release();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the generated code is not');
    expect(released()).not.toContain(`${version}.yaml`);
  }, 120_000);
});
