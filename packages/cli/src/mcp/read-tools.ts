/** The read-only MCP tools: agents, runs, approvals, usage, the audit log, keys, triggers, tools. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tollgate } from '@tollgate/sdk';
import { z } from 'zod';
import { AGENT_STATUSES, APPROVAL_STATUSES, RUN_STATUSES } from '../vocabulary';
import { limit, READ, take, text } from './common';

const id = (what: string) => z.string().min(1).describe(what);

export function registerReadTools(server: McpServer, tg: Tollgate) {
  server.registerTool(
    'list_agents',
    {
      title: 'List agents',
      description: 'List agents with their status and budget.',
      inputSchema: { status: z.enum(AGENT_STATUSES).optional(), limit },
      annotations: READ,
    },
    async ({ status, limit: n }) => text(await take(tg.agents.list({ status }), n)),
  );
  server.registerTool(
    'get_agent',
    {
      title: 'Get an agent',
      description: 'One agent with its budget (spent, limit, alert threshold).',
      inputSchema: { agent_id: id('the agent') },
      annotations: READ,
    },
    async ({ agent_id }) => text(await tg.agents.get(agent_id)),
  );
  server.registerTool(
    'list_runs',
    {
      title: 'List runs',
      description: 'List governed runs, newest first.',
      inputSchema: {
        agent_id: id("only this agent's runs").optional(),
        status: z.enum(RUN_STATUSES).optional(),
        limit,
      },
      annotations: READ,
    },
    async ({ agent_id, status, limit: n }) =>
      text(await take(tg.runs.list({ agent_id, status }), n)),
  );
  server.registerTool(
    'get_run',
    {
      title: 'Get a run',
      description: 'One run and its events so far.',
      inputSchema: { run_id: id('the run') },
      annotations: READ,
    },
    async ({ run_id }) =>
      text({ run: await tg.runs.get(run_id), events: await take(tg.runs.events(run_id), 500) }),
  );
  server.registerTool(
    'tail_run',
    {
      title: 'Follow a run',
      description: "Follow a run's events until it ends or the wait runs out.",
      inputSchema: {
        run_id: id('the run'),
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
      title: 'List approvals',
      description: 'List approvals (pending by default): the calls waiting for a human decision.',
      inputSchema: {
        status: z.enum(APPROVAL_STATUSES).default('pending'),
        limit,
      },
      annotations: READ,
    },
    async ({ status, limit: n }) => text(await take(tg.approvals.list({ status }), n)),
  );
  server.registerTool(
    'get_usage',
    {
      title: 'Get usage',
      description: 'Spend (micro-dollars) and tokens over a period, by agent and by model.',
      inputSchema: {
        agent_id: id('only this agent').optional(),
        from: z.string().optional().describe('start, ISO 8601 (default: the start of this month)'),
        to: z.string().optional().describe('end, ISO 8601 (default: now)'),
      },
      annotations: READ,
    },
    async (query) => text(await tg.usage.get(query)),
  );
  server.registerTool(
    'list_audit_log',
    {
      title: 'Read the audit log',
      description: 'Audit entries, oldest first: who did what to which agent, run or key.',
      inputSchema: {
        agent_id: id("only this agent's entries").optional(),
        action: z.string().optional().describe('only this action, e.g. agent.suspended'),
        since: z.string().optional().describe('from this time, ISO 8601'),
        until: z.string().optional().describe('up to this time, ISO 8601'),
        limit,
      },
      annotations: READ,
    },
    async ({ limit: n, ...query }) => text(await take(tg.auditLog.list(query), n)),
  );
  server.registerTool(
    'list_api_keys',
    {
      title: 'List API keys',
      description: 'Operator API keys with their scopes (never their secrets).',
      inputSchema: { limit },
      annotations: READ,
    },
    async ({ limit: n }) => text(await take(tg.apiKeys.list(), n)),
  );
  server.registerTool(
    'list_triggers',
    {
      title: 'List triggers',
      description: 'Webhook triggers and what service request each makes.',
      inputSchema: { limit },
      annotations: READ,
    },
    async ({ limit: n }) => text(await take(tg.triggers.list(), n)),
  );
  server.registerTool(
    'list_tools',
    {
      title: 'List tools',
      description: 'Tools agents may call, with the policy that governs each.',
      inputSchema: { limit },
      annotations: READ,
    },
    async ({ limit: n }) => text(await take(tg.tools.list(), n)),
  );
}
