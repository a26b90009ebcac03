/** tollgate mcp: the operator's tools for AI assistants, over stdio. */
import type { Command } from 'commander';
import { serveMcp } from '../mcp/server';
import { act } from './action';

export function registerMcp(program: Command) {
  program
    .command('mcp')
    .description('serve the operator surface as MCP tools over stdio (for AI coding assistants)')
    .addHelpText(
      'after',
      '\nIn .mcp.json: { "mcpServers": { "tollgate": { "command": "npx", "args": ["-y", "@tollgate/cli", "mcp"] } } }',
    )
    .action(
      act(async ({ client }) => {
        await serveMcp(client());
        // Keep serving until the client closes stdin.
        await new Promise<void>((resolve) => process.stdin.once('close', resolve));
      }),
    );
}
