import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientView } from '../lib/client-view.mjs';
import { loadContract } from '../lib/load-contract.mjs';
import { buildOperationTable } from '../lib/operation-table.mjs';
import { splitResponses, withoutIsoNamespace } from '../lib/split-responses.mjs';

const fixture = join(import.meta.dirname, 'fixtures/generate/mini.yaml');

describe('buildOperationTable', () => {
  const table = buildOperationTable(loadContract(fixture));

  it('reads security, merging the two agent-identity headers into one scheme', () => {
    expect(table.listAgents.security).toEqual([
      { schemes: ['apiKey'], scopes: ['agents:read'] },
      { schemes: ['oauth2'], scopes: ['agents:read'] },
    ]);
    expect(table.createOAuthToken.security).toEqual([]);
  });

  it('reads pagination, idempotency, streaming and success statuses', () => {
    expect(table.listAgents.pagination).toMatchObject({ style: 'cursor', items: 'data' });
    expect(table.createAgent).toMatchObject({
      idempotent: true,
      successStatuses: [201],
      requestContentType: 'application/json',
      requestBodyRequired: true,
    });
    expect(table.streamRunEvents.streaming).toBe(true);
    expect(table.deleteAgent).toMatchObject({ successStatuses: [204], responseContentTypes: [] });
  });

  it('reads a snapshot to pin walks, which names its field and its parameter together', () => {
    expect(table.listAgents.pagination).not.toHaveProperty('snapshot');
    const contract = loadContract(fixture);
    const pagination = contract.paths['/v1/agents'].get['x-tollgate-pagination'];
    pagination.snapshot = 'snapshot';
    pagination.snapshotParam = 'as_of';
    expect(buildOperationTable(contract).listAgents.pagination).toMatchObject({
      snapshot: 'snapshot',
      snapshotParam: 'as_of',
    });
    delete pagination.snapshotParam;
    expect(() => buildOperationTable(contract)).toThrow(/snapshot and snapshotParam go together/);
  });

  it('refuses a contract with a duplicate or missing operationId', () => {
    const contract = loadContract(fixture);
    contract.paths['/v1/agents'].get.operationId = 'createAgent';
    expect(() => buildOperationTable(contract)).toThrow(/duplicate operationId createAgent/);
    delete contract.paths['/v1/agents'].get.operationId;
    expect(() => buildOperationTable(contract)).toThrow(/has no operationId/);
  });
});

describe('clientView', () => {
  it('refuses a contract that already has the name a request form needs', () => {
    const contract = loadContract(fixture);
    contract.components.schemas.AgentStatusParam = { type: 'string' };
    expect(() => clientView(contract)).toThrow(/AgentStatus needs a request form AgentStatusParam/);
  });

  it('leaves the contract it was given untouched', () => {
    const contract = loadContract(fixture);
    const before = JSON.stringify(contract);
    clientView(contract);
    expect(JSON.stringify(contract)).toBe(before);
  });
});

describe('scripts/generate.mjs', () => {
  let out: string;

  type Parser = { safeParse(v: unknown): { success: boolean } };
  /** The generated schemas, imported from a copy beside this test (where zod/mini resolves). */
  async function importGenerated() {
    const dir = mkdtempSync(join(import.meta.dirname, '.zod-'));
    try {
      cpSync(out, dir, { recursive: true });
      type Ids = 'listAgents' | 'createAgent';
      const loaders = await import(join(dir, 'response-loaders.ts'));
      return {
        ...((await import(join(dir, 'validators.ts'))) as {
          operationSchemas: Record<Ids, Record<'body' | 'query' | 'response', Parser>>;
          responseSchemas: Record<Ids, Parser>;
        }),
        responseSchemaLoaders: loaders.responseSchemaLoaders as Record<
          string,
          () => Promise<Record<string, Parser>>
        >,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'tollgate-gen-test-'));
    execFileSync(process.execPath, ['generate.mjs', '--contract', fixture, '--out', out], {
      cwd: join(import.meta.dirname, '..'),
    });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the owned files, each with a do-not-edit header', () => {
    const files = (readdirSync(out, { recursive: true }) as string[])
      .filter((f) => f.includes('.'))
      .sort();
    expect(files).toEqual([
      'README.md',
      'contract.ts',
      'operations.ts',
      'response-checks.ts',
      'response-issues.ts',
      'response-loaders.ts',
      // The fixture's operations have no tag: each is a unit of its own.
      'responses/create-agent.ts',
      'responses/create-o-auth-token.ts',
      'responses/delete-agent.ts',
      'responses/list-agents.ts',
      'responses/shared/agent.ts',
      'responses/stream-run-events.ts',
      'routes.ts',
      'schema.ts',
      'types.ts',
      'validators.ts',
      'zod.gen.ts',
    ]);
    for (const file of files.filter((f) => f.endsWith('.ts'))) {
      expect(readFileSync(join(out, file), 'utf8')).toMatch(/^\/\/ This file is generated by/);
    }
  });

  it('embeds the contract text byte for byte (what the dev server serves)', async () => {
    const { CONTRACT_YAML } = await import(join(out, 'contract.ts'));
    expect(CONTRACT_YAML).toBe(readFileSync(fixture, 'utf8'));
  });

  it('keeps int64 amounts as plain numbers, not BigInt', () => {
    const zod = readFileSync(join(out, 'zod.gen.ts'), 'utf8');
    expect(zod).not.toMatch(/bigint/i);
    expect(zod).toMatch(/from 'zod\/mini'/);
  });

  it('maps operations to their zod schemas', () => {
    const validators = readFileSync(join(out, 'validators.ts'), 'utf8');
    expect(validators).toContain(
      'createAgent: { body: z.zCreateAgentBody, headers: z.zCreateAgentHeaders, response: z.zCreateAgentResponse }',
    );
  });

  it('maps operations to their response schema alone, for clients', () => {
    const validators = readFileSync(join(out, 'validators.ts'), 'utf8');
    expect(validators).toContain("import { createAgent } from './responses/create-agent';");
    expect(validators).toMatch(/export const responseSchemas = \{[^}]*\n {2}createAgent,\n/);
  });

  it('marks every zod factory call pure, so bundlers can drop unused schemas', () => {
    const zod = readFileSync(join(out, 'zod.gen.ts'), 'utf8');
    const calls = zod.match(/(?<![\w.$])z\.[\w.]+\(/g) ?? [];
    const marked = zod.match(/\/\*#__PURE__\*\/ z\.[\w.]+\(/g) ?? [];
    expect(calls.length).toBeGreaterThan(20);
    expect(marked.length).toBe(calls.length);
  });

  it('closes objects with additionalProperties: false and keeps minProperties', async () => {
    const zod = readFileSync(join(out, 'zod.gen.ts'), 'utf8');
    expect(zod).toMatch(/export const zAgentInput = \/\*#__PURE__\*\/ z\.strictObject\(/);
    // Open objects stay open: a newer server's extra fields reach the caller.
    expect(zod).toMatch(/export const zAgent = \/\*#__PURE__\*\/ z\.object\(/);
    // The schemas themselves behave so: the generated file, imported beside this test (where
    // zod/mini resolves).
    const dir = mkdtempSync(join(import.meta.dirname, '.zod-'));
    writeFileSync(join(dir, 'zod.gen.ts'), zod);
    const { zAgentInput, zAgentPatch, zAgent } = await import(join(dir, 'zod.gen.ts')).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );
    expect(zAgentInput.safeParse({ name: 'a' }).success).toBe(true);
    expect(zAgentInput.safeParse({ name: 'a', nmae: 'b' }).success).toBe(false);
    expect(zAgentPatch.safeParse({ name: 'b' }).success).toBe(true);
    expect(
      zAgentPatch.safeParse({}).error.issues.map((i: { message: string }) => i.message),
    ).toContain('at least 1 property');
    const agent = { id: 'a', name: 'a', status: 'active', created_at: '2026-01-01T00:00:00Z' };
    expect(zAgent.safeParse({ ...agent, added_later: 1 }).success).toBe(true);
  });

  it('types response enums open (known values | string & {}) and request enums closed', () => {
    const types = readFileSync(join(out, 'schema.ts'), 'utf8');
    // A schema used by responses and requests alike has two forms: its own name is the
    // response form, open to values a newer control plane adds; `…Param` is the request form.
    expect(types).toContain('AgentStatus: "active" | "suspended" | (string & {});');
    expect(types).toContain('AgentStatusParam: "active" | "suspended";');
    expect(types).toMatch(/status\?: components\["schemas"\]\["AgentStatusParam"\];/);
    expect(types).toMatch(/status: components\["schemas"\]\["AgentStatus"\];/);
    expect(types).toContain(
      'suspended_reason?: "budget_exceeded" | "manual" | (string & {}) | null;',
    );
    expect(types).toContain('code: "a" | "b" | (string & {});');
    // Request-only schemas keep their name and their closed enums.
    expect(types).toContain('kind?: "worker" | "planner";');
    expect(types).not.toMatch(/AgentInputParam|ProblemParam|AgentParam\b/);
  });

  it('validates an open enum as a string, so client bundles carry no enum schemas', () => {
    const read = ['responses/shared/agent.ts', 'responses/create-o-auth-token.ts']
      .map((file) => readFileSync(join(out, file), 'utf8'))
      .join('\n');
    expect(read).toContain('export const zAgentStatus = /*#__PURE__*/ z.string();');
    // Inline response enums too (Agent.suspended_reason, Problem.code).
    expect(read).not.toContain("z.enum(['budget_exceeded'");
    expect(read).not.toContain("z.enum(['a', 'b'])");
    const exact = readFileSync(join(out, 'zod.gen.ts'), 'utf8');
    expect(exact).toContain(
      "export const zAgentStatus = /*#__PURE__*/ z.enum(['active', 'suspended']);",
    );
  });

  it('validates responses open for clients, exactly for servers, and requests closed', async () => {
    const { operationSchemas, responseSchemas } = await importGenerated();
    const agent = { id: 'a', name: 'a', status: 'active', created_at: '2026-01-01T00:00:00Z' };
    const newer = { ...agent, status: 'hibernating', suspended_reason: 'moved_away' };
    const page = (data: unknown[]) => ({ data, next_cursor: null, has_more: false });
    expect(responseSchemas.listAgents.safeParse(page([agent, newer])).success).toBe(true);
    expect(
      responseSchemas.createAgent.safeParse({ ...agent, suspended_reason: null }).success,
    ).toBe(true);
    // Open to strings, not to anything: a number is still refused.
    expect(responseSchemas.createAgent.safeParse({ ...agent, status: 7 }).success).toBe(false);
    // A server holds itself to the exact contract.
    expect(operationSchemas.listAgents.response.safeParse(page([newer])).success).toBe(false);
    expect(operationSchemas.listAgents.query.safeParse({ status: 'suspended' }).success).toBe(true);
    expect(operationSchemas.listAgents.query.safeParse({ status: 'hibernating' }).success).toBe(
      false,
    );
    const body = operationSchemas.createAgent.body;
    expect(body.safeParse({ name: 'a', kind: 'worker' }).success).toBe(true);
    expect(body.safeParse({ name: 'a', kind: 'poet' }).success).toBe(false);
  });

  it("loads each operation's client response schema from its unit's module, the same object", async () => {
    const { responseSchemas, responseSchemaLoaders } = await importGenerated();
    expect(Object.keys(responseSchemaLoaders).sort()).toEqual([
      'createAgent',
      'createOAuthToken',
      'deleteAgent',
      'listAgents',
      'streamRunEvents',
    ]);
    expect((await responseSchemaLoaders.listAgents!()).listAgents).toBe(responseSchemas.listAgents);
    expect((await responseSchemaLoaders.createAgent!()).createAgent).toBe(
      responseSchemas.createAgent,
    );
  });

  it('fails --check on a generated file that is no longer generated, and a run removes it', () => {
    const copy = mkdtempSync(join(tmpdir(), 'tollgate-gen-test-'));
    const run = (...args: string[]) =>
      execFileSync(
        process.execPath,
        ['generate.mjs', '--contract', fixture, '--out', copy, ...args],
        {
          cwd: join(import.meta.dirname, '..'),
          stdio: 'pipe',
          encoding: 'utf8',
        },
      );
    try {
      cpSync(out, copy, { recursive: true });
      expect(run('--check')).toMatch(/up to date/);
      writeFileSync(join(copy, 'responses', 'get-gone.ts'), '// an operation removed since\n');
      expect(() => run('--check')).toThrow(/responses\/get-gone\.ts \(no longer generated\)/);
      run();
      expect(readdirSync(join(copy, 'responses'))).not.toContain('get-gone.ts');
      expect(run('--check')).toMatch(/up to date/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('is deterministic: a second run writes the same bytes', () => {
    const again = mkdtempSync(join(tmpdir(), 'tollgate-gen-test-'));
    try {
      execFileSync(process.execPath, ['generate.mjs', '--contract', fixture, '--out', again], {
        cwd: join(import.meta.dirname, '..'),
      });
      for (const file of (readdirSync(out, { recursive: true }) as string[]).filter((f) =>
        f.includes('.'),
      )) {
        expect(readFileSync(join(again, file), 'utf8'), file).toBe(
          readFileSync(join(out, file), 'utf8'),
        );
      }
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('splitResponses', () => {
  const source = `// This file is generated by a test.

import * as z from 'zod/mini';

export const zStatus = /*#__PURE__*/ z.string();

/**
 * An agent.
 */
export const zAgent = /*#__PURE__*/ z.object({
    status: zStatus,
    at: /*#__PURE__*/ z.iso.datetime({ offset: true })
});

export const zAgentInput = /*#__PURE__*/ z.strictObject({ name: /*#__PURE__*/ z.string() });

export const zRun = /*#__PURE__*/ z.object({ agent: zAgent });

export const zGetAgentResponse = zAgent;

export const zListAgentsResponse = /*#__PURE__*/ z.array(zAgent);

export const zGetRunResponse = zRun;

export const zGetHealthResponse = /*#__PURE__*/ z.string();
`;
  const table = {
    getAgent: { tag: 'agents' },
    listAgents: { tag: 'agents' },
    getRun: { tag: 'runs' },
    getHealth: { tag: null },
  };

  it("puts each tag's schemas in its module and those several tags read in a shared one", () => {
    const { files, units } = splitResponses(source, table);
    expect([...files.keys()].sort()).toEqual([
      'responses/agents.ts',
      'responses/get-health.ts',
      'responses/runs.ts',
      'responses/shared/agent.ts',
    ]);
    expect(units).toEqual([
      { unit: 'agents', module: './responses/agents', ids: ['getAgent', 'listAgents'] },
      { unit: 'runs', module: './responses/runs', ids: ['getRun'] },
      { unit: 'getHealth', module: './responses/get-health', ids: ['getHealth'] },
    ]);
    // Read by agents and runs: shared, exported, with zod's date-time built without `z.iso`.
    const shared = files.get('responses/shared/agent.ts')!;
    expect(shared).toContain("import { _isoDateTime } from 'zod/v4/core';");
    expect(shared).toContain('export const zStatus');
    expect(shared).toContain(
      'at: /*#__PURE__*/ _isoDateTime(z.ZodMiniISODateTime, { offset: true })',
    );
    expect(shared).not.toContain('zAgentInput');
    // A tag's module exports its operations' responses by operationId, nothing else.
    const agents = files.get('responses/agents.ts')!;
    expect(agents).toContain("import { zAgent } from './shared/agent';");
    expect(agents).toContain('\nconst zListAgentsResponse = ');
    expect(agents).toContain(
      'export { zGetAgentResponse as getAgent, zListAgentsResponse as listAgents };',
    );
    expect(files.get('responses/runs.ts')).toContain("import { zAgent } from './shared/agent';");
  });

  it('refuses what it does not know: another statement, a missing response, an ISO builder', () => {
    expect(() => splitResponses(`${source}\nconsole.log(1);\n`, table)).toThrow(
      /unexpected statement/,
    );
    expect(() => splitResponses(source, { ...table, getTool: { tag: 'tools' } })).toThrow(
      /no client response schema generated for getTool/,
    );
    expect(() => withoutIsoNamespace('z.iso.week()')).toThrow(/z\.iso\.week/);
  });

  it('builds ISO formats as zod/mini itself does: the same schema as through `z.iso`', async () => {
    const dir = mkdtempSync(join(import.meta.dirname, '.zod-'));
    const built = (call: string) => `import * as z from 'zod/mini';
import { _isoDate, _isoDateTime, _isoDuration, _isoTime } from 'zod/v4/core';
export const schemas = [${call}];`;
    const calls = [
      'z.iso.datetime({ offset: true })',
      'z.iso.datetime()',
      'z.iso.date()',
      'z.iso.time()',
      'z.iso.duration()',
    ];
    writeFileSync(join(dir, 'through-iso.ts'), built(calls.join(', ')));
    writeFileSync(join(dir, 'direct.ts'), built(calls.map(withoutIsoNamespace).join(', ')));
    type Zod = { def: unknown; constructor: unknown; safeParse(v: unknown): { success: boolean } };
    try {
      const a = (await import(join(dir, 'through-iso.ts'))).schemas as Zod[];
      const b = (await import(join(dir, 'direct.ts'))).schemas as Zod[];
      for (const [i, schema] of a.entries()) {
        expect(schema.def, calls[i]).toMatchObject({ type: 'string' });
        expect(b[i]!.constructor, calls[i]).toBe(schema.constructor);
        expect(JSON.stringify(b[i]!.def), calls[i]).toBe(JSON.stringify(schema.def));
      }
      for (const value of ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00+02:00', 'yesterday'])
        expect(b[0]!.safeParse(value).success, value).toBe(a[0]!.safeParse(value).success);
      expect(b[0]!.safeParse('2026-01-01T00:00:00+02:00').success).toBe(true);
      expect(b[0]!.safeParse('yesterday').success).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
