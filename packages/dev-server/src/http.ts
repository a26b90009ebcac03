/** Responses the dev server sends: JSON, problem details (RFC 9457) and no-content. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationInfo } from '@tollgate/api';

export interface Principal {
  type: 'api_key' | 'oauth_client' | 'agent' | 'public';
  id: string;
  name: string;
  scopes: string[];
  /** Set for agent identities. */
  agentId?: string;
  runId?: string;
}

/** Everything a handler gets about one request. */
export interface Context {
  op: OperationInfo;
  req: IncomingMessage;
  requestId: string;
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  body: unknown;
  rawBody: Buffer;
  principal: Principal;
}

/** What a handler returns; the router writes it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Writes the body itself (SSE): the router sends headers only. */
  stream?: (res: ServerResponse) => void;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
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

export function problemBody(
  status: number,
  code: string,
  detail: string,
  requestId: string,
  extra: Record<string, unknown> = {},
) {
  return {
    type: `https://docs.tollgate.dev/errors/${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    request_id: requestId,
    ...extra,
  };
}

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});
export const noContent = (): Reply => ({ status: 204 });

export const notFound = (what: string) => new HttpProblem(404, 'not_found', `No ${what}.`);
export const invalidState = (detail: string) => new HttpProblem(409, 'invalid_state', detail);
