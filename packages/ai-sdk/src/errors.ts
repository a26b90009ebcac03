/**
 * Tollgate's refusals as the AI SDK reports them. A refused LLM call (402 `budget_exceeded`,
 * 403 `agent_suspended`, …) surfaces as the AI SDK's own `APICallError`, which keeps the
 * control plane's answer only as response text; `tollgateErrorOf` reads it back into the
 * Tollgate SDK's typed error (`BudgetExceededError`, `AgentSuspendedError`, … with status,
 * code and request id), so code branches on a class or a code, not on a string.
 *
 * Nothing here imports `ai` at run time: an `APICallError` is recognised by the marker the AI
 * SDK gives every copy of the class, so this works whichever copy of `ai` threw it.
 */
import { APIError, type Problem } from '@tollgate/sdk';

const API_CALL_ERROR = Symbol.for('vercel.ai.error.AI_APICallError');

interface ApiCallErrorLike {
  statusCode?: number;
  responseBody?: string;
  responseHeaders?: Record<string, string>;
}

/** How deep to look for the refusal under wrappers (RetryError, NoOutputGeneratedError, …). */
const MAX_DEPTH = 4;

/**
 * The Tollgate refusal inside an error the AI SDK threw (or the error itself when it is
 * already one of the Tollgate SDK's typed errors), or undefined when the control plane did
 * not refuse (a provider's own error, a network failure, …).
 */
export function tollgateErrorOf(error: unknown, depth = 0): APIError | undefined {
  if (error instanceof APIError) return error;
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return undefined;
  if (API_CALL_ERROR in error) return fromApiCallError(error as ApiCallErrorLike);
  const wrapped = error as { lastError?: unknown; cause?: unknown; errors?: unknown };
  for (const inner of [wrapped.lastError, wrapped.cause]) {
    const found = tollgateErrorOf(inner, depth + 1);
    if (found) return found;
  }
  if (Array.isArray(wrapped.errors))
    for (const inner of wrapped.errors.slice(-MAX_DEPTH).reverse()) {
      const found = tollgateErrorOf(inner, depth + 1);
      if (found) return found;
    }
  return undefined;
}

/** Did the agent's budget refuse this call (402 `budget_exceeded`)? */
export function isBudgetExceeded(error: unknown): boolean {
  return tollgateErrorOf(error)?.code === 'budget_exceeded';
}

/** Is the agent suspended (403 `agent_suspended`, never retried)? */
export function isAgentSuspended(error: unknown): boolean {
  return tollgateErrorOf(error)?.code === 'agent_suspended';
}

/** The control plane's problem details in the response text (beside the provider's envelope). */
function fromApiCallError(error: ApiCallErrorLike): APIError | undefined {
  const { statusCode, responseBody } = error;
  if (statusCode === undefined || !responseBody) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(responseBody);
  } catch {
    return undefined;
  }
  const problem = problemOf(body);
  if (!problem) return undefined;
  return APIError.from(statusCode, problem, new Headers(error.responseHeaders ?? {}));
}

function problemOf(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  // Problem details carry the code at the top; the provider envelope (`error.code`) is the
  // fallback for a control plane that sends only that.
  const envelope = fields.error as Record<string, unknown> | undefined;
  const code = typeof fields.code === 'string' ? fields.code : envelope?.code;
  if (typeof code !== 'string') return undefined;
  const detail = fields.detail ?? envelope?.message;
  return {
    ...fields,
    code,
    ...(typeof detail === 'string' ? { detail } : {}),
  } as Problem;
}
