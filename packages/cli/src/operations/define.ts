/**
 * One table for the CLI and the MCP server. Each operation says once what it takes (a zod
 * object built from the contract's schemas), what it does with the SDK, what its MCP tool is
 * called and how its CLI command reads flags and prints; `action`, `list` and `stream` derive
 * the command (commands/derive.ts) and the tool (mcp/derive.ts) from it, so both surfaces check
 * the same input against the same schema and say the same thing when it is wrong.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Tollgate } from '@tollgate/sdk';
import type { Command } from 'commander';
import type { z } from 'zod';
import { actionCommand, listCommand, streamCommand } from '../commands/derive';
import { actionTool, listTool, type McpOptions, streamTool } from '../mcp/derive';
import type { Output } from '../output';

/** What an operation takes: one zod object, the same for both surfaces. */
export type Input = z.ZodObject;

/** How the CLI takes one field of the input. */
export interface CliField {
  /** `<name>` for an argument, `--flag <value>` for an option. */
  spec: string;
  help: string;
  /** Turns the typed text into the value the schema checks (a number, an amount, JSON…). */
  parse?: (text: string) => unknown;
  /** When the option is absent, this other field's value stands in (`--name` → the id). */
  orField?: string;
}

/** A CLI binding for every field of the input (the compiler says which one is missing). */
export type CliFields<I extends Input> = { [K in keyof z.input<I>]-?: CliField };

export interface Tool {
  name: string;
  title: string;
  description: string;
  annotations: ToolAnnotations;
}

interface CommandSpec<I extends Input> {
  /** The words after `tollgate`, e.g. ['agents', 'budget', 'set']. */
  path: readonly string[];
  help: string;
  fields: CliFields<I>;
  examples?: readonly string[];
}

interface Spec<I extends Input> {
  input: I;
  /** The MCP tool; absent: the CLI only. */
  tool?: Tool;
}

/** One call, one result. */
export interface ActionSpec<I extends Input, R> extends Spec<I> {
  run: (tg: Tollgate, input: z.output<I>) => Promise<R>;
  command?: CommandSpec<I> & {
    /** A destructive command: the question it asks (and `--yes` skips). */
    confirm?: (input: z.output<I>) => string;
    /** The line(s) people see; without it, the result as `key  value` details. */
    show?: (out: Output, result: R, input: z.output<I>) => void;
  };
}

/** Items of a paged list: each surface takes at most its `limit` of them. */
export interface ListSpec<I extends Input, R extends object> extends Spec<I> {
  list: (tg: Tollgate, input: z.output<I>) => AsyncIterable<R>;
  command?: CommandSpec<I> & {
    /** The default of `--limit`; without it there is no flag and up to 10 000 rows show. */
    limit?: number;
    columns: string[];
    display?: (row: R) => Record<string, unknown>;
  };
}

/** Events until the thing ends: the CLI prints them as they come, the MCP tool waits a while. */
export interface StreamSpec<I extends Input, E> extends Spec<I> {
  stream: (tg: Tollgate, input: z.output<I>, signal: AbortSignal) => AsyncIterable<E>;
  command?: CommandSpec<I> & { line: (out: Output, event: E) => string };
}

/** An entry of the table, its types closed over. */
export interface Operation {
  tool?: string;
  path?: readonly string[];
  addCommand(parent: Command): void;
  addTool(server: McpServer, tg: Tollgate, options: McpOptions): void;
}

export function action<I extends Input, R>(spec: ActionSpec<I, R>): Operation {
  return {
    tool: spec.tool?.name,
    path: spec.command?.path,
    addCommand: (parent) => spec.command && actionCommand(parent, spec, spec.command),
    addTool: (server, tg) => spec.tool && actionTool(server, tg, spec, spec.tool),
  };
}

export function list<I extends Input, R extends object>(spec: ListSpec<I, R>): Operation {
  return {
    tool: spec.tool?.name,
    path: spec.command?.path,
    addCommand: (parent) => spec.command && listCommand(parent, spec, spec.command),
    addTool: (server, tg) => spec.tool && listTool(server, tg, spec, spec.tool),
  };
}

export function stream<I extends Input, E>(spec: StreamSpec<I, E>): Operation {
  return {
    tool: spec.tool?.name,
    path: spec.command?.path,
    addCommand: (parent) => spec.command && streamCommand(parent, spec, spec.command),
    addTool: (server, tg, options) => spec.tool && streamTool(server, tg, spec, spec.tool, options),
  };
}
