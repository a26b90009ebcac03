/**
 * RFC 9457 problem details. Handlers throw HttpProblem; the router turns it into an
 * application/problem+json body with the contract's stable `code` and the request id.
 */

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    /** Extra members of the problem body (errors, missing_scope, retry_after). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problemBody(problem: HttpProblem, requestId: string) {
  return {
    type: `https://docs.tollgate.dev/errors/${problem.code}`,
    title: TITLES[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.message,
    code: problem.code,
    request_id: requestId,
    ...problem.extra,
  };
}

export interface Issue {
  path: string;
  message: string;
}

/** 422 validation_failed naming each field, e.g. `body.name`. */
export const validationFailed = (errors: Issue[]) =>
  new HttpProblem(
    422,
    'validation_failed',
    errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    { errors },
  );

/** The `type` of a problem answered because the shared state (Redis) could not be reached. */
export const STATE_UNAVAILABLE_TYPE = 'https://docs.tollgate.dev/errors/state_unavailable';

/**
 * 503 service_unavailable, typed `state_unavailable`, with Retry-After: the shared state did
 * not answer, so the request was refused rather than let through unchecked.
 */
export const stateUnavailable = (detail: string) =>
  new HttpProblem(
    503,
    'service_unavailable',
    detail,
    { type: STATE_UNAVAILABLE_TYPE, retry_after: 1 },
    { 'Retry-After': '1' },
  );

export const notFound = (what: string) => new HttpProblem(404, 'not_found', `No ${what}.`);
export const invalidState = (detail: string) => new HttpProblem(409, 'invalid_state', detail);
export const agentSuspended = () =>
  new HttpProblem(403, 'agent_suspended', 'The agent is suspended.');
