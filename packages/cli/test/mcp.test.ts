import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from './helpers';

const server = await startTestServer();
const tg = new Tollgate(server.admin);
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [CLI, 'mcp'],
  env: {
    ...(process.env as Record<string, string>),
    ...server.env,
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
const call = async (name: string, args: Record<string, unknown>) => {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return parse(result);
};

describe('tollgate mcp over stdio', () => {
  it("offers the operator's whole job, each tool with a schema and annotations", async () => {
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThanOrEqual(14);
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'list_agents',
        'get_agent',
        'create_agent',
        'suspend_agent',
        'resume_agent',
        'set_agent_budget',
        'list_budget_groups',
        'get_budget_group',
        'create_budget_group',
        'update_budget_group',
        'set_agent_group',
        'set_agent_rate_limits',
        'get_usage',
        'list_audit_log',
        'list_runs',
        'get_run',
        'tail_run',
        'cancel_run',
        'list_approvals',
        'approve_approval',
        'reject_approval',
        'list_api_keys',
        'create_api_key',
        'revoke_api_key',
        'list_triggers',
        'create_trigger',
        'register_tool',
      ]),
    );
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.title, tool.name).toBeTruthy();
      const a = tool.annotations!;
      expect(typeof a.readOnlyHint, tool.name).toBe('boolean');
      if (a.readOnlyHint) expect(tool.description, tool.name).not.toMatch(/MUTATION/);
      else {
        expect(tool.description, tool.name).toMatch(/^MUTATION/);
        expect(typeof a.destructiveHint, tool.name).toBe('boolean');
        expect(typeof a.idempotentHint, tool.name).toBe('boolean');
      }
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.approve_approval!.inputSchema.required).toContain('approval_id');
    expect(byName.list_agents!.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.revoke_api_key!.annotations).toMatchObject({
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(byName.create_agent!.annotations).toMatchObject({
      destructiveHint: false,
      idempotentHint: false,
    });
  });

  it('creates, budgets, suspends and resumes an agent; reads usage and the audit log', async () => {
    const agent = await call('create_agent', {
      id: 'mcp-agent',
      name: 'MCP',
      limit_micros: 1_000_000,
    });
    expect(agent).toMatchObject({ id: 'mcp-agent', budget: { limit_micros: 1_000_000 } });
    expect((await call('list_agents', {})).map((a: { id: string }) => a.id)).toContain('mcp-agent');
    expect(
      (await call('set_agent_budget', { agent_id: 'mcp-agent', limit_micros: 2_000_000 }))
        .limit_micros,
    ).toBe(2_000_000);
    expect((await call('suspend_agent', { agent_id: 'mcp-agent', reason: 'test' })).status).toBe(
      'suspended',
    );
    expect((await call('resume_agent', { agent_id: 'mcp-agent' })).status).toBe('active');
    expect(await call('get_usage', { agent_id: 'mcp-agent' })).toHaveProperty('total_cost_micros');
    const audit = await call('list_audit_log', { agent_id: 'mcp-agent', limit: 100 });
    expect(audit.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['agent.suspended']),
    );
    const failed = await client.callTool({ name: 'get_agent', arguments: { agent_id: 'missing' } });
    expect(failed.isError).toBe(true);
  });

  it("rotates an agent's key and tells a certificate's status", async () => {
    const agent = await tg.agents.register({ agentId: 'mcp-keyed' });
    expect(await call('get_certificate_status', { serial: agent.serial })).toMatchObject({
      status: 'valid',
      agent_id: 'mcp-keyed',
    });
    const next = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const rotated = await call('rotate_agent_key', {
      agent_id: 'mcp-keyed',
      public_key: next.x,
      reason: 'test',
    });
    expect(rotated).toMatchObject({ agent_id: 'mcp-keyed', revoked_serials: [agent.serial] });
    expect((await call('get_certificate_status', { serial: agent.serial })).status).toBe('revoked');
    const audit = await call('list_audit_log', { agent_id: 'mcp-keyed', limit: 100 });
    expect(audit.map((e: { action: string }) => e.action)).toContain('agent.key_rotated');
  });

  it('approves and cancels runs; creates and revokes keys; creates triggers', async () => {
    const tool = await call('register_tool', {
      name: 'mcp-tool',
      base_url: 'https://t.example.test',
    });
    const run = await tg.runs.create({ agent_id: 'mcp-agent', tool_id: tool.id, action: 'go' });
    expect((await call('list_approvals', {})).map((a: { id: string }) => a.id)).toContain(
      run.approval_id,
    );
    expect(
      await call('approve_approval', { approval_id: run.approval_id, comment: 'via mcp' }),
    ).toMatchObject({
      status: 'approved',
      comment: 'via mcp',
    });
    const held = await tg.runs.create({ agent_id: 'mcp-agent', tool_id: tool.id, action: 'hold' });
    expect((await call('cancel_run', { run_id: held.run.id })).status).toBe('cancelled');
    expect((await call('get_run', { run_id: held.run.id })).run.status).toBe('cancelled');
    const key = await call('create_api_key', { name: 'mcp', scopes: ['runs:read'] });
    expect(key.secret).toMatch(/^tg_test_/);
    expect((await call('list_api_keys', {})).map((k: { id: string }) => k.id)).toContain(
      key.api_key.id,
    );
    expect((await call('revoke_api_key', { key_id: key.api_key.id })).revoked_at).not.toBeNull();
    const trigger = await call('create_trigger', {
      name: 'mcp-hook',
      agent_id: 'mcp-agent',
      service: 'email',
      operation: 'send',
    });
    expect(trigger.secret).toMatch(/^whsec_/);
    expect((await call('list_triggers', {})).map((t: { id: string }) => t.id)).toContain(
      trigger.trigger.id,
    );
  });
});
