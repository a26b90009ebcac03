/** What a handler receives about one request and what it returns. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationInfo } from '@tollgate/api';

/** Who is calling: an operator credential, an agent identity, or nobody (public operations). */
export interface Principal {
  type: 'api_key' | 'oauth_client' | 'agent' | 'public';
  id: string;
  name: string;
  scopes: string[];
  /** Set for agent identities. */
  agentId?: string;
  runId?: string;
}

/** Everything a handler gets about one request, already validated against the contract. */
export interface Context {
  op: OperationInfo;
  req: IncomingMessage;
  requestId: string;
  path: Record<string, string>;
  query: Record<string, unknown>;
  /** Header parameters of the operation, by their contract names (e.g. `Last-Event-ID`). */
  headers: Record<string, string>;
  body: unknown;
  /** The exact body bytes (proof binding, trigger signatures, upstream forwarding). */
  rawBody: Buffer;
  principal: Principal;
}

/** What a handler returns; the router writes it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Writes the body itself (SSE): the router sends the status and headers only. */
  stream?: (res: ServerResponse) => void;
}

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});
export const noContent = (): Reply => ({ status: 204 });
