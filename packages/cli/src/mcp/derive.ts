/**
 * The MCP half of the operations table: each operation with a `tool` becomes an MCP tool whose
 * input schema is the operation's zod input (the CLI command's too); the MCP SDK checks the
 * arguments against it and the handler gets them typed.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Tollgate } from '@tollgate/sdk';
import { z } from 'zod';
import type { ActionSpec, Input, ListSpec, StreamSpec, Tool } from '../operations/define';
import { take } from '../take';
import { limit, text } from './common';

export interface McpOptions {
  /**
   * A signal that aborts after `ms`: how `tail_run` bounds its wait (tests pass their own).
   * @default AbortSignal.timeout
   */
  timeout?: (ms: number) => AbortSignal;
}

const config = (tool: Tool, inputSchema: Input) => ({
  title: tool.title,
  description: tool.description,
  inputSchema,
  annotations: tool.annotations,
});

export function actionTool<I extends Input, R>(
  server: McpServer,
  tg: Tollgate,
  spec: ActionSpec<I, R>,
  tool: Tool,
) {
  server.registerTool(tool.name, config(tool, spec.input), async (args: unknown) =>
    text(await spec.run(tg, spec.input.parse(args))),
  );
}

const limited = z.object({ limit });

export function listTool<I extends Input, R extends object>(
  server: McpServer,
  tg: Tollgate,
  spec: ListSpec<I, R>,
  tool: Tool,
) {
  server.registerTool(
    tool.name,
    config(tool, spec.input.extend(limited.shape)),
    async (args: unknown) =>
      text(await take(spec.list(tg, spec.input.parse(args)), limited.parse(args).limit)),
  );
}

const waiting = z.object({ max_wait_seconds: z.number().int().min(1).max(300).default(30) });

export function streamTool<I extends Input, E>(
  server: McpServer,
  tg: Tollgate,
  spec: StreamSpec<I, E>,
  tool: Tool,
  options: McpOptions,
) {
  const timeout = options.timeout ?? ((ms: number) => AbortSignal.timeout(ms));
  server.registerTool(
    tool.name,
    config(tool, spec.input.extend(waiting.shape)),
    async (args: unknown) => {
      const signal = timeout(waiting.parse(args).max_wait_seconds * 1000);
      const events: E[] = [];
      for await (const event of spec.stream(tg, spec.input.parse(args), signal)) events.push(event);
      return text(events);
    },
  );
}
