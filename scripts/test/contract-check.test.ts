import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkContracts, formatFinding } from '../lib/contract-check.mjs';
import { diffContracts } from '../lib/contract-diff.mjs';
import { makeResolver } from '../lib/contract-refs.mjs';

const fixtures = join(import.meta.dirname, 'fixtures/contract');
const script = join(import.meta.dirname, '../contract-check.mjs');
const text = (name: string, side: 'base' | 'head') =>
  readFileSync(join(fixtures, name, `${side}.yaml`), 'utf8');
const lines = (name: string) =>
  diffContracts(parse(text(name, 'base')), parse(text(name, 'head'))).map(formatFinding);
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });

/** Every fixture pair: the line it must produce and the exit code contract-check gives it. */
const BREAKING: [string, string][] = [
  ['removed-operation', 'BREAKING  DELETE /v1/agents/{agent_id}: operation removed'],
  ['removed-response-field', 'BREAKING  POST /v1/agents 201.name: response field removed'],
  [
    'response-field-became-optional',
    'BREAKING  GET /v1/agents 200.data[].name: response field became optional',
  ],
  [
    'removed-problem-field',
    'BREAKING  DELETE /v1/agents/{agent_id} 404.request_id: response field removed',
  ],
  ['removed-request-field', 'BREAKING  POST /v1/agents body.limit_micros: request field removed'],
  ['removed-parameter', 'BREAKING  GET /v1/agents query:status: parameter removed'],
  [
    'new-required-request-field',
    'BREAKING  POST /v1/agents body.owner: new required request field',
  ],
  ['new-required-parameter', 'BREAKING  GET /v1/agents query:project: new required parameter'],
  ['parameter-became-required', 'BREAKING  GET /v1/agents query:status: parameter became required'],
  ['narrowed-enum', 'BREAKING  POST /v1/agents 201.status: enum narrowed: removed "suspended"'],
  [
    'changed-request-type',
    'BREAKING  POST /v1/agents body.limit_micros: type changed from integer to string',
  ],
  [
    'changed-response-type',
    'BREAKING  POST /v1/agents 201.id: type changed from string to integer',
  ],
  [
    'changed-parameter-type',
    'BREAKING  DELETE /v1/agents/{agent_id} path:agent_id: type changed from string to integer',
  ],
  ['removed-success-status', 'BREAKING  DELETE /v1/agents/{agent_id} 204: success status removed'],
  [
    'removed-media-type',
    'BREAKING  POST /v1/agents body: request media type application/json removed',
  ],
  ['removed-union-member', 'BREAKING  GET /v1/audit 200.target: oneOf member ToolTarget removed'],
  [
    'security-stricter',
    'BREAKING  GET /v1/agents: security stricter: apiKey [agents:read] no longer enough',
  ],
  [
    'renamed-operation-id',
    "BREAKING  POST /v1/agents: operationId createAgent renamed to addAgent (the generated client's name)",
  ],
  ['pagination-changed', 'BREAKING  GET /v1/agents: pagination (x-tollgate-pagination) changed'],
  [
    'removed-response-header',
    'BREAKING  POST /v1/agents 201: response header X-Cost-Micros removed',
  ],
];

const COMPATIBLE: [string, string][] = [
  ['added-operation', 'ok  GET /v1/tools: operation added'],
  [
    'pagination-snapshot-added',
    'ok  GET /v1/agents: pagination (x-tollgate-pagination) extended: snapshot, snapshotParam',
  ],
  [
    'added-optional-request-field',
    'ok  POST /v1/agents body.description: optional request field added',
  ],
  ['added-optional-parameter', 'ok  GET /v1/agents query:limit: optional parameter added'],
  ['added-response-field', 'ok  POST /v1/agents 201.created_at: response field added'],
  ['widened-enum', 'ok  GET /v1/agents query:status: enum widened: added "archived"'],
  ['added-response-header', 'ok  POST /v1/agents 201: response header X-Cost-Micros added'],
  ['doc-change', 'ok  POST /v1/agents 201: description changed'],
  ['removed-error-status', 'ok  DELETE /v1/agents/{agent_id} 404: error status removed'],
  ['deprecated-operation', 'ok  DELETE /v1/agents/{agent_id}: deprecated'],
  ['security-relaxed', 'ok  DELETE /v1/agents/{agent_id}: security relaxed: apiKey now enough'],
  // Both sides recurse, with their $refs at different depths: the walk must still end.
  ['recursive-refs-offset', 'ok  GET /v1/tree 200.sub.next.label: response field added'],
];

/** Pairs judged before any diffing: the same text, the same document, a version going back. */
const WHOLE: [string, number, RegExp][] = [
  ['identical', 0, /is byte-for-byte/],
  ['semantically-equal', 0, /is semantically equal to .* \(only layout differs\)/],
  ['version-backwards', 1, /contract version 2\.18\.3 goes backwards from 2\.19\.0/],
];

describe('diffContracts', () => {
  it('has a case in this file for every fixture pair, and every case has its pair', () => {
    const cases = [...BREAKING, ...COMPATIBLE, ...WHOLE].map(([name]) => name);
    expect([...cases, 'breaking-with-new-minor'].sort()).toEqual(readdirSync(fixtures).sort());
  });

  it.each(BREAKING)('%s is breaking', (name, line) => {
    expect(lines(name)).toContain(line);
  });

  it.each(COMPATIBLE)('%s is compatible', (name, line) => {
    const found = lines(name);
    expect(found).toContain(line);
    expect(found.filter((l) => l.startsWith('BREAKING'))).toEqual([]);
  });

  it('finds nothing between a contract and itself, recursive schemas included', () => {
    for (const name of readdirSync(fixtures)) {
      const base = parse(text(name, 'base'));
      expect(diffContracts(base, base), name).toEqual([]);
    }
  });

  it('reports a new control-plane version as a compatible finding of its own', () => {
    expect(lines('breaking-with-new-minor')[0]).toBe('ok  info.version: 2.19.0 → 2.20.0');
  });

  it('follows local $refs only', () => {
    const resolve = makeResolver({ a: { $ref: '#/b' }, b: { $ref: '#/a' } });
    expect(() => resolve({ $ref: 'other.yaml#/x' })).toThrow(/only local \$refs/);
    expect(() => resolve({ $ref: '#/a' })).toThrow(/\$ref cycle/);
    expect(() => resolve({ $ref: '#/nowhere' })).toThrow(/points at nothing/);
  });
});

describe('checkContracts', () => {
  const check = (name: string) =>
    checkContracts(
      { name: 'base', text: text(name, 'base') },
      { name: 'head', text: text(name, 'head') },
    );

  it.each(BREAKING)('%s without a new minor fails', (name) => {
    const verdict = check(name);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.summary).toMatch(
      /keeps control-plane minor 2\.19: raise info\.version to 2\.20\.0/,
    );
  });

  it.each(COMPATIBLE)('%s passes', (name) => {
    expect(check(name).exitCode).toBe(0);
  });

  it('passes a breaking change when the control-plane minor moves (2.19 → 2.20)', () => {
    const verdict = check('breaking-with-new-minor');
    expect(verdict.findings.some((f) => f.breaking)).toBe(true);
    expect(verdict.exitCode).toBe(0);
    expect(verdict.summary).toMatch(/allowed: 2\.20\.0 is a new control-plane minor/);
  });

  it.each(WHOLE)('%s is judged as a whole', (name, exitCode, summary) => {
    const verdict = check(name);
    expect(verdict).toMatchObject({ exitCode, findings: [] });
    expect(verdict.summary).toMatch(summary);
  });

  it('says when the contract changed but kept the released version', () => {
    expect(check('added-operation').summary).toMatch(/still says 2\.19\.0: raise info\.version/);
  });
});

describe('scripts/contract-check.mjs', () => {
  const pair = (name: string) =>
    cli('--base', join(fixtures, name, 'base.yaml'), '--head', join(fixtures, name, 'head.yaml'));

  it.each(BREAKING)('%s: exit 1, one line per finding', (name, line) => {
    const result = pair(name);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n')).toContain(line);
    expect(result.stderr).toMatch(/^contract-check: \d+ breaking change/);
  });

  it.each(COMPATIBLE)('%s: exit 0', (name, line) => {
    const result = pair(name);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toContain(line);
  });

  it('breaking with a new minor: exit 0, the breaking lines still printed', () => {
    const result = pair('breaking-with-new-minor');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^BREAKING {2}GET \/v1\/agents query:status: enum narrowed/m);
  });

  it.each(WHOLE)('%s: exit %i with a note', (name, exitCode, summary) => {
    const result = pair(name);
    expect(result.status).toBe(exitCode);
    expect(exitCode ? result.stderr : result.stdout).toMatch(summary);
  });

  it('compares the contract with the highest released version, numerically', () => {
    const root = mkdtempSync(join(tmpdir(), 'tollgate-contract-'));
    try {
      mkdirSync(join(root, 'openapi/released'), { recursive: true });
      // 2.9.0 sorts after 2.19.0 as text: it must not be taken for the newest.
      cpSync(join(fixtures, 'narrowed-enum/head.yaml'), join(root, 'openapi/released/2.9.0.yaml'));
      cpSync(join(fixtures, 'narrowed-enum/base.yaml'), join(root, 'openapi/released/2.19.0.yaml'));
      cpSync(join(fixtures, 'narrowed-enum/head.yaml'), join(root, 'openapi/tollgate.yaml'));
      const result = cli('--root', root);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/breaking change\(s\) since 2\.19\.0/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('passes with a note when nothing is released yet, and rejects unknown flags', () => {
    const root = mkdtempSync(join(tmpdir(), 'tollgate-contract-'));
    try {
      const result = cli('--root', root);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/no released contract/);
      expect(cli('--bogus').status).toBe(2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
