/** Tools agents may call: `tollgate tools …` and the tool MCP tools. */
import { zListToolsQuery, zToolCreate } from '@tollgate/api/schemas';
import { z } from 'zod';
import { ADD, READ } from '../mcp/common';
import { action, list } from './define';
import { arg, described, flag, id } from './fields';

export const toolOperations = [
  list({
    tool: {
      name: 'list_tools',
      title: 'List tools',
      description:
        'Tools agents may call, with the policy that governs each; `name` finds the tool behind a framework tool name.',
      annotations: READ,
    },
    input: z.object({
      name: described(zListToolsQuery.shape.name, 'only the tool of this name (`_` matches `-`)'),
    }),
    list: (tg, query) => tg.tools.list(query),
    command: {
      path: ['tools', 'list'],
      help: 'list registered tools',
      fields: { name: flag('--name <name>', 'only the tool of this name (`_` matches `-`)') },
      columns: ['id', 'name', 'policy', 'auth_type', 'base_url'],
    },
  }),
  action({
    tool: {
      name: 'register_tool',
      title: 'Register a tool',
      description: 'MUTATION: register a tool agents may call, with its policy.',
      annotations: ADD,
    },
    input: z.object({
      name: zToolCreate.shape.name,
      base_url: zToolCreate.shape.base_url,
      auth_type: z._default(zToolCreate.shape.auth_type, 'none'),
      policy: z._default(zToolCreate.shape.policy, 'approval_required'),
    }),
    run: (tg, tool) => tg.tools.register(tool),
    command: {
      path: ['tools', 'register'],
      help: 'register a tool and the policy that governs calls to it',
      fields: {
        name: arg('<name>', 'the tool name'),
        base_url: flag('--base-url <url>', 'where the tool is served'),
        auth_type: flag('--auth-type <type>', 'how the control plane authenticates to it'),
        policy: flag('--policy <policy>', 'what a call needs'),
      },
      show: (out, tool) => out.line(`registered ${tool.name} (${tool.id}), policy ${tool.policy}`),
      examples: [
        'tollgate tools register ledger --base-url https://ledger.internal --policy approval_required',
      ],
    },
  }),
  action({
    input: z.object({ tool_id: id('the tool') }),
    run: async (tg, { tool_id }) => {
      await tg.tools.delete(tool_id);
      return { deleted: tool_id };
    },
    command: {
      path: ['tools', 'delete'],
      help: 'delete a tool: calls to it are refused',
      fields: { tool_id: arg('<tool-id>', 'the tool') },
      confirm: ({ tool_id }) => `delete tool ${tool_id}`,
      show: (out, { deleted }) => out.line(`deleted ${deleted}`),
    },
  }),
];
