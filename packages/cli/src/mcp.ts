/**
 * `tollgate mcp`: the operator surface as MCP tools for AI coding assistants, over stdio.
 * Read tools are marked read-only; every tool that changes something is named
 * `…` with a verb that says so and carries `destructiveHint`/`readOnlyHint: false`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { SDK_VERSION, type Tollgate } from '@tollgate/sdk';
import { z } from 'zod';

const text = (data: unknown) => ({
  content: [{ type: 'text' as const, text: JSON.stringify(data, null, 2) }],
});
const READ = { readOnlyHint: true, openWorldHint: false };
const WRITE = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };

async function take<T>(items: AsyncIterable<T>, limit: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

export function createMcpServer(tg: Tollgate): McpServer {
  const server = new McpServer({ name: 'tollgate', version: SDK_VERSION });
  const limit = z.number().int().min(1).max(500).default(50).describe('at most this many items');

  server.registerTool(
    'list_agents',
    {
      description: 'List agents with status and budget.',
      inputSchema: { status: z.enum(['active', 'suspended']).optional(), limit },
      annotations: READ,
    },
    async ({ status, limit: n }) => text(await take(tg.agents.list({ status }), n)),
  );
  server.registerTool(
    'get_agent',
    {
      description: 'One agent with its budget.',
      inputSchema: { agent_id: z.string() },
      annotations: READ,
    },
    async ({ agent_id }) => text(await tg.agents.get(agent_id)),
  );
  server.registerTool(
    'list_runs',
    {
      description: 'List governed runs, newest first.',
      inputSchema: { agent_id: z.string().optional(), limit },
      annotations: READ,
    },
    async ({ agent_id, limit: n }) => text(await take(tg.runs.list({ agent_id }), n)),
  );
  server.registerTool(
    'get_run',
    {
      description: 'One run and its events so far.',
      inputSchema: { run_id: z.string() },
      annotations: READ,
    },
    async ({ run_id }) =>
      text({ run: await tg.runs.get(run_id), events: await take(tg.runs.events(run_id), 500) }),
  );
  server.registerTool(
    'tail_run',
    {
      description: "Follow a run's events until it ends or the wait runs out.",
      inputSchema: {
        run_id: z.string(),
        max_wait_seconds: z.number().int().min(1).max(300).default(30),
      },
      annotations: READ,
    },
    async ({ run_id, max_wait_seconds }) => {
      const signal = AbortSignal.timeout(max_wait_seconds * 1000);
      const events = [];
      for await (const e of tg.runs.stream(run_id, { signal })) events.push(e);
      return text(events);
    },
  );
  server.registerTool(
    'list_approvals',
    {
      description: 'List approvals (pending by default).',
      inputSchema: {
        status: z.enum(['pending', 'approved', 'rejected', 'expired']).default('pending'),
        limit,
      },
      annotations: READ,
    },
    async ({ status, limit: n }) => text(await take(tg.approvals.list({ status }), n)),
  );
  server.registerTool(
    'approve_approval',
    {
      description: 'MUTATION: approve a pending approval; what waited on it resumes.',
      inputSchema: { approval_id: z.string(), comment: z.string().optional() },
      annotations: WRITE,
    },
    async ({ approval_id, comment }) => text(await tg.approvals.approve(approval_id, { comment })),
  );
  server.registerTool(
    'reject_approval',
    {
      description: 'MUTATION: reject a pending approval with a reason; what waited on it ends.',
      inputSchema: { approval_id: z.string(), reason: z.string().min(1) },
      annotations: { ...WRITE, destructiveHint: true },
    },
    async ({ approval_id, reason }) => text(await tg.approvals.reject(approval_id, { reason })),
  );
  server.registerTool(
    'set_agent_budget',
    {
      description:
        "MUTATION: set an agent's budget limit in micro-dollars (null = unlimited) and alert threshold.",
      inputSchema: {
        agent_id: z.string(),
        limit_micros: z.number().int().min(0).nullable(),
        alert_threshold_pct: z.number().int().min(1).max(100).optional(),
      },
      annotations: WRITE,
    },
    async ({ agent_id, limit_micros, alert_threshold_pct }) =>
      text(await tg.agents.setBudget(agent_id, { limit_micros, alert_threshold_pct })),
  );
  server.registerTool(
    'register_tool',
    {
      description: 'MUTATION: register a tool agents may call, with its policy.',
      inputSchema: {
        name: z.string(),
        base_url: z.string().url(),
        auth_type: z.enum(['none', 'api_key', 'oauth2']).default('none'),
        policy: z.enum(['allow', 'approval_required', 'deny']).default('approval_required'),
      },
      annotations: WRITE,
    },
    async (input) => text(await tg.tools.register(input)),
  );
  return server;
}

export async function serveMcp(tg: Tollgate): Promise<void> {
  await createMcpServer(tg).connect(new StdioServerTransport());
}
