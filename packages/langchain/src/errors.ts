/**
 * Tollgate's refusals as LangChain reports them. A refused LLM call (402 `budget_exceeded`,
 * 403 `agent_suspended`, …) surfaces as the provider client's own error, which LangChain
 * passes on (`openai`'s and `@anthropic-ai/sdk`'s `APIError`, `@langchain/google`'s
 * `RequestError`, sometimes wrapped with LangChain's error fields or as a `cause`):
 * `tollgateErrorOf` reads the control plane's
 * answer back into the Tollgate SDK's typed error (`BudgetExceededError`,
 * `AgentSuspendedError`, … with status, code and request id), so an agent loop branches on a
 * class or a code, not on a string. The proxy answers in the provider's error envelope as well
 * as problem details, so the code is in the client's error whichever provider threw it.
 */
import { APIError, type Problem } from '@tollgate/sdk';

/** How deep to look for the refusal under wrappers (`cause`, LangChain's retries). */
const MAX_DEPTH = 4;

interface ClientErrorLike {
  status?: unknown;
  error?: unknown;
  /** `@langchain/google`'s RequestError: `statusCode` and the parsed body as `data`. */
  statusCode?: unknown;
  data?: unknown;
  headers?: unknown;
  cause?: unknown;
}

/**
 * The Tollgate refusal inside an error LangChain threw (or the error itself when it is already
 * one of the Tollgate SDK's typed errors), or undefined when the control plane did not refuse
 * (a provider's own error, a network failure, …).
 */
export function tollgateErrorOf(error: unknown, depth = 0): APIError | undefined {
  if (error instanceof APIError) return error;
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return undefined;
  const found = fromClientError(error as ClientErrorLike);
  return found ?? tollgateErrorOf((error as ClientErrorLike).cause, depth + 1);
}

/** Did the agent's budget refuse this call (402 `budget_exceeded`)? */
export function isBudgetExceeded(error: unknown): boolean {
  return tollgateErrorOf(error)?.code === 'budget_exceeded';
}

/** Is the agent suspended (403 `agent_suspended`, never retried)? */
export function isAgentSuspended(error: unknown): boolean {
  return tollgateErrorOf(error)?.code === 'agent_suspended';
}

/**
 * A provider client's error: `status`, and `error`, the body (Anthropic: the whole body,
 * problem details and envelope) or its `error` member (OpenAI: the envelope, `code` in it);
 * or `statusCode` and `data`, the whole body (`@langchain/google`).
 */
function fromClientError(error: ClientErrorLike): APIError | undefined {
  const status = error.status ?? error.statusCode;
  const body = error.error ?? error.data;
  if (typeof status !== 'number' || typeof body !== 'object' || body === null) return undefined;
  const problem = problemOf(body as Record<string, unknown>, status);
  if (!problem) return undefined;
  return APIError.from(status, problem, headersOf(error.headers));
}

function problemOf(fields: Record<string, unknown>, status: number): Problem | undefined {
  // Problem details carry the code at the top; the provider envelope (`error.code`) otherwise.
  const envelope = (fields.error ?? fields) as Record<string, unknown>;
  const code = typeof fields.code === 'string' ? fields.code : envelope.code;
  if (typeof code !== 'string') return undefined;
  const detail = fields.detail ?? envelope.message;
  const requestId = fields.request_id ?? envelope.request_id;
  return {
    ...fields,
    status,
    code,
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof requestId === 'string' ? { request_id: requestId } : {}),
  } as Problem;
}

function headersOf(headers: unknown): Headers {
  if (headers instanceof Headers) return headers;
  if (typeof headers === 'object' && headers !== null)
    return new Headers(
      Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  return new Headers();
}
