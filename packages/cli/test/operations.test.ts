/**
 * The CLI commands and the MCP tools come from one operations table: the same input is
 * refused by both, before any request, with the same message (the contract's check), and
 * `tail_run` bounds its wait with the clock it is given, not the wall clock.
 */
import { rmSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { startTestServer } from '@tollgate/dev-server/testing';
import { Tollgate } from '@tollgate/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import type { McpOptions } from '../src/mcp/derive';
import { createMcpServer } from '../src/mcp/server';
import { cli, newHome } from './helpers';

const server = await startTestServer();
const home = newHome();
const { env } = server;
const admin = new Tollgate(server.admin);
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

/** An MCP client talking to the server in this process, over the SDK's in-memory transport. */
async function mcp(tg: Tollgate, options: McpOptions = {}) {
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(tg, options).connect(serverSide);
  const client = new Client({ name: 'tollgate-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const textOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as { text: string }[])[0]?.text ?? '';

interface Case {
  what: string;
  args: string[];
  tool: string;
  input: Record<string, unknown>;
  /** Each refusal: the CLI's name for the field, the MCP tool's, and the message both give. */
  messages: [flag: string, field: string, message: string][];
}

describe('one table, one check', () => {
  const cases: Case[] = [
    {
      what: 'a tool name and URL the contract refuses',
      args: ['tools', 'register', 'Bad Name', '--base-url', 'not-a-url'],
      tool: 'register_tool',
      input: { name: 'Bad Name', base_url: 'not-a-url' },
      messages: [
        ['<name>', 'name', 'Invalid string: must match pattern'],
        ['--base-url', 'base_url', 'Invalid URL'],
      ],
    },
    {
      what: 'a date that is not an ISO 8601 date-time',
      args: ['usage', '--from', '2026-11-01'],
      tool: 'get_usage',
      input: { from: '2026-11-01' },
      messages: [['--from', 'from', 'Invalid ISO datetime']],
    },
    {
      what: 'a signature tolerance outside the contract',
      args: [
        'triggers',
        'create',
        'h',
        '--agent',
        'a',
        '--service',
        's',
        '--operation',
        'o',
        '--tolerance',
        '5',
      ],
      tool: 'create_trigger',
      input: { name: 'h', agent_id: 'a', service: 's', operation: 'o', tolerance_seconds: 5 },
      messages: [['--tolerance', 'tolerance_seconds', 'Too small: expected number to be >=30']],
    },
    {
      what: 'an agent id the contract refuses',
      args: ['agents', 'create', 'bad id!'],
      tool: 'create_agent',
      input: { id: 'bad id!', name: 'x' },
      messages: [['<agent-id>', 'id', 'Invalid string: must match pattern']],
    },
  ];

  for (const c of cases)
    it(`${c.what}: the CLI exits 2 and the MCP tool errs, with the same message`, async () => {
      const r = await cli({ home, env }, ...c.args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      const client = await mcp(admin);
      const result = await client.callTool({ name: c.tool, arguments: c.input });
      await client.close();
      expect(result.isError).toBe(true);
      for (const [flag, field, message] of c.messages) {
        expect(r.stderr).toContain(`${flag}: ${message}`);
        expect(textOf(result)).toMatch(new RegExp(`${literal(message)}.* at ${field}\\b`));
      }
      // Refused before any request: not the control plane's 422.
      expect(r.stderr).not.toMatch(/422/);
      expect(textOf(result)).not.toMatch(/422/);
    });
});

describe('tail_run', () => {
  it('waits as long as the clock it is given says, then returns the events so far', async () => {
    const tool = await admin.tools.register({
      name: 'held',
      base_url: 'https://held.example.test',
      auth_type: 'none',
      policy: 'approval_required',
    });
    await admin.agents.create({ id: 'tail-agent', name: 'Tail' });
    const held = await admin.runs.create({ agent_id: 'tail-agent', tool_id: tool.id, action: 'x' });
    expect(held.run.status).toBe('awaiting_approval');

    // The wait "runs out" once the tool has read the stream's first chunk: the run never ends.
    const waitRunsOut = new AbortController();
    const waits: number[] = [];
    const tg = new Tollgate({
      ...server.admin,
      fetch: async (request) => {
        const response = await fetch(request);
        if (!request.url.endsWith('/events/stream') || !response.body) return response;
        const reader = response.body.getReader();
        let pulls = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (pulls++ === 1) waitRunsOut.abort();
            try {
              const { done, value } = await reader.read();
              if (done) controller.close();
              else controller.enqueue(value);
            } catch (error) {
              controller.error(error);
            }
          },
          cancel: (reason) => reader.cancel(reason),
        });
        return new Response(body, { status: response.status, headers: response.headers });
      },
    });
    const client = await mcp(tg, {
      timeout: (ms) => {
        waits.push(ms);
        return waitRunsOut.signal;
      },
    });
    const result = await client.callTool({
      name: 'tail_run',
      arguments: { run_id: held.run.id, max_wait_seconds: 300 },
    });
    await client.close();
    expect(result.isError ?? false).toBe(false);
    expect(waits).toEqual([300_000]);
    const events = JSON.parse(textOf(result)) as { run_id: string; type: string }[];
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.run_id === held.run.id)).toBe(true);
    expect(events.map((e) => e.type)).not.toContain('run.succeeded');
  });
});
