/** The MCP tools that change something; each description starts with MUTATION. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tollgate } from '@tollgate/sdk';
import { z } from 'zod';
import { TOOL_AUTH_TYPES, TOOL_POLICIES } from '../vocabulary';
import { ADD, CHANGE, text } from './common';

const id = (what: string) => z.string().min(1).describe(what);
const micros = z
  .number()
  .int()
  .min(0)
  .nullable()
  .describe('budget limit in micro-dollars (1 USD = 1 000 000); null = unlimited');
const pct = z.number().int().min(1).max(100).describe('alert at this share of the budget');

export function registerWriteTools(server: McpServer, tg: Tollgate) {
  server.registerTool(
    'create_agent',
    {
      title: 'Create an agent',
      description:
        'MUTATION: create an agent record (no key is made; the agent registers its own identity).',
      inputSchema: {
        id: id('the id to give it'),
        name: z.string().min(1),
        description: z.string().optional(),
        limit_micros: micros.optional(),
        alert_threshold_pct: pct.optional(),
      },
      annotations: ADD,
    },
    async ({ limit_micros, alert_threshold_pct, ...agent }) =>
      text(
        await tg.agents.create({
          ...agent,
          ...((limit_micros !== undefined || alert_threshold_pct !== undefined) && {
            budget: { limit_micros: limit_micros ?? null, alert_threshold_pct },
          }),
        }),
      ),
  );
  server.registerTool(
    'suspend_agent',
    {
      title: 'Suspend an agent',
      description: 'MUTATION: suspend an agent: its calls are refused until it is resumed.',
      inputSchema: { agent_id: id('the agent'), reason: z.string().optional() },
      annotations: CHANGE,
    },
    async ({ agent_id, reason }) => text(await tg.agents.suspend(agent_id, { reason })),
  );
  server.registerTool(
    'resume_agent',
    {
      title: 'Resume an agent',
      description: 'MUTATION: resume a suspended agent.',
      inputSchema: { agent_id: id('the agent') },
      annotations: { ...CHANGE, destructiveHint: false },
    },
    async ({ agent_id }) => text(await tg.agents.resume(agent_id)),
  );
  server.registerTool(
    'set_agent_budget',
    {
      title: "Set an agent's budget",
      description:
        "MUTATION: set an agent's budget limit in micro-dollars (null = unlimited) and alert threshold.",
      inputSchema: {
        agent_id: id('the agent'),
        limit_micros: micros,
        alert_threshold_pct: pct.optional(),
      },
      annotations: CHANGE,
    },
    async ({ agent_id, limit_micros, alert_threshold_pct }) =>
      text(await tg.agents.setBudget(agent_id, { limit_micros, alert_threshold_pct })),
  );
  server.registerTool(
    'cancel_run',
    {
      title: 'Cancel a run',
      description: 'MUTATION: cancel a run that has not ended.',
      inputSchema: { run_id: id('the run') },
      annotations: CHANGE,
    },
    async ({ run_id }) => text(await tg.runs.cancel(run_id)),
  );
  server.registerTool(
    'approve_approval',
    {
      title: 'Approve',
      description: 'MUTATION: approve a pending approval; what waited on it goes ahead.',
      inputSchema: { approval_id: id('the approval'), comment: z.string().optional() },
      annotations: CHANGE,
    },
    async ({ approval_id, comment }) => text(await tg.approvals.approve(approval_id, { comment })),
  );
  server.registerTool(
    'reject_approval',
    {
      title: 'Reject',
      description: 'MUTATION: reject a pending approval with a reason; what waited on it ends.',
      inputSchema: { approval_id: id('the approval'), reason: z.string().min(1) },
      annotations: CHANGE,
    },
    async ({ approval_id, reason }) => text(await tg.approvals.reject(approval_id, { reason })),
  );
  server.registerTool(
    'create_api_key',
    {
      title: 'Create an API key',
      description:
        'MUTATION: create a scoped operator API key; the answer holds its secret, shown once.',
      inputSchema: {
        name: z.string().min(1),
        scopes: z.array(z.string().min(1)).min(1).describe('e.g. ["runs:read", "audit:read"]'),
        expires_at: z.string().optional().describe('ISO 8601'),
      },
      annotations: ADD,
    },
    async (body) => text(await tg.apiKeys.create(body)),
  );
  server.registerTool(
    'revoke_api_key',
    {
      title: 'Revoke an API key',
      description: 'MUTATION: revoke an API key at once.',
      inputSchema: { key_id: id('the key') },
      annotations: CHANGE,
    },
    async ({ key_id }) => text(await tg.apiKeys.revoke(key_id)),
  );
  server.registerTool(
    'create_trigger',
    {
      title: 'Create a trigger',
      description:
        'MUTATION: create an HMAC-signed webhook trigger that makes a service request for an agent; the answer holds its signing secret, shown once.',
      inputSchema: {
        name: z.string().min(1),
        agent_id: id('the agent the service request is made for'),
        service: z.string().min(1),
        operation: z.string().min(1),
        payload_template: z
          .record(z.string(), z.unknown())
          .default({})
          .describe('{{field}} is filled from the fired body'),
      },
      annotations: ADD,
    },
    async (body) => text(await tg.triggers.create(body)),
  );
  server.registerTool(
    'register_tool',
    {
      title: 'Register a tool',
      description: 'MUTATION: register a tool agents may call, with its policy.',
      inputSchema: {
        name: z.string().min(1),
        base_url: z.string().url(),
        auth_type: z.enum(TOOL_AUTH_TYPES).default('none'),
        policy: z.enum(TOOL_POLICIES).default('approval_required'),
      },
      annotations: ADD,
    },
    async (input) => text(await tg.tools.register(input)),
  );
}
