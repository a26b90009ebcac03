/**
 * Every error the SDK throws. Each carries what a caller needs to branch and to report
 * (status, machine code, request id, the problem body) and never a credential: every part —
 * message, problem, headers, cause, and so `toJSON` and `util.inspect` — passes through the
 * redactor at construction, the client's own (which knows its exact credentials) where the
 * error comes from a call.
 */
import { patternRedactor, type Redactor } from '../internal/redact';

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

/** Options every error may carry. */
export interface ErrorInit {
  cause?: unknown;
  /** Masks the message, cause and any server-supplied part. @default the patterns alone */
  redactor?: Redactor | undefined;
}

/** Base class of everything the SDK throws. */
export class TollgateError extends Error {
  override name = 'TollgateError';

  constructor(message: string, init?: ErrorInit) {
    const redactor = init?.redactor ?? patternRedactor;
    // The redactor itself is never kept: it holds the client's credentials.
    const cause = init && 'cause' in init ? { cause: redactor.cause(init.cause) } : undefined;
    super(redactor.text(message), cause);
  }

  /** What `JSON.stringify(error)` writes: name, message and the error's own fields. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'headers' && key !== 'cause' && !(key in out)) out[key] = value;
    }
    return out;
  }
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
  /** Response headers of the failed response (credential headers masked). */
  readonly headers: Headers;

  constructor(status: number, problem: Problem | undefined, headers: Headers, init?: APIErrorInit) {
    const redactor = init?.redactor ?? patternRedactor;
    const safeProblem = problem === undefined ? undefined : redactor.value(problem);
    const safeHeaders = redactor.headers(headers);
    super(describe(status, safeProblem, safeHeaders, init?.body), init);
    this.status = status;
    this.problem = safeProblem;
    this.code = safeProblem?.code;
    this.headers = safeHeaders;
    this.requestId = safeHeaders.get('x-request-id') ?? safeProblem?.request_id ?? undefined;
  }

  /** Picks the subclass that names what went wrong, from the status and the problem code. */
  static from(
    status: number,
    problem: Problem | undefined,
    headers: Headers,
    init?: APIErrorInit,
  ): APIError {
    const Class = errorClassFor(status, problem?.code);
    return new Class(status, problem, headers, init);
  }
}

export interface APIErrorInit extends ErrorInit {
  /** The response body when it was not JSON (a proxy's error page): its start is quoted. */
  body?: string | undefined;
}

/** The first words of a non-JSON body, tags and runs of spaces removed. */
function quote(body: string | undefined): string | undefined {
  const text = body
    ?.replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return undefined;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function describe(
  status: number,
  problem: Problem | undefined,
  headers: Headers,
  body: string | undefined,
): string {
  const what = problem?.detail ?? problem?.title ?? quote(body) ?? `HTTP ${status}`;
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
  /** Where in the body each mismatch is, e.g. `data.0.status`. */
  readonly issues: { path: string; message: string }[];
  constructor(
    message: string,
    issues: { path: string; message: string }[],
    readonly requestId: string | undefined,
    init?: ErrorInit,
  ) {
    super(message, init);
    this.issues = (init?.redactor ?? patternRedactor).value(issues);
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
/**
 * The CLI's config file exists but could not be read or is not a Tollgate config (thrown by
 * `loadConfig()` and the other config helpers of `@tollgate/sdk/node`).
 */
export class ConfigFileError extends TollgateError {
  override name = 'ConfigFileError';
  constructor(
    message: string,
    /** The file. */
    readonly path: string,
    /** 1-based line of a JSON syntax error, when there is one. */
    readonly line?: number,
    init?: ErrorInit,
  ) {
    super(message, init);
  }
}
