import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffContracts } from '../lib/contract-diff.mjs';

const dir = join(import.meta.dirname, 'fixtures/contract');
const load = (file: string) => parse(readFileSync(join(dir, file), 'utf8'));
const base = load('base.yaml');

type Finding = { breaking: boolean; where: string; message: string };
const diff = (name: string): Finding[] => diffContracts(base, load(`${name}/head.yaml`));

const BREAKING: [string, RegExp][] = [
  ['removed-operation', /DELETE \/v1\/agents\/\{agent_id\}: operation removed/],
  ['removed-response-field', /response field removed/],
  ['removed-request-field', /request field removed/],
  ['new-required-request-field', /owner: new required request field/],
  ['narrowed-enum', /enum narrowed: removed suspended/],
  ['changed-type', /type changed from integer to string/],
  ['removed-success-status', /204: success status removed/],
  ['new-required-parameter', /query:project: new required parameter/],
];

const COMPATIBLE: [string, RegExp | null][] = [
  ['added-operation', /GET \/v1\/tools: operation added/],
  ['added-optional-request-field', /description: request field added/],
  ['added-response-field', /created_at: response field added/],
  ['widened-enum', /enum widened: added archived/],
  ['doc-change', null],
];

const line = (f: Finding) => `${f.where}: ${f.message}`;

describe('diffContracts', () => {
  it('finds nothing between a contract and itself, refs and cycles included', () => {
    expect(diffContracts(base, base)).toEqual([]);
  });

  it.each(BREAKING)('%s is breaking', (name, pattern) => {
    const findings = diff(name);
    const breaking = findings.filter((f) => f.breaking).map(line);
    expect(breaking.length).toBeGreaterThan(0);
    expect(breaking.join('\n')).toMatch(pattern);
  });

  it.each(COMPATIBLE)('%s is compatible', (name, pattern) => {
    const findings = diff(name);
    expect(findings.filter((f) => f.breaking)).toEqual([]);
    if (pattern) expect(findings.map(line).join('\n')).toMatch(pattern);
    else expect(findings).toEqual([]);
  });
});

describe('scripts/contract-check.mjs', () => {
  const run = (name: string) =>
    spawnSync(process.execPath, [
      join(import.meta.dirname, '../contract-check.mjs'),
      '--base',
      join(dir, 'base.yaml'),
      '--head',
      join(dir, name, 'head.yaml'),
    ]);

  it('fails on a breaking change without a new control-plane minor', () => {
    const result = run('narrowed-enum');
    expect(result.status).toBe(1);
    expect(result.stdout.toString()).toMatch(/^BREAKING/m);
    expect(result.stderr.toString()).toMatch(/raise the control-plane minor/);
  });

  it('passes the same breaking change when the minor moves (2.19 → 2.20)', () => {
    const result = run('breaking-with-new-minor');
    expect(result.stdout.toString()).toMatch(/BREAKING/);
    expect(result.status).toBe(0);
  });

  it('passes compatible changes', () => {
    expect(run('added-operation').status).toBe(0);
  });
});
