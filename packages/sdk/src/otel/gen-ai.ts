/**
 * The GenAI semantic conventions as the integrations (@tollgate/ai-sdk, @tollgate/langchain)
 * record them, in one place: `chat {model}` spans for LLM calls through the proxy and
 * `execute_tool {name}` spans for governed tool calls, with Tollgate's own attributes (the
 * proxy's cost, the approval id, the certificate serial). Never a prompt, a completion, a
 * tool's input or output, a key, a certificate or a proof.
 */
import {
  type Attributes,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
} from '@opentelemetry/api';

export interface ChatSpanStart {
  /** `gen_ai.provider.name`: `openai`, `anthropic`, `gcp.gemini`. */
  provider: string;
  /** `gen_ai.request.model`. */
  model: string;
  /** `tollgate.certificate_serial`: the serial of the agent's certificate (not secret). */
  certificateSerial?: string | undefined;
}

/** Starts a `chat {model}` CLIENT span (as a child of the active span). */
export function startChatSpan(tracer: Tracer, start: ChatSpanStart): Span {
  const attributes: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': start.provider,
    'gen_ai.request.model': start.model,
  };
  if (start.certificateSerial) attributes['tollgate.certificate_serial'] = start.certificateSerial;
  return tracer.startSpan(`chat ${start.model}`, { kind: SpanKind.CLIENT, attributes });
}

export interface ChatOutcome {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  /** `gen_ai.response.model`. */
  responseModel?: string | undefined;
  /** `gen_ai.response.id`. */
  responseId?: string | undefined;
  /** The proxy's response headers: cost, request id. */
  headers?: Record<string, string> | Headers | undefined;
}

/** Records what a chat call answered (usage, Tollgate's headers); call it once or more. */
export function recordChat(span: Span, outcome: ChatOutcome): void {
  const { inputTokens, outputTokens, responseModel, responseId, headers } = outcome;
  if (inputTokens !== undefined) span.setAttribute('gen_ai.usage.input_tokens', inputTokens);
  if (outputTokens !== undefined) span.setAttribute('gen_ai.usage.output_tokens', outputTokens);
  if (responseModel) span.setAttribute('gen_ai.response.model', responseModel);
  if (responseId) span.setAttribute('gen_ai.response.id', responseId);
  if (headers) span.setAttributes(tollgateHeaderAttributes(headers));
}

/**
 * Tollgate's attributes from the proxy's response headers: `tollgate.cost_micros`
 * (`X-Tollgate-Cost-Micros`), `tollgate.budget_remaining_micros`
 * (`X-Tollgate-Budget-Remaining-Micros`, control plane 2.21+: what the agent's budget has left
 * after the call; absent on an unlimited budget and on a stream, whose headers precede the
 * charge) and `tollgate.request_id` (`X-Request-Id`).
 */
export function tollgateHeaderAttributes(headers: Record<string, string> | Headers): Attributes {
  const get = (name: string) =>
    headers instanceof Headers
      ? headers.get(name)
      : (Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? null);
  const attributes: Attributes = {};
  const cost = Number(get('x-tollgate-cost-micros') ?? Number.NaN);
  if (Number.isFinite(cost)) attributes['tollgate.cost_micros'] = cost;
  const remaining = Number(get('x-tollgate-budget-remaining-micros') ?? Number.NaN);
  if (Number.isFinite(remaining)) attributes['tollgate.budget_remaining_micros'] = remaining;
  const requestId = get('x-request-id');
  if (requestId) attributes['tollgate.request_id'] = requestId;
  return attributes;
}

export interface ToolSpanStart {
  /** `gen_ai.tool.name`. */
  name: string;
  /** `gen_ai.tool.call.id`. */
  callId?: string | undefined;
  /** `gen_ai.tool.description`. */
  description?: string | undefined;
}

/** Starts an `execute_tool {name}` INTERNAL span. */
export function startToolSpan(tracer: Tracer, start: ToolSpanStart): Span {
  const attributes: Attributes = {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': start.name,
    'gen_ai.tool.type': 'function',
  };
  if (start.callId) attributes['gen_ai.tool.call.id'] = start.callId;
  if (start.description) attributes['gen_ai.tool.description'] = start.description;
  return tracer.startSpan(`execute_tool ${start.name}`, { kind: SpanKind.INTERNAL, attributes });
}

export interface ToolOutcome {
  /** `tollgate.tool_status`: executed, approval_required, blocked, failed, running, error. */
  status?: string | undefined;
  /** `tollgate.approval_id` of a call held for approval. */
  approvalId?: string | undefined;
  /** `tollgate.run_id`. */
  runId?: string | undefined;
  /** `tollgate.service_request_id`: the service request a catalog operation's call made. */
  requestId?: string | undefined;
  /** The refusal's or the failure's machine code (`error.type`). */
  code?: string | undefined;
}

/** Records a governed tool call's outcome; blocked, failed and error mark the span an error. */
export function recordTool(span: Span, outcome: ToolOutcome): void {
  const { status, approvalId, runId, requestId, code } = outcome;
  if (status) span.setAttribute('tollgate.tool_status', status);
  if (approvalId) span.setAttribute('tollgate.approval_id', approvalId);
  if (runId) span.setAttribute('tollgate.run_id', runId);
  if (requestId) span.setAttribute('tollgate.service_request_id', requestId);
  if (status === 'blocked' || status === 'failed' || status === 'error') {
    span.setAttribute('error.type', code ?? status);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** Marks `span` failed with `error`'s name and (already redacted) message, and ends it. */
export function endWithError(span: Span, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = 'code' in e ? e.code : undefined;
  span.setAttribute('error.type', typeof code === 'string' ? code : e.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: e.message });
  span.end();
}
