/**
 * The operations table: every operation the CLI and the MCP server share, in the order
 * `tollgate --help` lists them. program.ts adds the commands, mcp/server.ts the tools.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tollgate } from '@tollgate/sdk';
import type { Command } from 'commander';
import type { McpOptions } from '../mcp/derive';
import { agentOperations } from './agents';
import { approvalOperations } from './approvals';
import { budgetGroupOperations } from './budget-groups';
import type { Operation } from './define';
import { keyOperations } from './keys';
import { runOperations } from './runs';
import { toolOperations } from './tools';
import { triggerOperations } from './triggers';
import { usageOperations } from './usage';

export const OPERATIONS: readonly Operation[] = [
  ...agentOperations,
  ...budgetGroupOperations,
  ...toolOperations,
  ...runOperations,
  ...approvalOperations,
  ...usageOperations,
  ...keyOperations,
  ...triggerOperations,
];

/** The help of each command group the table's paths name. */
const GROUPS: Readonly<Record<string, string>> = {
  agents: 'manage agents and their budgets',
  'agents budget': "an agent's budget",
  'budget-groups': 'budgets several agents draw on (a team or project)',
  tools: 'tools agents may call, with their policy',
  runs: 'governed runs and their events',
  approvals: 'human decisions on held calls',
  'api-keys': 'scoped operator API keys',
  triggers: 'HMAC-signed webhook triggers',
};

/** Adds the commands of the operations whose path starts with one of `roots`. */
export function addCommands(program: Command, roots: readonly string[]) {
  for (const op of OPERATIONS) {
    if (!op.path?.[0] || !roots.includes(op.path[0])) continue;
    let parent = program;
    op.path.slice(0, -1).forEach((word, i) => {
      const group = op.path?.slice(0, i + 1).join(' ') ?? word;
      parent =
        parent.commands.find((c) => c.name() === word) ??
        parent.command(word).description(GROUPS[group] ?? word);
    });
    op.addCommand(parent);
  }
}

export function addTools(server: McpServer, tg: Tollgate, options: McpOptions = {}) {
  for (const op of OPERATIONS) op.addTool(server, tg, options);
}
