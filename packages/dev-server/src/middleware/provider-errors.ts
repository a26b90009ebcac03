/**
 * The problem of an LLM proxy operation, also in the provider's own error envelope, so each
 * official client surfaces it typed. The problem members stay beside it for everyone else
 * (and the problem's `type` URI stays at the top: Anthropic's envelope has `type: "error"`
 * there, but its client reads only `error.type`):
 * - OpenAI: `error.{message, type, param, code}`, `code` being Tollgate's stable code;
 * - Anthropic: `error.{type, message}` (and `code`);
 * - Google: `error.{code, message, status, details}`, `code` the HTTP status as Google sends
 *   it, Tollgate's code as the `reason` of a `google.rpc.ErrorInfo` detail.
 */
import type { problemBody } from './problem';

export type ProxiedProvider = 'openai' | 'anthropic' | 'google';

const OPENAI_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'insufficient_quota',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};
const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
  503: 'overloaded_error',
};
/** google.rpc.Code names, as the Gemini API answers them per HTTP status. */
const GOOGLE_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  402: 'RESOURCE_EXHAUSTED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  422: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
};

export function providerProblemBody(
  provider: ProxiedProvider,
  body: ReturnType<typeof problemBody>,
) {
  const { status, detail: message, code, request_id } = body;
  if (provider === 'openai') {
    const type = OPENAI_TYPES[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
    return { ...body, error: { message, type, param: null, code, request_id } };
  }
  if (provider === 'anthropic') {
    const type = ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return { ...body, error: { type, message, code, request_id } };
  }
  const reason = {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: code,
    domain: 'tollgate.dev',
    metadata: { request_id },
  };
  const googleStatus = GOOGLE_STATUSES[status] ?? (status >= 500 ? 'INTERNAL' : 'UNKNOWN');
  return { ...body, error: { code: status, message, status: googleStatus, details: [reason] } };
}
