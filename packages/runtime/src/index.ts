/**
 * @tollgate/runtime: the agent runtime. `defineTool` (zod input, JSON Schema for MCP and the
 * model), `registerTools` (the Tollgate catalog), `serveAgent` (POST /invoke, POST
 * /invoke/stream, POST /resume/{approval_id}, GET /healthz, GET /readyz), every tool call
 * governed by the control plane and answered with a `STATUS:` line.
 */
export { type AgentAppOptions, createAgentApp } from './app';
export type { CallerOptions } from './callers';
export { type RegisterToolsOptions, registerTools } from './catalog';
export type { HeldCall } from './held-calls';
export type {
  AgentContext,
  AgentHandler,
  AgentRequest,
  ChatMessage,
  InvocationResult,
  ToolCallRecord,
} from './invocation';
export { type AgentServer, type ServeAgentOptions, serveAgent } from './serve';
export { statusOf, TOOL_STATUSES, type ToolResult, type ToolStatus, toolResult } from './status';
export {
  defineTool,
  type JsonSchema,
  type RegisterOptions,
  TOOL_NAME,
  type Tool,
  type ToolCallContext,
  type ToolCreate,
  type ToolDefinition,
} from './tool';
export type { RuntimeTracing, TracedRequest, TracedResponse, TracedToolCall } from './tracing';
