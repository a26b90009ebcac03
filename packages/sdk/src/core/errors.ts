/**
 * Every error the SDK throws. Each carries what a caller needs to branch and to report
 * (status, machine code, request id, the problem body) and never a credential: messages are
 * built from the problem's title/detail and the SDK's own words only.
 */

/** The problem details body the control plane answers errors with (RFC 9457). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  errors?: { path: string; message: string }[];
  missing_scope?: string;
  retry_after?: number;
  [key: string]: unknown;
}

/** Base class of everything the SDK throws. */
export class TollgateError extends Error {
  override name = 'TollgateError';
}

/** Options every error may carry. */
interface ErrorInit {
  cause?: unknown;
}

/** The control plane answered with a non-2xx status. */
export class APIError extends TollgateError {
  override name = 'APIError';
  /** HTTP status. */
  readonly status: number;
  /** Stable machine code from the problem body (`not_found`, `budget_exceeded`, …). */
  readonly code: string | undefined;
  /** The X-Request-Id of the failed response: quote it when asking for support. */
  readonly requestId: string | undefined;
  /** The parsed problem details, or undefined when the body was not a problem. */
  readonly problem: Problem | undefined;
  /** Response headers of the failed response. */
  readonly headers: Headers;

  constructor(status: number, problem: Problem | undefined, headers: Headers, init?: ErrorInit) {
    super(describe(status, problem, headers), init);
    this.status = status;
    this.problem = problem;
    this.code = problem?.code;
    this.headers = headers;
    this.requestId = headers.get('x-request-id') ?? problem?.request_id ?? undefined;
  }

  /** Picks the subclass that names what went wrong, from the status and the problem code. */
  static from(status: number, problem: Problem | undefined, headers: Headers): APIError {
    const Class = errorClassFor(status, problem?.code);
    return new Class(status, problem, headers);
  }
}

function describe(status: number, problem: Problem | undefined, headers: Headers): string {
  const what = problem?.detail ?? problem?.title ?? `HTTP ${status}`;
  const code = problem?.code ? ` (${problem.code})` : '';
  const scope = problem?.missing_scope ? ` [missing scope: ${problem.missing_scope}]` : '';
  const field = problem?.errors?.length
    ? `: ${problem.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`
    : '';
  const id = headers.get('x-request-id') ?? problem?.request_id;
  return `${status}${code} ${what}${field}${scope}${id ? ` [request ${id}]` : ''}`;
}

export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: missing, invalid, expired or revoked credentials. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: authenticated but not allowed; `problem.missing_scope` names the scope. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 403 agent_suspended: an operator suspended this agent. Never retried. */
export class AgentSuspendedError extends PermissionDeniedError {
  override name = 'AgentSuspendedError';
}
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409: the resource is not in a state that allows this. */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 409 idempotency_key_reused / idempotency_key_in_use. */
export class IdempotencyConflictError extends ConflictError {
  override name = 'IdempotencyConflictError';
}
/** 402 budget_exceeded: the agent's budget cannot cover the call. Never retried. */
export class BudgetExceededError extends APIError {
  override name = 'BudgetExceededError';
}
/** 422: the request failed the contract's validation; `problem.errors` names each field. */
export class ValidationError extends APIError {
  override name = 'ValidationError';
}
/** 429: slow down. `retryAfter` is in seconds when the server said. */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  get retryAfter(): number | undefined {
    const header = Number(this.headers.get('retry-after'));
    if (Number.isFinite(header) && header >= 0) return header;
    return this.problem?.retry_after;
  }
}
/** 5xx. */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

function errorClassFor(status: number, code: string | undefined): typeof APIError {
  if (code === 'agent_suspended') return AgentSuspendedError;
  if (code === 'budget_exceeded') return BudgetExceededError;
  if (code === 'idempotency_key_reused' || code === 'idempotency_key_in_use') {
    return IdempotencyConflictError;
  }
  if (status >= 500) return InternalServerError;
  const byStatus: Record<number, typeof APIError> = {
    400: BadRequestError,
    401: AuthenticationError,
    402: BudgetExceededError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: ValidationError,
    429: RateLimitError,
  };
  return byStatus[status] ?? APIError;
}

/** The request never got a usable answer: DNS, refused or reset connection, truncated body. */
export class ConnectionError extends TollgateError {
  override name = 'ConnectionError';
}
/** An attempt or the whole call took longer than its timeout. */
export class TimeoutError extends TollgateError {
  override name = 'TimeoutError';
}
/** The caller's AbortSignal fired. */
export class AbortError extends TollgateError {
  override name = 'AbortError';
}
/** A 2xx response did not match the contract (validate: 'strict'). */
export class ResponseValidationError extends TollgateError {
  override name = 'ResponseValidationError';
  constructor(
    message: string,
    /** Where in the body each mismatch is, e.g. `data.0.status`. */
    readonly issues: { path: string; message: string }[],
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}
/** A certificate the control plane issued did not verify against the pinned CA key or JWKS. */
export class CertificateVerificationError extends TollgateError {
  override name = 'CertificateVerificationError';
  constructor(
    message: string,
    readonly code: string,
    init?: ErrorInit,
  ) {
    super(message, init);
  }
}
/** The client has no credential an operation accepts. */
export class MissingCredentialError extends TollgateError {
  override name = 'MissingCredentialError';
}
/** Saving or loading stored credentials failed; the previously stored ones are intact. */
export class CredentialStoreError extends TollgateError {
  override name = 'CredentialStoreError';
  constructor(
    message: string,
    readonly code: string,
    init?: ErrorInit,
  ) {
    super(message, init);
  }
}
