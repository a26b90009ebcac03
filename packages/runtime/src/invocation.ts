/**
 * One invocation of the agent's handler: the request as the handler sees it, the context it
 * calls tools and writes content through, and what comes out (the response and every tool
 * call). Events go to a sink as they happen, which is how /invoke/stream streams them.
 */
import type { VerifiedAgent } from '@tollgate/identity';
import type { AgentIdentity } from '@tollgate/sdk';
import { z } from 'zod';
import { type CallScope, type GovernedTool, governedCall } from './governance';
import type { HeldCalls } from './held-calls';
import type { ToolResult } from './status';
import type { Tool } from './tool';
import { type RuntimeTracing, tracedToolCall } from './tracing';

/** The body of POST /invoke and /invoke/stream. */
export const invokeBody = z.object({
  message: z.string(),
  history: z
    .array(z.object({ role: z.enum(['system', 'user', 'assistant', 'tool']), content: z.string() }))
    .default([]),
});
/** The body of POST /resume/{approval_id}: the conversation to continue (all optional). */
export const resumeBody = invokeBody.partial();

export type ChatMessage = z.output<typeof invokeBody>['history'][number];

export interface AgentRequest {
  message: string;
  history: ChatMessage[];
  /** On POST /resume: the held call the operator approved, now run (or refused). */
  resumed?: { approvalId: string; result: ToolResult };
}

export interface AgentContext {
  /** The agent this runtime serves (its `fetch`, `openai()`, `runs`, …). */
  agent: AgentIdentity;
  /** The verified agent calling this runtime, or null (unauthenticated requests allowed). */
  caller: VerifiedAgent | null;
  /** The tools, for the model's tool list (`tool.inputSchema`). */
  tools: readonly Tool[];
  /**
   * Calls a tool through the control plane. Always resolves to a result whose text starts
   * with `STATUS:`; throws only AgentSuspendedError (the agent was suspended: stop the loop).
   */
  callTool(name: string, input: unknown): Promise<ToolResult>;
  /** Streams a piece of the answer (an SSE `delta`; concatenated into the response otherwise). */
  write(delta: string): void;
  /** Aborts when the caller goes away. */
  signal: AbortSignal;
}

/** The agent: takes a request, calls tools, returns its answer (or writes it and returns nothing). */
export type AgentHandler = (
  request: AgentRequest,
  ctx: AgentContext,
) => Promise<string | { response: string } | undefined>;

/** A tool call as the wire shows it. */
export interface ToolCallRecord {
  tool: string;
  status: ToolResult['status'];
  text: string;
  approval_id?: string;
  run_id?: string;
  code?: string;
}

export interface InvocationResult {
  response: string;
  tool_calls: ToolCallRecord[];
}

export type InvocationEvent =
  | { event: 'tool_call'; data: { tool: string; input: unknown } }
  | { event: 'tool_result'; data: ToolCallRecord }
  | { event: 'delta'; data: { content: string } };

export interface Invocation {
  agent: AgentIdentity;
  tools: readonly Tool[];
  governed: ReadonlyMap<string, GovernedTool>;
  held: HeldCalls;
  handler: AgentHandler;
  tracing?: RuntimeTracing | undefined;
}

export function record(result: ToolResult): ToolCallRecord {
  const { tool, status, text, approvalId, runId, code } = result;
  return {
    tool,
    status,
    text,
    ...(approvalId ? { approval_id: approvalId } : {}),
    ...(runId ? { run_id: runId } : {}),
    ...(code ? { code } : {}),
  };
}

/** Runs the handler once; an AgentSuspendedError (or any handler error) propagates. */
export async function invoke(
  runtime: Invocation,
  request: AgentRequest,
  caller: VerifiedAgent | null,
  signal: AbortSignal,
  emit: (event: InvocationEvent) => void = () => {},
): Promise<InvocationResult> {
  const scope: CallScope = {
    agent: runtime.agent,
    held: runtime.held,
    callerId: caller?.agentId ?? null,
    signal,
  };
  const calls: ToolCallRecord[] = [];
  let written = '';
  const ctx: AgentContext = {
    agent: runtime.agent,
    caller,
    tools: runtime.tools,
    signal,
    async callTool(name, input) {
      emit({ event: 'tool_call', data: { tool: name, input } });
      const entry = runtime.governed.get(name);
      const traced = { name, description: entry?.tool.description };
      const result = await tracedToolCall(runtime.tracing, traced, () =>
        governedCall(scope, entry, name, input),
      );
      const done = record(result);
      calls.push(done);
      emit({ event: 'tool_result', data: done });
      return result;
    },
    write(delta) {
      written += delta;
      emit({ event: 'delta', data: { content: delta } });
    },
  };
  const answer = await runtime.handler(request, ctx);
  const response = typeof answer === 'string' ? answer : (answer?.response ?? written);
  return { response, tool_calls: calls };
}
