/**
 * `defineTool`: a tool's name, description, zod input schema and handler, with the JSON Schema
 * derived from zod (for MCP listings and for the agent's LLM) and the registration body the
 * Tollgate tool catalog takes. Input is always parsed with the schema before the handler runs.
 */
import type { BodyOf } from '@tollgate/sdk';
import { z } from 'zod';
import { type ToolResult, toolResult } from './status';

/** The catalog's rule for tool names (the contract's ToolCreate `name` pattern). */
export const TOOL_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The JSON Schema of a tool's input (an object schema, as MCP and the catalog require). */
export type JsonSchema = Record<string, unknown>;

/** The body of `tg.tools.register()` (the contract's ToolCreate). */
export type ToolCreate = BodyOf<'registerTool'>;

/** What a handler is given besides its input. */
export interface ToolCallContext {
  /** The agent the runtime serves. */
  agentId: string;
  /** The control plane's governed run of this call (its decision, events and evidence). */
  runId: string;
  /** Aborts when the invocation is abandoned (the caller disconnected). */
  signal: AbortSignal;
}

export interface ToolDefinition<S extends z.ZodObject, O> {
  /** Lower-case letters, digits and `-`, up to 63 characters (the catalog's rule). */
  name: string;
  /** What the tool does, for the model and the catalog. */
  description: string;
  /** The input, as a zod object schema; every call is parsed with it first. */
  input: S;
  /** Runs the tool with parsed input. What it returns is the output the model reads. */
  // Method syntax on purpose: a list of tools of different inputs is a `Tool[]`.
  handler(input: z.output<S>, ctx: ToolCallContext): O | Promise<O>;
}

export interface Tool<S extends z.ZodObject = z.ZodObject, O = unknown>
  extends ToolDefinition<S, O> {
  /** The input's JSON Schema (draft 2020-12, the input side of the zod schema). */
  readonly inputSchema: JsonSchema;
  /** The tool as MCP's `tools/list` describes one. */
  mcp(): { name: string; description: string; inputSchema: JsonSchema };
  /** The body that registers this tool in the Tollgate catalog (`tg.tools.register`), its
   * input's JSON Schema included (`input_schema`, contract 2.20). */
  toolCreate(options: RegisterOptions): ToolCreate;
  /** Parses `raw` and runs the handler, ungoverned: an `error` result for bad input, a
   * `failed` one when the handler throws. The runtime calls it once the control plane allows. */
  execute(raw: unknown, ctx: ToolCallContext): Promise<ToolResult>;
}

export interface RegisterOptions {
  /** Where the tool is served (the catalog requires a URL; for a runtime tool, the runtime's). */
  baseUrl: string;
  /** allow, approval_required or deny. @default the control plane's (the dev server holds for approval) */
  policy?: ToolCreate['policy'];
  /** @default 'none' */
  authType?: ToolCreate['auth_type'];
  /** Only these agents may call it. @default every agent */
  allowedAgents?: string[];
}

/** Defines a tool. Throws a TypeError for a name the catalog would refuse. */
export function defineTool<S extends z.ZodObject, O>(definition: ToolDefinition<S, O>): Tool<S, O> {
  const { name, description, input, handler } = definition;
  if (!TOOL_NAME.test(name))
    throw new TypeError(`tool name ${JSON.stringify(name)} must match ${TOOL_NAME}`);
  const inputSchema = z.toJSONSchema(input, { io: 'input' }) as JsonSchema;
  return Object.freeze({
    name,
    description,
    input,
    handler,
    inputSchema,
    mcp: () => ({ name, description, inputSchema }),
    toolCreate: (o: RegisterOptions): ToolCreate => ({
      name,
      description,
      base_url: o.baseUrl,
      auth_type: o.authType ?? 'none',
      input_schema: inputSchema,
      ...(o.policy ? { policy: o.policy } : {}),
      ...(o.allowedAgents ? { allowed_agents: o.allowedAgents } : {}),
    }),
    async execute(raw: unknown, ctx: ToolCallContext): Promise<ToolResult> {
      const parsed = input.safeParse(raw);
      if (!parsed.success) return invalidInput(name, parsed.error, ctx.runId);
      try {
        const output = await handler(parsed.data, ctx);
        return toolResult({ tool: name, status: 'executed', output, runId: ctx.runId });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return toolResult({ tool: name, status: 'failed', code: 'tool_failed', message });
      }
    },
  });
}

/** The `error` result of input the schema refuses, naming each problem and where it is. */
export function invalidInput(tool: string, error: z.ZodError, runId?: string): ToolResult {
  const message = z.prettifyError(error).replaceAll('\n', '; ');
  return toolResult({ tool, status: 'error', code: 'invalid_input', message, runId });
}
