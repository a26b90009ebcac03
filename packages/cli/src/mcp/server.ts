/**
 * `tollgate mcp`: the operator's job as MCP tools for AI coding assistants, over stdio. Every
 * tool has an input schema and annotations: reads are `readOnlyHint: true`; every tool that
 * changes something says so in its description (MUTATION) and in `destructiveHint` /
 * `idempotentHint`, so a host can ask its user before calling it.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { SDK_VERSION, type Tollgate } from '@tollgate/sdk';
import { addTools } from '../operations';
import type { McpOptions } from './derive';

/** The MCP server with a tool for each operation of the table that names one. */
export function createMcpServer(tg: Tollgate, options: McpOptions = {}): McpServer {
  const server = new McpServer({ name: 'tollgate', version: SDK_VERSION });
  addTools(server, tg, options);
  return server;
}

export async function serveMcp(tg: Tollgate): Promise<void> {
  await createMcpServer(tg).connect(new StdioServerTransport());
}
