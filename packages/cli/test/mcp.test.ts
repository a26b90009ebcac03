import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startDevServer } from '@tollgate/dev-server';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';

const server = await startDevServer({ log: () => {} });
const tg = new Tollgate({ baseUrl: server.url, apiKey: server.adminApiKey, logLevel: 'off' });
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const transport = new StdioClientTransport({
  command: process.execPath,
  args: ['--import', tsx, join(import.meta.dirname, '../src/cli.ts'), 'mcp'],
  env: {
    ...(process.env as Record<string, string>),
    TOLLGATE_BASE_URL: server.url,
    TOLLGATE_API_KEY: server.adminApiKey,
    TOLLGATE_CONFIG_DIR: join(import.meta.dirname, '.no-config'),
  },
  stderr: 'pipe',
});
const client = new Client({ name: 'tollgate-test', version: '1.0.0' });
await client.connect(transport);
afterAll(async () => {
  await client.close();
  await server.close();
});

const parse = (result: unknown) =>
  JSON.parse((result as { content: { text: string }[] }).content[0]!.text);

describe('tollgate mcp over stdio', () => {
  it('lists its tools with input schemas, mutations marked', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'list_agents',
        'get_run',
        'tail_run',
        'list_approvals',
        'approve_approval',
        'reject_approval',
        'set_agent_budget',
        'register_tool',
      ]),
    );
    const approve = tools.find((t) => t.name === 'approve_approval')!;
    expect(approve.description).toMatch(/^MUTATION/);
    expect(approve.annotations?.readOnlyHint).toBe(false);
    expect(approve.inputSchema.required).toContain('approval_id');
    expect(tools.find((t) => t.name === 'list_agents')!.annotations?.readOnlyHint).toBe(true);
  });

  it('calls a read tool and a write tool against the dev server', async () => {
    await tg.agents.create({ id: 'mcp-agent', name: 'MCP' });
    const agents = parse(await client.callTool({ name: 'list_agents', arguments: {} }));
    expect(agents.map((a: { id: string }) => a.id)).toContain('mcp-agent');
    const tool = await tg.tools.register({
      name: 'mcp-tool',
      base_url: 'https://t.example.test',
      auth_type: 'none',
      policy: 'approval_required',
    });
    const run = await tg.runs.create({ agent_id: 'mcp-agent', tool_id: tool.id, action: 'go' });
    const approved = parse(
      await client.callTool({
        name: 'approve_approval',
        arguments: { approval_id: run.approval_id, comment: 'via mcp' },
      }),
    );
    expect(approved).toMatchObject({ status: 'approved', comment: 'via mcp' });
    const budget = parse(
      await client.callTool({
        name: 'set_agent_budget',
        arguments: { agent_id: 'mcp-agent', limit_micros: 2_000_000 },
      }),
    );
    expect(budget.limit_micros).toBe(2_000_000);
    const failed = await client.callTool({ name: 'get_agent', arguments: { agent_id: 'missing' } });
    expect(failed.isError).toBe(true);
  });
});
